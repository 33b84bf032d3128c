// How the review shows a document's time: "Date" and "Heure" apart, as in the family's table, in
// the conservatoire's time zone (Europe/Paris) whatever the computer's.
import { parisDayAndTime } from '../../../../../db/rules/campaigns.ts'

/** "12/03/2026" from an ISO time. */
export const day = (iso: string | null): string => (iso ? parisDayAndTime(iso).day : '')

/** "09:15" from an ISO time. */
export const hour = (iso: string | null): string => (iso ? parisDayAndTime(iso).time : '')
