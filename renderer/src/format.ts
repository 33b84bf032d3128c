/** "24/11/2026 09:15" from an ISO time, in the secretariat's time zone. */
export function dateTime(iso: string | null): string {
  if (!iso) return ''
  return new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short' }).format(
    new Date(iso),
  )
}

/** "14/09/1995" from "1995-09-14". */
export function date(iso: string | null): string {
  if (!iso) return ''
  const [y, m, d] = iso.split('-')
  return `${d}/${m}/${y}`
}
