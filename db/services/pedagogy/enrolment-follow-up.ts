// One enrolment opened, as the pupil's tabs show it: its line and its "Suivi", "Évaluations",
// "Absences" (the Historique calls the suivi "Commentaires"). Four statements.
import type { Trx } from '../../connection.ts'
import type { CycleResult, EvaluationKind } from '../../rules/pedagogy.ts'
import { enrolmentLines, toLine, type EnrolmentLine, type LineRow } from './pupil-tabs.ts'

export interface EnrolmentFollowUp {
  line: EnrolmentLine
  suivi: { id: number; date: string; text: string; author: string }[]
  evaluations: {
    id: number
    date: string
    kind: EvaluationKind
    cycle: string
    mark: number | null
    mention: string
    appreciation: string
    jury: string
    result: CycleResult | null
  }[]
  absences: { id: number; date: string; justified: boolean; reason: string }[]
}

/** One enrolment opened: its line and its "Suivi", "Évaluations", "Absences" (four statements). */
export async function enrolmentFollowUp(
  trx: Trx,
  enrolmentId: number,
): Promise<EnrolmentFollowUp | null> {
  const row = (await enrolmentLines(trx).where('enrolments.id', enrolmentId).first()) as
    LineRow | undefined
  if (!row) return null
  const suivi = await trx('suivi_notes')
    .leftJoin('staff_users', 'staff_users.id', 'suivi_notes.author_staff_user_id')
    .where('suivi_notes.enrolment_id', enrolmentId)
    .orderBy([
      { column: 'noted_on', order: 'desc' },
      { column: 'suivi_notes.id', order: 'desc' },
    ])
    .select<{ id: number; noted_on: string; text: string; author: string | null }[]>(
      'suivi_notes.id',
      'suivi_notes.noted_on',
      'suivi_notes.text',
      'staff_users.display_name as author',
    )
  const evaluations = await trx('evaluations')
    .leftJoin('cycles', 'cycles.id', 'evaluations.cycle_id')
    .where('evaluations.enrolment_id', enrolmentId)
    .orderBy([
      { column: 'evaluated_on', order: 'desc' },
      { column: 'evaluations.id', order: 'desc' },
    ])
    .select('evaluations.*', 'cycles.code as cycle')
  const absences = await trx('absences')
    .where({ enrolment_id: enrolmentId })
    .orderBy([{ column: 'absent_on', order: 'desc' }])
    .select<{ id: number; absent_on: string; justified: number; reason: string }[]>(
      'id',
      'absent_on',
      'justified',
      'reason',
    )
  return {
    line: toLine(row),
    suivi: suivi.map((s) => ({ id: s.id, date: s.noted_on, text: s.text, author: s.author ?? '' })),
    evaluations: (evaluations as Record<string, unknown>[]).map((e) => ({
      id: e['id'] as number,
      date: e['evaluated_on'] as string,
      kind: e['kind'] as EvaluationKind,
      cycle: (e['cycle'] as string | null) ?? '',
      mark: e['mark'] === null ? null : Number(e['mark']),
      mention: e['mention'] as string,
      appreciation: e['appreciation'] as string,
      jury: e['jury'] as string,
      result: e['result'] as CycleResult | null,
    })),
    absences: absences.map((a) => ({
      id: a.id,
      date: a.absent_on,
      justified: Boolean(a.justified),
      reason: a.reason,
    })),
  }
}
