// The words of the Réinscription tab: Oui / Non, the choices of a line.
import type { ReenrolmentLineView } from '../../../api/reenrolment-types.ts'

export {
  courseOptionLabel,
  DOCUMENT_ACCEPT,
  MAX_DOCUMENT_BYTES,
  REENROLMENT_MESSAGES,
} from '../../../../db/rules/reenrolment.ts'

/** What the family chose for a line: ticked, and the course (null: the first option). */
export interface LineChoice {
  reenrol: boolean
  courseId: number | null
}

export const yesNo = (value: boolean) => (value ? 'Oui' : 'Non')

/** The choices of the lines as the tab says them. */
export function choicesOf(lines: ReenrolmentLineView[]): Record<number, LineChoice> {
  return Object.fromEntries(
    lines.map((l) => [l.enrolmentId, { reenrol: l.reenrol, courseId: l.courseId }]),
  )
}
