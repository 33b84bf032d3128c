// The follow-up of an enrolment: the roll call of a date for a whole course, évaluations, suivi
// notes; and the répertoire of a pupil (the works studied in a year).
import { isoNow } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import {
  CYCLE_RESULTS,
  EVALUATION_KINDS,
  MENTIONS,
  PEDAGOGY_MESSAGES as M,
} from '../../rules/pedagogy.ts'
import {
  audit,
  insertOrUpdate,
  missingChoice,
  notEndedBefore,
  notFound,
  optionalId,
  optionalText,
  refuse,
  requiredText,
  throwIfErrors,
  type PedagogyActor,
} from './common.ts'
import { checkDayInYear, courseWithYear, dayInYear, enrolmentWithYear } from './enrolments.ts'

export interface RollCallAbsence {
  enrolmentId: number
  justified?: boolean
  reason?: unknown
}

/**
 * The roll call of one date for a whole course, in one call: the enrolments listed are absent on
 * that date (justified or not, with a reason), every other pupil of the course is present (an
 * absence recorded before for that date is taken back). The date must be in the course's school
 * year; the enrolments listed, of this course and active on that date.
 */
export async function recordRollCall(
  trx: Trx,
  input: { courseId: number; date: unknown; absences: readonly RollCallAbsence[] },
  actor: PedagogyActor,
): Promise<{ absent: number }> {
  const course = await courseWithYear(trx, input.courseId)
  const date = dayInYear(input.date, course, 'date')
  const errors: Record<string, string> = {}
  const reasons = input.absences.map((a, i) =>
    optionalText(errors, `absences.${i}.reason`, a.reason, 300),
  )
  throwIfErrors(errors)
  const present = (await trx('enrolments')
    .where({ course_id: course.id })
    .where('starts_on', '<=', date)
    .where(notEndedBefore(date))
    .pluck('id')) as number[]
  const listed = input.absences.map((a) => a.enrolmentId)
  if (listed.some((id) => !present.includes(id)) || new Set(listed).size !== listed.length)
    throw refuse('VALIDATION', 'absences', M.notInCourse)
  const courseEnrolments = trx('enrolments').where({ course_id: course.id }).select('id')
  await trx('absences')
    .whereIn('enrolment_id', courseEnrolments)
    .where({ absent_on: date })
    .whereNotIn('enrolment_id', listed)
    .delete()
  const now = isoNow(actor.clock)
  if (input.absences.length) {
    await trx('absences')
      .insert(
        input.absences.map((a, i) => ({
          enrolment_id: a.enrolmentId,
          absent_on: date,
          justified: a.justified === true,
          reason: reasons[i] ?? '',
          recorded_by_staff_user_id: actor.staffUserId,
          created_at: now,
          updated_at: now,
        })),
      )
      .onConflict(['enrolment_id', 'absent_on'])
      .merge(['justified', 'reason', 'recorded_by_staff_user_id', 'updated_at'])
  }
  await audit(
    trx,
    actor,
    'staff.roll_call_recorded',
    { type: 'course', id: course.id },
    {
      date,
      absentEnrolmentIds: listed,
    },
  )
  return { absent: listed.length }
}

export interface EvaluationInput {
  id?: number
  enrolmentId: number
  date: unknown
  kind: unknown
  mark?: unknown
  mention?: unknown
  appreciation?: unknown
  jury?: unknown
  /** admis | non_admis: an end-of-cycle exam's outcome, which goes into the history. */
  result?: unknown
}

/** The évaluation's fields, checked; what is wrong goes into `errors`. */
function checkedEvaluation(errors: Record<string, string>, input: EvaluationInput) {
  const kind = input.kind
  if (!(EVALUATION_KINDS as readonly unknown[]).includes(kind)) errors['kind'] = M.kind
  const mark =
    input.mark === undefined || input.mark === null || input.mark === '' ? null : input.mark
  if (mark !== null && (typeof mark !== 'number' || !(mark >= 0 && mark <= 20)))
    errors['mark'] = M.mark
  const mention = optionalText(errors, 'mention', input.mention, 40)
  if (mention && !(MENTIONS as readonly string[]).includes(mention)) errors['mention'] = M.mention
  if (mark === null && !mention && !errors['mark']) errors['mark'] = M.markOrMention
  const appreciation = optionalText(errors, 'appreciation', input.appreciation, 2000, true)
  const jury = optionalText(errors, 'jury', input.jury, 300)
  const result = input.result === undefined || input.result === '' ? null : input.result
  if (kind === 'examen_fin_cycle' && !(CYCLE_RESULTS as readonly unknown[]).includes(result))
    errors['result'] = M.result
  if (kind !== 'examen_fin_cycle' && result !== null) errors['result'] = M.resultOnlyForExam
  throwIfErrors(errors)
  return {
    kind: kind as string,
    mark: mark === null ? null : Math.round((mark as number) * 100) / 100,
    mention,
    appreciation,
    jury,
    result: result as string | null,
  }
}

/** Records (no id) or corrects an évaluation; it keeps the enrolment's cycle of that moment. */
export async function saveEvaluation(
  trx: Trx,
  input: EvaluationInput,
  actor: PedagogyActor,
): Promise<{ id: number }> {
  const { enrolment, course } = await enrolmentWithYear(trx, input.enrolmentId)
  const errors: Record<string, string> = {}
  const date = checkDayInYear(errors, input.date, course, 'date')
  const checked = checkedEvaluation(errors, input)
  throwIfErrors(errors)
  const values = {
    ...checked,
    evaluated_on: date,
    updated_at: isoNow(actor.clock),
  }
  const id = await insertOrUpdate(trx, 'evaluations', {
    id: input.id,
    values,
    created: {
      enrolment_id: enrolment.id,
      cycle_id: enrolment.cycle_id,
      author_staff_user_id: actor.staffUserId,
      created_at: values.updated_at,
    },
    scope: { enrolment_id: enrolment.id },
    missing: 'Cette évaluation est introuvable.',
  })
  const action = input.id === undefined ? 'staff.evaluation_created' : 'staff.evaluation_updated'
  const entity = { type: 'evaluation', id, familyId: enrolment.family_id }
  const pupilId = enrolment.pupil_id
  await audit(trx, actor, action, entity, { pupilId, course: course.label, ...values })
  return { id }
}

