// School years: "2025/2026", their first and last days, one current year; the next one is made
// from the current one with its courses (teachers included, no pupils).
import { isoNow } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import { formatDate } from '../../rules/formats.ts'
import {
  dateRefusal,
  PEDAGOGY_MESSAGES as M,
  parseDay,
  periodsOverlap,
  sameDayNextYear,
  schoolYearLabel,
} from '../../rules/pedagogy.ts'
import { audit, fieldError, notFound, refuse, type PedagogyActor } from './common.ts'

export interface SchoolYear {
  id: number
  label: string
  startsOn: string
  endsOn: string
  isCurrent: boolean
}

interface SchoolYearRow {
  id: number
  label: string
  starts_on: string
  ends_on: string
  is_current: number | boolean
}

const toYear = (r: SchoolYearRow): SchoolYear => ({
  id: r.id,
  label: r.label,
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  isCurrent: Boolean(r.is_current),
})

/** Every school year, the latest first. */
export async function listSchoolYears(trx: Trx): Promise<SchoolYear[]> {
  const rows = await trx<SchoolYearRow>('school_years').orderBy('starts_on', 'desc')
  return rows.map(toYear)
}

export async function getSchoolYear(trx: Trx, id: number): Promise<SchoolYear> {
  const row = await trx<SchoolYearRow>('school_years').where({ id }).first()
  if (!row) throw notFound('Cette année scolaire est introuvable.')
  return toYear(row)
}

/** The current school year, or null when none is. */
export async function currentSchoolYear(trx: Trx): Promise<SchoolYear | null> {
  const row = await trx<SchoolYearRow>('school_years').where({ is_current: true }).first()
  return row ? toYear(row) : null
}

/** The checked first and last days of a year, refused when they overlap another year. */
async function checkedPeriod(
  trx: Trx,
  input: { startsOn: unknown; endsOn: unknown },
): Promise<{ startsOn: string; endsOn: string; label: string }> {
  const startsOn = parseDay(input.startsOn)
  const endsOn = parseDay(input.endsOn)
  const errors: Record<string, string> = {}
  if (!startsOn) errors['startsOn'] = dateRefusal(input.startsOn)
  if (!endsOn) errors['endsOn'] = dateRefusal(input.endsOn)
  if (startsOn && endsOn) {
    if (endsOn <= startsOn) errors['endsOn'] = M.endBeforeStart
    else if (Number(endsOn.slice(0, 4)) !== Number(startsOn.slice(0, 4)) + 1)
      errors['endsOn'] = M.yearSpan
  }
  if (!startsOn || !endsOn || Object.keys(errors).length) throw fieldError(errors)
  const period = { startsOn, endsOn }
  for (const other of await listSchoolYears(trx)) {
    if (periodsOverlap(period, other))
      throw refuse('CONFLICT', 'startsOn', M.yearOverlaps(other.label))
  }
  return { ...period, label: schoolYearLabel(startsOn, endsOn) }
}

async function insertYear(
  trx: Trx,
  period: { startsOn: string; endsOn: string; label: string },
  actor: PedagogyActor,
  details: Record<string, unknown> = {},
): Promise<number> {
  const [row] = await trx('school_years')
    .insert({
      label: period.label,
      starts_on: period.startsOn,
      ends_on: period.endsOn,
      is_current: false,
    })
    .returning<{ id: number }[]>('id')
  if (!row) throw new Error('school_years insert returned no id')
  await audit(
    trx,
    actor,
    'staff.school_year_created',
    { type: 'school_year', id: row.id },
    {
      ...period,
      ...details,
    },
  )
  return row.id
}

/** A new school year (not current); its label comes from its dates ("2025/2026"). */
export async function createSchoolYear(
  trx: Trx,
  input: { startsOn: unknown; endsOn: unknown },
  actor: PedagogyActor,
): Promise<SchoolYear> {
  const period = await checkedPeriod(trx, input)
  const id = await insertYear(trx, period, actor)
  return getSchoolYear(trx, id)
}

/** Makes a year the current one (the family tabs' "Cours"; the others are "Historique"). */
export async function setCurrentSchoolYear(
  trx: Trx,
  id: number,
  actor: PedagogyActor,
): Promise<void> {
  const year = await getSchoolYear(trx, id)
  await trx('school_years').where({ is_current: true }).update({ is_current: false })
  await trx('school_years').where({ id }).update({ is_current: true })
  await audit(
    trx,
    actor,
    'staff.school_year_current',
    { type: 'school_year', id },
    {
      label: year.label,
    },
  )
}

/**
 * The year after the current one, with a copy of every course of the current year that is not
 * archived (same site, discipline, teacher unless archived, timetable, room, capacity, horaires
 * aménagés), without pupils. Its dates default to the current ones a year later. One INSERT …
 * SELECT copies the courses, however many.
 */
export async function createNextSchoolYear(
  trx: Trx,
  input: { startsOn?: unknown; endsOn?: unknown },
  actor: PedagogyActor,
): Promise<{ schoolYear: SchoolYear; copiedCourses: number }> {
  const current = await currentSchoolYear(trx)
  if (!current) throw refuse('CONFLICT', 'schoolYear', M.noCurrentYear)
  const period = await checkedPeriod(trx, {
    startsOn: input.startsOn ?? sameDayNextYear(current.startsOn),
    endsOn: input.endsOn ?? sameDayNextYear(current.endsOn),
  })
  if (period.startsOn <= current.endsOn) {
    throw refuse('VALIDATION', 'startsOn', M.nextYearStartsAfter(formatDate(current.endsOn)))
  }
  const id = await insertYear(trx, period, actor, { copiedFrom: current.label })
  const now = isoNow(actor.clock)
  await trx.raw(
    `INSERT INTO courses (school_year_id, site_id, discipline_id, teacher_id, label, kind, weekday,
       start_time, duration_minutes, room, capacity, horaires_amenages, previous_course_id,
       created_at, updated_at)
     SELECT ?, c.site_id, c.discipline_id,
       CASE WHEN t.archived_at IS NULL THEN c.teacher_id END,
       c.label, c.kind, c.weekday, c.start_time, c.duration_minutes, c.room, c.capacity,
       c.horaires_amenages, c.id, ?, ?
     FROM courses c LEFT JOIN teachers t ON t.id = c.teacher_id
     WHERE c.school_year_id = ? AND c.archived_at IS NULL
     ORDER BY c.id`,
    [id, now, now, current.id],
  )
  const count = await trx('courses')
    .where({ school_year_id: id })
    .count<{ n: number }[]>({ n: '*' })
  const copiedCourses = Number(count[0]?.n ?? 0)
  await audit(
    trx,
    actor,
    'staff.school_year_courses_copied',
    { type: 'school_year', id },
    {
      from: current.label,
      courses: copiedCourses,
    },
  )
  return { schoolYear: await getSchoolYear(trx, id), copiedCourses }
}
