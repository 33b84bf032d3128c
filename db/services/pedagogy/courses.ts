// The courses of a school year and a site: discipline, teacher, label, individual or collective,
// weekday, start time, duration, room, capacity, horaires aménagés.
import { isoNow } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import {
  COURSE_KINDS,
  PEDAGOGY_MESSAGES as M,
  isWeekday,
  parisDay,
  parseTime,
} from '../../rules/pedagogy.ts'
import {
  audit,
  missingChoice,
  deleteOrArchive,
  insertOrUpdate,
  notEndedBefore,
  notFound,
  optionalId,
  optionalText,
  refuse,
  requiredText,
  restoreRow,
  throwIfErrors,
  type PedagogyActor,
} from './common.ts'

export interface CourseInput {
  id?: number
  /** Fixed once the course exists (ignored on a change). */
  schoolYearId: unknown
  siteId: unknown
  disciplineId: unknown
  teacherId?: unknown
  label: unknown
  kind: unknown
  weekday?: unknown
  startTime?: unknown
  durationMinutes?: unknown
  room?: unknown
  capacity: unknown
  horairesAmenages?: unknown
}

const isCount = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
const given = (v: unknown) => v !== undefined && v !== null && v !== ''

/** The fields of a course as typed, checked (no database); what is wrong goes into `errors`. */
function checkedFields(errors: Record<string, string>, input: CourseInput) {
  const label = requiredText(errors, 'label', input.label, 120)
  const room = optionalText(errors, 'room', input.room, 80)
  if (!(COURSE_KINDS as readonly unknown[]).includes(input.kind))
    errors['kind'] = 'Choisissez individuel ou collectif.'
  if (!isCount(input.capacity, 1, 500)) errors['capacity'] = M.capacity
  const slot = [input.weekday, input.startTime, input.durationMinutes]
  const startTime = given(input.startTime) ? parseTime(input.startTime) : null
  if (slot.some(given)) {
    if (!slot.every(given)) errors['weekday'] = M.slotPartial
    if (given(input.weekday) && !isWeekday(input.weekday)) errors['weekday'] = M.weekday
    if (given(input.startTime) && startTime === null) errors['startTime'] = M.notATime
    if (given(input.durationMinutes) && !isCount(input.durationMinutes, 5, 600))
      errors['durationMinutes'] = M.duration
  }
  const teacherId = optionalId(errors, 'teacherId', input.teacherId)
  return {
    label,
    room,
    kind: input.kind as string,
    capacity: input.capacity as number,
    weekday: isWeekday(input.weekday) ? input.weekday : null,
    start_time: startTime,
    duration_minutes: isCount(input.durationMinutes, 5, 600) ? input.durationMinutes : null,
    horaires_amenages: input.horairesAmenages === true,
    teacher_id: teacherId,
  }
}

/** Whether `id` is a row of `table` that exists and is not archived; otherwise an error for `field`. */
async function checkUsable(
  trx: Trx,
  errors: Record<string, string>,
  table: string,
  id: unknown,
  field: string,
): Promise<void> {
  const row =
    typeof id === 'number'
      ? await trx(table).where({ id }).first<{ archived_at?: string | null } | undefined>()
      : undefined
  if (!row) errors[field] = missingChoice(id)
  else if (row.archived_at) errors[field] = M.archived
}

/**
 * The pupils who still attend a course on `today` or will (no end date, or one still to come): a
 * course with any is not taken out.
 */
export async function attendingCount(trx: Trx, courseId: number, today: string): Promise<number> {
  const [row] = await trx('enrolments')
    .where({ course_id: courseId })
    .where(notEndedBefore(today))
    .count<{ n: number }[]>({ n: '*' })
  return Number(row?.n ?? 0)
}

/**
 * An enrolment on its course's roll on the day `?` (clamped to the course's school year, which the
 * query joins as `school_years`: a past year is counted on its last day, a year to come on its
 * first): not ended before that day. A pupil whose end date is still to come keeps their seat.
 */
export const ON_ROLL = `(enrolments.ends_on IS NULL
  OR enrolments.ends_on >= max(min(?, school_years.ends_on), school_years.starts_on))`