/** Records (no id) or corrects a suivi note of an enrolment; its author is the staff member. */
export async function saveSuiviNote(
  trx: Trx,
  input: { id?: number; enrolmentId: number; date: unknown; text: unknown },
  actor: PedagogyActor,
): Promise<{ id: number }> {
  const { enrolment, course } = await enrolmentWithYear(trx, input.enrolmentId)
  const errors: Record<string, string> = {}
  const text = optionalText(errors, 'text', input.text, 4000, true)
  if (!text) errors['text'] = M.required
  const date = checkDayInYear(errors, input.date, course, 'date')
  throwIfErrors(errors)
  const now = isoNow(actor.clock)
  const values = { noted_on: date, text, updated_at: now }
  const id = await insertOrUpdate(trx, 'suivi_notes', {
    id: input.id,
    values,
    created: {
      enrolment_id: enrolment.id,
      author_staff_user_id: actor.staffUserId,
      created_at: now,
    },
    scope: { enrolment_id: enrolment.id },
    missing: 'Cette note de suivi est introuvable.',
  })
  const action = input.id === undefined ? 'staff.suivi_created' : 'staff.suivi_updated'
  const entity = { type: 'suivi_note', id, familyId: enrolment.family_id }
  const details = { pupilId: enrolment.pupil_id, course: course.label, date: values.noted_on }
  await audit(trx, actor, action, entity, details)
  return { id }
}

/**
 * Adds (no id) or corrects a work of a pupil's répertoire: composer, title, the school year, and
 * the course it was studied in (optional; a course of that year).
 */
export async function saveRepertoireWork(
  trx: Trx,
  input: {
    id?: number
    pupilId: number
    schoolYearId: unknown
    courseId?: unknown
    composer?: unknown
    title: unknown
  },
  actor: PedagogyActor,
): Promise<{ id: number }> {
  const pupil = await trx('pupils')
    .where({ id: input.pupilId })
    .first<{ family_id: number } | undefined>('family_id')
  if (!pupil) throw notFound('Cette fiche est introuvable.')
  const errors: Record<string, string> = {}
  const title = requiredText(errors, 'title', input.title, 300)
  const composer = optionalText(errors, 'composer', input.composer, 160)
  const courseId = optionalId(errors, 'courseId', input.courseId)
  throwIfErrors(errors)
  const year =
    typeof input.schoolYearId === 'number'
      ? await trx('school_years')
          .where({ id: input.schoolYearId })
          .first<{ label: string }>('label')
      : undefined
  if (!year) throw refuse('VALIDATION', 'schoolYearId', missingChoice(input.schoolYearId))
  if (courseId !== null) {
    const course = await courseWithYear(trx, courseId)
    if (course.school_year_id !== input.schoolYearId)
      throw refuse('VALIDATION', 'courseId', M.courseOtherYear(course.year))
  }
  const now = isoNow(actor.clock)
  const values = {
    school_year_id: input.schoolYearId,
    course_id: courseId,
    composer,
    title,
    updated_at: now,
  }
  const id = await insertOrUpdate(trx, 'repertoire_works', {
    id: input.id,
    values,
    created: { pupil_id: input.pupilId, created_at: now },
    scope: { pupil_id: input.pupilId },
    missing: 'Cette œuvre est introuvable.',
  })
  const action = input.id === undefined ? 'staff.repertoire_added' : 'staff.repertoire_updated'
  const entity = { type: 'repertoire_work', id, familyId: pupil.family_id }
  await audit(trx, actor, action, entity, {
    pupilId: input.pupilId,
    composer,
    title,
    schoolYear: year.label,
  })
  return { id }
}

/**
 * Deletes an évaluation, a suivi note or a work of the répertoire entered by mistake. `ownerId`:
 * the enrolment (évaluation, suivi) or the pupil (répertoire) the route named; a row of another
 * one is not found.
 */
export async function deleteFollowUp(
  trx: Trx,
  kind: 'evaluation' | 'suivi_note' | 'repertoire_work',
  id: number,
  ownerId: number,
  actor: PedagogyActor,
): Promise<void> {
  const table = {
    evaluation: 'evaluations',
    suivi_note: 'suivi_notes',
    repertoire_work: 'repertoire_works',
  }[kind]
  const owner = kind === 'repertoire_work' ? 'pupil_id' : 'enrolment_id'
  const query = trx(table).where(`${table}.id`, id).where(`${table}.${owner}`, ownerId)
  if (kind === 'repertoire_work') void query.join('pupils', 'pupils.id', `${table}.pupil_id`)
  else
    void query
      .join('enrolments', 'enrolments.id', `${table}.enrolment_id`)
      .join('pupils', 'pupils.id', 'enrolments.pupil_id')
  const row = await query.first<{ family_id: number; pupil_id: number } | undefined>(
    'pupils.family_id',
    'pupils.id as pupil_id',
  )
  if (!row) throw notFound('Cet élément est introuvable.')
  await trx(table).where({ id }).delete()
  // The row is gone: its pupil's id names them in the family's journal.
  const entity = { type: kind, id, familyId: row.family_id }
  await audit(trx, actor, `staff.${kind}_deleted`, entity, { pupilId: row.pupil_id })
}
