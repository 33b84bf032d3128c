// Enrolments: a pupil in a course of a school year, with a cursus and a cycle, from a start date
// to an end date (none: Actif). The school year is the course's.
import { isoNow } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import { dateRefusal, PEDAGOGY_MESSAGES as M, parisDay, parseDay } from '../../rules/pedagogy.ts'
import {
  audit,
  notEndedBefore,
  notFound,
  optionalId,
  refuse,
  throwIfErrors,
  type PedagogyActor,
} from './common.ts'
import { onRollCount } from './courses.ts'

export interface EnrolInput {
  pupilId: number
  courseId: unknown
  /** The year the form was for: the course must be of this one. */
  schoolYearId: unknown
  cursusId?: unknown
  cycleId?: unknown
  /** Default: today, or the first day of the year when it has not begun. */
  startsOn?: unknown
}

interface CourseYear {
  id: number
  label: string
  site_id: number
  site: string
  capacity: number
  archived_at: string | null
  school_year_id: number
  year: string
  starts_on: string
  ends_on: string
}

/** The course with its year and site, or an error for `courseId`. */
export async function courseWithYear(trx: Trx, courseId: unknown): Promise<CourseYear> {
  const course =
    typeof courseId === 'number'
      ? await trx('courses')
          .join('school_years', 'school_years.id', 'courses.school_year_id')
          .join('sites', 'sites.id', 'courses.site_id')
          .where('courses.id', courseId)
          .first<CourseYear | undefined>(
            'courses.id',
            'courses.label',
            'courses.site_id',
            'sites.name as site',
            'courses.capacity',
            'courses.archived_at',
            'courses.school_year_id',
            'school_years.label as year',
            'school_years.starts_on',
            'school_years.ends_on',
          )
      : undefined
  if (!course) throw refuse('VALIDATION', 'courseId', 'Choisissez un cours de la liste.')
  return course
}

/** The pupil, with the site of their family, or NOT_FOUND. */
async function pupilWithSite(trx: Trx, pupilId: number) {
  const pupil = await trx('pupils')
    .join('families', 'families.id', 'pupils.family_id')
    .join('sites', 'sites.id', 'families.site_id')
    .where('pupils.id', pupilId)
    .first<
      { family_id: number; site_id: number; site: string; archived_at: string | null } | undefined
    >('pupils.family_id', 'families.site_id', 'sites.name as site', 'pupils.archived_at')
  if (!pupil || pupil.archived_at) throw notFound('Cette fiche est introuvable.')
  return pupil
}

/** A cursus and a cycle of it (both optional; a cycle needs its cursus), checked. */
async function checkedCycle(trx: Trx, cursusValue: unknown, cycleValue: unknown) {
  const errors: Record<string, string> = {}
  const cursusId = optionalId(errors, 'cursusId', cursusValue)
  const cycleId = optionalId(errors, 'cycleId', cycleValue)
  throwIfErrors(errors)
  if (cycleId !== null && cursusId === null)
    throw refuse('VALIDATION', 'cycleId', M.cycleWithoutCursus)
  if (cursusId === null) return { cursusId, cycleId, cursus: '', cycle: '' }
  const cursus = await trx('cursus')
    .where({ id: cursusId })
    .first<{ name: string; archived_at: string | null } | undefined>('name', 'archived_at')
  if (!cursus) throw refuse('VALIDATION', 'cursusId', 'Choisissez un cursus de la liste.')
  if (cursus.archived_at) throw refuse('VALIDATION', 'cursusId', M.archived)
  if (cycleId === null) return { cursusId, cycleId, cursus: cursus.name, cycle: '' }
  const cycle = await trx('cycles')
    .where({ id: cycleId })
    .first<{ code: string; cursus_id: number; archived_at: string | null } | undefined>(
      'code',
      'cursus_id',
      'archived_at',
    )
  if (!cycle) throw refuse('VALIDATION', 'cycleId', 'Choisissez un cycle de la liste.')
  if (cycle.cursus_id !== cursusId)
    throw refuse('VALIDATION', 'cycleId', M.cycleOtherCursus(cycle.code, cursus.name))
  if (cycle.archived_at) throw refuse('VALIDATION', 'cycleId', M.archived)
  return { cursusId, cycleId, cursus: cursus.name, cycle: cycle.code }
}

/** A date of the form, inside the course's school year, or an error for `field`. */
export function dayInYear(raw: unknown, year: CourseYear, field: string): string {
  const errors: Record<string, string> = {}
  const day = checkDayInYear(errors, raw, year, field)
  if (!day) throw refuse('VALIDATION', field, errors[field] ?? M.notADate)
  return day
}

/** The same check, its error put into `errors` with the form's others ('' when wrong). */
export function checkDayInYear(
  errors: Record<string, string>,
  raw: unknown,
  year: CourseYear,
  field: string,
): string {
  const day = parseDay(raw)
  if (!day) errors[field] = dateRefusal(raw)
  else if (day < year.starts_on || day > year.ends_on) errors[field] = M.outsideYear(year.year)
  else return day
  return ''
}

/**
 * Enrols a pupil in a course. Refused: a course of another year than asked or of another site than
 * the family's, an archived course, a cycle of another cursus, a pupil already enrolled, a full
 * course; a start date outside the year.
 */
