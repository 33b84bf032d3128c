// How the review shows a document's time: "Date" and "Heure" apart, as in the family's table.
const DAY = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short' })
const HOUR = new Intl.DateTimeFormat('fr-FR', { timeStyle: 'short' })

/** "12/03/2026" from an ISO time. */
export const day = (iso: string | null): string => (iso ? DAY.format(new Date(iso)) : '')

/** "09:15" from an ISO time. */
export const hour = (iso: string | null): string => (iso ? HOUR.format(new Date(iso)) : '')
