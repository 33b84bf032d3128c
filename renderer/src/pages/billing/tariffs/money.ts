// Amounts as the tariffs' fields show and read them: "180,00" (the € is beside the field).
import { euros, parseEuros } from '../../../../../db/rules/billing.ts'

/** "180,00" from 18000 cents. */
export function plainEuros(cents: number | null | undefined): string {
  return cents === null || cents === undefined ? '' : euros(cents).replace(/\s€$/, '')
}

/** Cents from what was typed, null when empty; undefined when it is not an amount. */
export function typedCents(text: string): number | null | undefined {
  if (text.trim() === '') return null
  const cents = parseEuros(text)
  return cents === null || cents < 0 ? undefined : cents
}

/** "10" from 1000 basis points; "12,5" from 1250. */
export function plainPercent(rateBp: number): string {
  return String(rateBp / 100).replace('.', ',')
}

/** Basis points from "10" or "12,5"; undefined when it is not a percentage 0–100. */
export function typedRate(text: string): number | undefined {
  const value = Number(text.trim().replace(',', '.').replace('%', '').trim())
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 100) return undefined
  return Math.round(value * 100)
}

export const BAD_AMOUNT = 'Saisissez un montant en euros, par exemple 180,00.'
export const BAD_RATE = 'Saisissez un pourcentage entre 0 et 100.'