/** The effectif of a course on `today` (ON_ROLL): what its capacity is compared with. */
export async function onRollCount(trx: Trx, courseId: number, today: string): Promise<number> {
  const [row] = await trx('enrolments')
    .join('courses', 'courses.id', 'enrolments.course_id')
    .join('school_years', 'school_years.id', 'courses.school_year_id')
    .where('enrolments.course_id', courseId)
    .whereRaw(ON_ROLL, [today])
    .count<{ n: number }[]>({ n: '*' })
  return Number(row?.n ?? 0)
}

/** Creates (no id) or changes a course. */
export async function saveCourse(
  trx: Trx,
  input: CourseInput,
  actor: PedagogyActor,
): Promise<{ id: number }> {
  const before = input.id
    ? await trx('courses')
        .where({ id: input.id })
        .first<{ school_year_id: number; site_id: number } | undefined>()
    : undefined
  if (input.id && !before) throw notFound('Ce cours est introuvable.')
  // Everything wrong is said at once, each under its field.
  const errors: Record<string, string> = {}
  const fields = checkedFields(errors, input)
  const schoolYearId = before?.school_year_id ?? input.schoolYearId
  const year =
    typeof schoolYearId === 'number'
      ? await trx('school_years').where({ id: schoolYearId }).first('id')
      : undefined
  if (!year) errors['schoolYearId'] = missingChoice(schoolYearId)
  const site =
    typeof input.siteId === 'number'
      ? await trx('sites').where({ id: input.siteId }).first('id')
      : undefined
  if (!site) errors['siteId'] = missingChoice(input.siteId)
  await checkUsable(trx, errors, 'disciplines', input.disciplineId, 'disciplineId')
  if (fields.teacher_id !== null)
    await checkUsable(trx, errors, 'teachers', fields.teacher_id, 'teacherId')
  throwIfErrors(errors)
  if (input.id) {
    const count = await onRollCount(trx, input.id, parisDay(actor.clock.now()))
    if (fields.capacity < count) throw refuse('VALIDATION', 'capacity', M.capacityBelowCount(count))
    if (count > 0 && before?.site_id !== input.siteId)
      throw refuse(
        'VALIDATION',
        'siteId',
        'Ce cours a des élèves inscrits : son site ne change plus.',
      )
  }
  const now = isoNow(actor.clock)
  const values = {
    ...fields,
    site_id: input.siteId as number,
    discipline_id: input.disciplineId as number,
    updated_at: now,
  }
  const id = await insertOrUpdate(trx, 'courses', {
    id: input.id,
    values,
    created: { school_year_id: schoolYearId, created_at: now },
    missing: 'Ce cours est introuvable.',
  })
  const action = input.id === undefined ? 'staff.course_created' : 'staff.course_updated'
  await audit(trx, actor, action, { type: 'course', id }, { ...values, schoolYearId })
  return { id }
}

/**
 * Takes a course out of the lists: refused while pupils are enrolled in it; deleted if nobody
 * ever was, archived otherwise (the pupils' history keeps it).
 */
export async function removeCourse(trx: Trx, id: number, actor: PedagogyActor) {
  const course = await trx('courses').where({ id }).first<{ label: string } | undefined>('label')
  if (!course) throw notFound('Ce cours est introuvable.')
  const count = await attendingCount(trx, id, parisDay(actor.clock.now()))
  if (count > 0) throw refuse('CONFLICT', 'courseId', M.courseHasPupils(count))
  const used =
    (await trx('enrolments').where({ course_id: id }).first('id')) ??
    (await trx('repertoire_works').where({ course_id: id }).first('id')) ??
    (await trx('courses').where({ previous_course_id: id }).first('id'))
  const outcome = await deleteOrArchive(trx, 'courses', id, used !== undefined, actor.clock)
  await audit(
    trx,
    actor,
    `staff.course_${outcome}`,
    { type: 'course', id },
    { label: course.label },
  )
  return outcome
}

export async function restoreCourse(trx: Trx, id: number, actor: PedagogyActor): Promise<void> {
  const course = await trx('courses').where({ id }).first<{ label: string } | undefined>('label')
  if (!course) throw notFound('Ce cours est introuvable.')
  await restoreRow(trx, 'courses', id, actor.clock)
  await audit(trx, actor, 'staff.course_restored', { type: 'course', id }, { label: course.label })
}
