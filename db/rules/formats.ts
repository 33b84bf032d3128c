// French formats of phone numbers and dates: what a family types, in the form we keep and show.
import { parsePhoneNumberFromString } from 'libphonenumber-js/min'

/** "02 33 94 22 77" for a French number, "+44 20 7946 0958" for another country; null if invalid. */
export function formatPhone(raw: string): string | null {
  const phone = parsePhoneNumberFromString(raw, 'FR')
  if (!phone || !phone.isValid()) return null
  return phone.country === 'FR' || phone.countryCallingCode === '33'
    ? phone.formatNational()
    : phone.formatInternational()
}

/** The French form of a stored date: "1995-09-14" → "14/09/1995" (anything else as it is). */
export function formatDate(iso: string): string {
  const [, y, m, d] = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) ?? []
  return y && m && d ? `${d}/${m}/${y}` : iso
}

/**
 * "14/09/1995" (also "14.09.1995", "14-09-1995", "14 09 1995", "14091995") or "1995-09-14" →
 * "1995-09-14"; null if it is not a real date of the past.
 */
export function parseDate(raw: string): string | null {
  const text = raw.trim()
  const fr =
    /^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$/.exec(text) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(text)
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  const [y, m, d] = fr ? [fr[3], fr[2], fr[1]] : iso ? [iso[1], iso[2], iso[3]] : []
  if (!y || !m || !d) return null
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)))
  if (
    date.getUTCFullYear() !== Number(y) ||
    date.getUTCMonth() !== Number(m) - 1 ||
    date.getUTCDate() !== Number(d)
  ) {
    return null
  }
  if (date.getTime() > Date.now() || Number(y) < 1900) return null
  return date.toISOString().slice(0, 10)
}
