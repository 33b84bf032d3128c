import { ref } from 'vue'
import type { StaffMe } from '../../extranet/api/types.ts'
import { api } from './api.ts'

/** The logged-in staff member; null when nobody is. */
export const me = ref<StaffMe | null>(null)

/** The search and page of the Familles list, kept for the way back from a family. */
export const familiesQuery = ref<Record<string, string>>({})

/** A message for the login page (session expired, logged out). */
export const flash = ref<{ type: 'info' | 'warning'; text: string } | null>(null)

export async function ensureSession(): Promise<boolean> {
  if (me.value) return true
  try {
    me.value = await api.me()
    return true
  } catch {
    return false
  }
}

export async function logout(): Promise<void> {
  try {
    await api.logout()
  } finally {
    me.value = null
    flash.value = { type: 'info', text: 'Vous êtes déconnecté.' }
  }
}
