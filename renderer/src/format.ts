import { parisDayAndTime } from '../../db/rules/campaigns.ts'

/**
 * "24/11/2026 09:15" from an ISO time, in the conservatoire's time zone (Europe/Paris), whatever
 * the computer's: the family's pages and the mails say the same time.
 */
export function dateTime(iso: string | null): string {
  if (!iso) return ''
  const { day, time } = parisDayAndTime(iso)
  return `${day} ${time}`
}

/** "14/09/1995" from "1995-09-14". */
export function date(iso: string | null): string {
  if (!iso) return ''
  const [y, m, d] = iso.split('-')
  return `${d}/${m}/${y}`
}
