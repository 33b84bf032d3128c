// What the back office reads of courses: the list of a year (with effectif / capacity), a course's
// page (its pupils); the roll call of a date is in roll-call.ts. Each read is a fixed number of SQL
// statements, however many courses or pupils.
import type { Knex } from 'knex'
import type { Trx } from '../../connection.ts'
import { slotLabel, teacherShortName, type CourseKind } from '../../rules/pedagogy.ts'
import type { SiteScope } from '../staff-scope.ts'
import { notFound } from './common.ts'
import { ON_ROLL } from './courses.ts'

export interface CourseSummary {
  id: number
  schoolYearId: number
  schoolYear: string
  siteId: number
  site: string
  disciplineId: number
  discipline: string
  teacherId: number | null
  teacher: string
  label: string
  kind: CourseKind
  weekday: number | null
  startTime: string | null
  durationMinutes: number | null
  schedule: string
  room: string
  capacity: number
  horairesAmenages: boolean
  archived: boolean
  /** The pupils on its roll today (ON_ROLL: a past year's on its last day). */
  effectif: number
}

function summaries(k: Knex, today: string): Knex.QueryBuilder {
  const effectif = k('enrolments')
    .whereRaw('enrolments.course_id = courses.id')
    .whereRaw(ON_ROLL, [today])
    .count('*')
  return k('courses')
    .join('school_years', 'school_years.id', 'courses.school_year_id')
    .join('sites', 'sites.id', 'courses.site_id')
    .join('disciplines', 'disciplines.id', 'courses.discipline_id')
    .leftJoin('teachers', 'teachers.id', 'courses.teacher_id')
    .select(
      'courses.*',
      'school_years.label as school_year',
      'sites.name as site',
      'disciplines.name as discipline',
      'teachers.first_name as teacher_first',
      'teachers.last_name as teacher_last',
      { effectif },
    )
}

function toSummary(r: Record<string, unknown>): CourseSummary {
  const weekday = r['weekday'] as number | null
  const startTime = r['start_time'] as string | null
  const duration = r['duration_minutes'] as number | null
  const last = r['teacher_last'] as string | null
  return {
    id: r['id'] as number,
    schoolYearId: r['school_year_id'] as number,
    schoolYear: r['school_year'] as string,
    siteId: r['site_id'] as number,
    site: r['site'] as string,
    disciplineId: r['discipline_id'] as number,
    discipline: r['discipline'] as string,
    teacherId: r['teacher_id'] as number | null,
    teacher: last ? teacherShortName((r['teacher_first'] as string | null) ?? '', last) : '',
    label: r['label'] as string,
    kind: r['kind'] as CourseKind,
    weekday,
    startTime,
    durationMinutes: duration,
    schedule: slotLabel(weekday, startTime, duration),
    room: r['room'] as string,
    capacity: r['capacity'] as number,
    horairesAmenages: Boolean(r['horaires_amenages']),
    archived: r['archived_at'] !== null,
    effectif: Number(r['effectif']),
  }
}

export interface CourseFilter {
  schoolYearId: number
  /** The day the effectifs are counted on (« 2026-11-27 », Paris). */
  today: string
  /** The sites the staff member works for; null: every site. */
  siteIds: SiteScope
  siteId?: number
  disciplineId?: number
  teacherId?: number
  includeArchived?: boolean
}

/** The courses of a year, filtered, by label (one statement). */
export async function listCourses(trx: Trx, filter: CourseFilter): Promise<CourseSummary[]> {
  const rows = (await summaries(trx, filter.today)
    .where('courses.school_year_id', filter.schoolYearId)
    .modify((q) => {
      if (filter.siteIds !== null) void q.whereIn('courses.site_id', filter.siteIds)
      if (filter.siteId !== undefined) void q.where('courses.site_id', filter.siteId)
      if (filter.disciplineId !== undefined)
        void q.where('courses.discipline_id', filter.disciplineId)
      if (filter.teacherId !== undefined) void q.where('courses.teacher_id', filter.teacherId)
      if (!filter.includeArchived) void q.whereNull('courses.archived_at')
    })
    .orderBy([{ column: 'courses.label' }, { column: 'courses.id' }])) as Record<string, unknown>[]
  return rows.map(toSummary)
}

export async function getCourse(trx: Trx, courseId: number, today: string): Promise<CourseSummary> {
  const row = (await summaries(trx, today).where('courses.id', courseId).first()) as
    Record<string, unknown> | undefined
  if (!row) throw notFound('Ce cours est introuvable.')
  return toSummary(row)
}

export interface CoursePupil {
  enrolmentId: number
  pupilId: number
  familyId: number
  lastName: string
  firstName: string
  cursus: string
  cycle: string
  startsOn: string
  endsOn: string | null
  active: boolean
}

interface PupilRow {
  id: number
  pupil_id: number
  family_id: number
  last_name: string
  first_name: string
  cursus: string | null
  cycle: string | null
  starts_on: string
  ends_on: string | null
}

function pupilsOf(k: Knex, courseId: number): Knex.QueryBuilder {
  return k('enrolments')
    .join('pupils', 'pupils.id', 'enrolments.pupil_id')
    .leftJoin('cursus', 'cursus.id', 'enrolments.cursus_id')
    .leftJoin('cycles', 'cycles.id', 'enrolments.cycle_id')
    .where('enrolments.course_id', courseId)
    .orderBy([{ column: 'pupils.sort_key' }, { column: 'enrolments.id' }])
    .select(
      'enrolments.id',
      'enrolments.pupil_id',
      'pupils.family_id',
      'pupils.last_name',
      'pupils.first_name',
      'cursus.name as cursus',
      'cycles.code as cycle',
      'enrolments.starts_on',
      'enrolments.ends_on',
    )
}

const toPupil = (r: PupilRow): CoursePupil => ({
  enrolmentId: r.id,
  pupilId: r.pupil_id,
  familyId: r.family_id,
  lastName: r.last_name,
  firstName: r.first_name,
  cursus: r.cursus ?? '',
  cycle: r.cycle ?? '',
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  active: r.ends_on === null,
})

/** A course's page: the course (effectif / capacity) and its pupils, active ones first (two statements). */
export async function coursePage(
  trx: Trx,
  courseId: number,
  today: string,
): Promise<{ course: CourseSummary; pupils: CoursePupil[] }> {
  const course = await getCourse(trx, courseId, today)
  const rows = (await pupilsOf(trx, courseId)) as PupilRow[]
  const pupils = rows.map(toPupil)
  return { course, pupils: [...pupils.filter((p) => p.active), ...pupils.filter((p) => !p.active)] }
}
