import { shallowRef } from 'vue'
import type { PortalBrand } from '../../api/types.ts'
import { api } from './api.ts'

/** The conservatoire's name and logo, asked once per visit (the answer is public and cached). */
export const brand = shallowRef<PortalBrand | null>(null)

let asked: Promise<void> | null = null
export function loadBrand(): Promise<void> {
  asked ??= api
    .brand()
    .then((answer) => {
      brand.value = answer
    })
    .catch(() => {
      asked = null // tried again at the next page
    })
  return asked
}
