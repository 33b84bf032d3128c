// The words of the Réinscription tab: the closing time, Oui / Non, the choices of a line.
import type { ReenrolmentLineView } from '../../../api/reenrolment-types.ts'

export {
  DOCUMENT_ACCEPT,
  MAX_DOCUMENT_BYTES,
  REENROLMENT_MESSAGES,
} from '../../../../db/rules/reenrolment.ts'

/** What the family chose for a line: ticked, and the course (null: the first option). */
export interface LineChoice {
  reenrol: boolean
  courseId: number | null
}

const PARIS = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
})

/** "30/06/2027 à 18:00" (Paris time). */
export function dateTime(iso: string): string {
  return PARIS.format(new Date(iso)).replace(' ', ' à ')
}

export const yesNo = (value: boolean) => (value ? 'Oui' : 'Non')

/** The choices of the lines as the tab says them. */
export function choicesOf(lines: ReenrolmentLineView[]): Record<number, LineChoice> {
  return Object.fromEntries(
    lines.map((l) => [l.enrolmentId, { reenrol: l.reenrol, courseId: l.courseId }]),
  )
}
