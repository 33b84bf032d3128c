// The words of the Réinscription tab: Oui / Non, the choices of a line.
import type { ReenrolmentLineView, ReenrolmentTabView } from '../../../api/reenrolment-types.ts'

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

/** The form differs from the tab as the server last said it (a box, a line, a course, the comment). */
export function formChanged(
  tab: ReenrolmentTabView | null,
  form: { administrative: boolean; comment: string; choices: Record<number, LineChoice> },
): boolean {
  if (!tab) return false
  const lineChanged = tab.lines.some((l) => {
    const c = form.choices[l.enrolmentId]
    const reenrol = c?.reenrol ?? false
    return reenrol !== l.reenrol || (reenrol && (c?.courseId ?? null) !== l.courseId)
  })
  return lineChanged || form.administrative !== tab.administrative || form.comment !== tab.comment
}