export async function enrolPupil(
  trx: Trx,
  input: EnrolInput,
  actor: PedagogyActor,
): Promise<{ enrolmentId: number }> {
  const pupil = await pupilWithSite(trx, input.pupilId)
  const course = await courseWithYear(trx, input.courseId)
  if (course.school_year_id !== input.schoolYearId)
    throw refuse('VALIDATION', 'courseId', M.courseOtherYear(course.year))
  if (course.archived_at) throw refuse('VALIDATION', 'courseId', M.archived)
  if (course.site_id !== pupil.site_id)
    throw refuse('VALIDATION', 'courseId', M.courseOtherSite(course.site, pupil.site))
  const cycle = await checkedCycle(trx, input.cursusId, input.cycleId)
  const today = parisDay(actor.clock.now())
  const fallback = today < course.starts_on ? course.starts_on : today
  const startsOn = dayInYear(input.startsOn ?? fallback, course, 'startsOn')
  // Enrolled already over that period (no end, or an end still to come on the first day).
  const twin = await trx('enrolments')
    .where({ pupil_id: input.pupilId, course_id: course.id })
    .where(notEndedBefore(startsOn))
    .first('id')
  if (twin) throw refuse('CONFLICT', 'courseId', M.alreadyEnrolled)
  // A seat on the first day (a pupil leaving before then frees theirs).
  const firstDay = startsOn > today ? startsOn : today
  if ((await onRollCount(trx, course.id, firstDay)) >= course.capacity)
    throw refuse('CONFLICT', 'courseId', M.courseFull(course.capacity))
  const now = isoNow(actor.clock)
  const [row] = await trx('enrolments')
    .insert({
      pupil_id: input.pupilId,
      course_id: course.id,
      cursus_id: cycle.cursusId,
      cycle_id: cycle.cycleId,
      starts_on: startsOn,
      created_at: now,
      updated_at: now,
    })
    .returning<{ id: number }[]>('id')
  if (!row) throw new Error('enrolments insert returned no id')
  const entity = { type: 'enrolment', id: row.id, familyId: pupil.family_id }
  await audit(trx, actor, 'staff.enrolment_created', entity, {
    pupilId: input.pupilId,
    course: course.label,
    schoolYear: course.year,
    cursus: cycle.cursus,
    cycle: cycle.cycle,
    startsOn,
  })
  return { enrolmentId: row.id }
}

/** An enrolment with its pupil's family and its course's year, or NOT_FOUND. */
export async function enrolmentWithYear(trx: Trx, enrolmentId: number) {
  const row = await trx('enrolments')
    .join('pupils', 'pupils.id', 'enrolments.pupil_id')
    .where('enrolments.id', enrolmentId)
    .first<
      | {
          id: number
          pupil_id: number
          course_id: number
          cycle_id: number | null
          starts_on: string
          ends_on: string | null
          family_id: number
        }
      | undefined
    >('enrolments.*', 'pupils.family_id')
  if (!row) throw notFound('Cette inscription est introuvable.')
  return { enrolment: row, course: await courseWithYear(trx, row.course_id) }
}

/** Ends an enrolment on a date of its year, not before it began (the pupil stops: Actif no more). */
export async function endEnrolment(
  trx: Trx,
  input: { enrolmentId: number; endsOn: unknown },
  actor: PedagogyActor,
): Promise<void> {
  const { enrolment, course } = await enrolmentWithYear(trx, input.enrolmentId)
  if (enrolment.ends_on) throw refuse('CONFLICT', 'endsOn', M.alreadyEnded)
  const endsOn = dayInYear(input.endsOn, course, 'endsOn')
  if (endsOn < enrolment.starts_on) throw refuse('VALIDATION', 'endsOn', M.endBeforeStart)
  await trx('enrolments')
    .where({ id: enrolment.id })
    .update({ ends_on: endsOn, updated_at: isoNow(actor.clock) })
  const entity = { type: 'enrolment', id: enrolment.id, familyId: enrolment.family_id }
  await audit(trx, actor, 'staff.enrolment_ended', entity, {
    pupilId: enrolment.pupil_id,
    course: course.label,
    endsOn,
  })
}

/** Changes the cursus and cycle of an enrolment (the cycle must be one of the cursus). */
export async function changeEnrolmentCycle(
  trx: Trx,
  input: { enrolmentId: number; cursusId: unknown; cycleId: unknown },
  actor: PedagogyActor,
): Promise<void> {
  const { enrolment, course } = await enrolmentWithYear(trx, input.enrolmentId)
  const cycle = await checkedCycle(trx, input.cursusId, input.cycleId)
  await trx('enrolments')
    .where({ id: enrolment.id })
    .update({
      cursus_id: cycle.cursusId,
      cycle_id: cycle.cycleId,
      updated_at: isoNow(actor.clock),
    })
  const entity = { type: 'enrolment', id: enrolment.id, familyId: enrolment.family_id }
  await audit(trx, actor, 'staff.enrolment_cycle_changed', entity, {
    pupilId: enrolment.pupil_id,
    course: course.label,
    cursus: cycle.cursus,
    cycle: cycle.cycle,
  })
}

/**
 * Takes back an enrolment made by mistake: deleted, as if never made. Refused once it has a
 * follow-up (suivi, évaluation, absence): then it is ended, and the history keeps it.
 */
export async function cancelEnrolment(
  trx: Trx,
  enrolmentId: number,
  actor: PedagogyActor,
): Promise<void> {
  const { enrolment, course } = await enrolmentWithYear(trx, enrolmentId)
  const followed =
    (await trx('suivi_notes').where({ enrolment_id: enrolmentId }).first('id')) ??
    (await trx('evaluations').where({ enrolment_id: enrolmentId }).first('id')) ??
    (await trx('absences').where({ enrolment_id: enrolmentId }).first('id'))
  if (followed) throw refuse('CONFLICT', 'enrolmentId', M.enrolmentFollowed)
  await trx('enrolments').where({ id: enrolmentId }).delete()
  const entity = { type: 'enrolment', id: enrolmentId, familyId: enrolment.family_id }
  await audit(trx, actor, 'staff.enrolment_cancelled', entity, {
    pupilId: enrolment.pupil_id,
    course: course.label,
  })
}
