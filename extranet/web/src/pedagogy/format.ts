// How the pupil's tabs word a course's follow-up: marks, évaluations, results, the course's address.
import type { RouteLocationRaw } from 'vue-router'
import {
  CYCLE_RESULT_LABELS,
  EVALUATION_KIND_LABELS,
  markAndMention,
  type CycleResult,
} from '../../../../db/rules/pedagogy.ts'
import type { EvaluationView } from '../../../api/types.ts'

export { formatDate } from '../../../../db/rules/formats.ts'
export { markAndMention, markLabel } from '../../../../db/rules/pedagogy.ts'

/** A column of a StackedTable: its key, its heading, the text of its cell. */
export interface Column<R> {
  key: string
  label: string
  /** What an abbreviated label stands for (« Ha »: « Horaires aménagés »), shown and read. */
  expansion?: string
  value?: (row: R) => string
}

/** Where a course was opened from: the Cours list (the current year) or the Historique. */
export type CourseList = 'cours' | 'historique'

/** "Examen de fin de cycle". */
export function evaluationKindLabel(e: Pick<EvaluationView, 'kind'>): string {
  return EVALUATION_KIND_LABELS[e.kind]
}

/** "Admis en fin de 3C2 — 15/20 — Bien": an end-of-cycle result. */
export function resultLabel(e: {
  result: CycleResult | null
  cycle: string
  mark: number | null
  mention: string
}): string {
  if (!e.result) return ''
  const outcome = e.cycle
    ? `${CYCLE_RESULT_LABELS[e.result]} en fin de ${e.cycle}`
    : CYCLE_RESULT_LABELS[e.result]
  return [outcome, markAndMention(e)].filter(Boolean).join(' — ')
}

/** The address of a course of the pupil, opened from one of the lists (and on one of its tabs). */
export function courseRoute(
  pupilId: number,
  enrolmentId: number,
  from: CourseList,
  tab?: string,
): RouteLocationRaw {
  const query: Record<string, string> = {}
  if (from === 'historique') query['depuis'] = 'historique'
  if (tab) query['onglet'] = tab
  return { name: 'eleve-cours-detail', params: { id: pupilId, enrolmentId }, query }
}
