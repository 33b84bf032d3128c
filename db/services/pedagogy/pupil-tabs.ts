// What the pupil's tabs read: "Cours" (the current year's enrolments), "Historique" (the earlier
// years', with the end-of-cycle results), "Répertoire" (the works studied, by year), and the
// follow-up of one enrolment (suivi, évaluations, absences). Each read is a fixed number of SQL
// statements, however many courses the pupil has.
import type { Knex } from 'knex'
import type { Trx } from '../../connection.ts'
import { compiled, param, sqlOf, type Sql } from '../../prepared.ts'
import { slotLabel, teacherShortName, type CycleResult } from '../../rules/pedagogy.ts'

/** A line of the tabs Cours and Historique: one enrolment. */
export interface EnrolmentLine {
  enrolmentId: number
  pupilId: number
  courseId: number
  schoolYearId: number
  schoolYear: string
  cursus: string
  /** The ids of the cursus and cycle (null: none), for a form that changes them. */
  cursusId: number | null
  cycleId: number | null
  course: string
  discipline: string
  /** "G. BRANTOME"; '' when the course has no teacher yet. */
  teacher: string
  cycle: string
  weekday: number | null
  startTime: string | null
  durationMinutes: number | null
  /** "mardi 17:30–18:15" (jour et horaire); '' when not set. */
  schedule: string
  room: string
  horairesAmenages: boolean
  /** No end date. */
  active: boolean
  startsOn: string
  endsOn: string | null
}

export interface LineRow {
  id: number
  pupil_id: number
  course_id: number
  school_year_id: number
  school_year: string
  cursus: string | null
  cursus_id: number | null
  cycle_id: number | null
  course: string
  discipline: string
  teacher_first: string | null
  teacher_last: string | null
  cycle: string | null
  weekday: number | null
  start_time: string | null
  duration_minutes: number | null
  room: string
  horaires_amenages: number | boolean
  starts_on: string
  ends_on: string | null
}

/** The enrolments with everything a line shows (one statement; `where` narrows it). */
export function enrolmentLines(k: Knex): Knex.QueryBuilder {
  return k('enrolments')
    .join('courses', 'courses.id', 'enrolments.course_id')
    .join('school_years', 'school_years.id', 'courses.school_year_id')
    .join('disciplines', 'disciplines.id', 'courses.discipline_id')
    .leftJoin('teachers', 'teachers.id', 'courses.teacher_id')
    .leftJoin('cursus', 'cursus.id', 'enrolments.cursus_id')
    .leftJoin('cycles', 'cycles.id', 'enrolments.cycle_id')
    .select(
      'enrolments.id',
      'enrolments.pupil_id',
      'enrolments.course_id',
      'courses.school_year_id',
      'school_years.label as school_year',
      'cursus.name as cursus',
      'enrolments.cursus_id',
      'enrolments.cycle_id',
      'courses.label as course',
      'disciplines.name as discipline',
      'teachers.first_name as teacher_first',
      'teachers.last_name as teacher_last',
      'cycles.code as cycle',
      'courses.weekday',
      'courses.start_time',
      'courses.duration_minutes',
      'courses.room',
      'courses.horaires_amenages',
      'enrolments.starts_on',
      'enrolments.ends_on',
    )
}

export function toLine(r: LineRow): EnrolmentLine {
  return {
    enrolmentId: r.id,
    pupilId: r.pupil_id,
    courseId: r.course_id,
    schoolYearId: r.school_year_id,
    schoolYear: r.school_year,
    cursus: r.cursus ?? '',
    cursusId: r.cursus_id,
    cycleId: r.cycle_id,
    course: r.course,
    discipline: r.discipline,
    teacher: r.teacher_last ? teacherShortName(r.teacher_first ?? '', r.teacher_last) : '',
    cycle: r.cycle ?? '',
    weekday: r.weekday,
    startTime: r.start_time,
    durationMinutes: r.duration_minutes,
    schedule: slotLabel(r.weekday, r.start_time, r.duration_minutes),
    room: r.room,
    horairesAmenages: Boolean(r.horaires_amenages),
    active: r.ends_on === null,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
  }
}

/** The day order of a timetable: courses without a day last. */
export const TIMETABLE_ORDER = [
  'courses.weekday IS NULL',
  'courses.weekday',
  'courses.start_time',
  'courses.label',
  'enrolments.id',
].join(', ')

export const CURRENT_START = '(SELECT starts_on FROM school_years WHERE is_current = 1)'

const COURSES = compiled((k) =>
  enrolmentLines(k)
    .where('enrolments.pupil_id', param('pupilId'))
    .where('school_years.is_current', k.raw('1'))
    .orderByRaw(TIMETABLE_ORDER),
)

/** "Cours": the pupil's enrolments of the current school year, in timetable order (one statement). */
export function pupilCoursesNow(sql: Sql, pupilId: number): EnrolmentLine[] {
  return sql.all<LineRow>(COURSES(), { pupilId }).map(toLine)
}

export async function pupilCourses(trx: Trx, pupilId: number): Promise<EnrolmentLine[]> {
  return pupilCoursesNow(await sqlOf(trx), pupilId)
}

/** Every enrolment of the pupil, of every year (the staff's pupil page), latest year first (one statement). */
export async function pupilEnrolments(trx: Trx, pupilId: number): Promise<EnrolmentLine[]> {
  const rows = (await enrolmentLines(trx)
    .where('enrolments.pupil_id', pupilId)
    .orderBy('school_years.starts_on', 'desc')
    .orderByRaw(TIMETABLE_ORDER)) as LineRow[]
  return rows.map(toLine)
}

/** An end-of-cycle exam's outcome, as the history shows it. */
export interface CycleResultLine {
  evaluationId: number
  enrolmentId: number
  date: string
  schoolYear: string
  cursus: string
  cycle: string
  course: string
  result: CycleResult
  mark: number | null
  mention: string
  jury: string
}

/**
 * "Historique": the enrolments of the years before the current one (every year when none is
 * current), latest year first, and the pupil's end-of-cycle results (two statements).
 */
export async function pupilHistory(
  trx: Trx,
  pupilId: number,
): Promise<{ lines: EnrolmentLine[]; cycleResults: CycleResultLine[] }> {
  const rows = (await enrolmentLines(trx)
    .where('enrolments.pupil_id', pupilId)
    .whereRaw(`school_years.starts_on < coalesce(${CURRENT_START}, '9999-12-31')`)
    .orderBy('school_years.starts_on', 'desc')
    .orderByRaw(TIMETABLE_ORDER)) as LineRow[]
  const results = await trx('evaluations')
    .join('enrolments', 'enrolments.id', 'evaluations.enrolment_id')
    .join('courses', 'courses.id', 'enrolments.course_id')
    .join('school_years', 'school_years.id', 'courses.school_year_id')
    .leftJoin('cycles', 'cycles.id', 'evaluations.cycle_id')
    .leftJoin('cursus', 'cursus.id', 'cycles.cursus_id')
    .where('enrolments.pupil_id', pupilId)
    .where('evaluations.kind', 'examen_fin_cycle')
    .orderBy([{ column: 'evaluations.evaluated_on', order: 'desc' }, { column: 'evaluations.id' }])
    .select<
      {
        id: number
        enrolment_id: number
        evaluated_on: string
        school_year: string
        cursus: string | null
        cycle: string | null
        course: string
        result: CycleResult
        mark: number | null
        mention: string
        jury: string
      }[]
    >(
      'evaluations.id',
      'evaluations.enrolment_id',
      'evaluations.evaluated_on',
      'school_years.label as school_year',
      'cursus.name as cursus',
      'cycles.code as cycle',
      'courses.label as course',
      'evaluations.result',
      'evaluations.mark',
      'evaluations.mention',
      'evaluations.jury',
    )
  return {
    lines: rows.map(toLine),
    cycleResults: results.map((r) => ({
      evaluationId: r.id,
      enrolmentId: r.enrolment_id,
      date: r.evaluated_on,
      schoolYear: r.school_year,
      cursus: r.cursus ?? '',
      cycle: r.cycle ?? '',
      course: r.course,
      result: r.result,
      mark: r.mark === null ? null : Number(r.mark),
      mention: r.mention,
      jury: r.jury,
    })),
  }
}

export interface RepertoireYear {
  schoolYearId: number
  schoolYear: string
  works: { id: number; composer: string; title: string; courseId: number | null; course: string }[]
}

/** "Répertoire": the works the pupil has studied, by year (latest first; one statement). */
export async function pupilRepertoire(trx: Trx, pupilId: number): Promise<RepertoireYear[]> {
  const rows = await trx('repertoire_works')
    .join('school_years', 'school_years.id', 'repertoire_works.school_year_id')
    .leftJoin('courses', 'courses.id', 'repertoire_works.course_id')
    .where('repertoire_works.pupil_id', pupilId)
    .orderBy([
      { column: 'school_years.starts_on', order: 'desc' },
      { column: 'repertoire_works.composer' },
      { column: 'repertoire_works.title' },
      { column: 'repertoire_works.id' },
    ])
    .select<
      {
        id: number
        school_year_id: number
        school_year: string
        composer: string
        title: string
        course_id: number | null
        course: string | null
      }[]
    >(
      'repertoire_works.id',
      'repertoire_works.school_year_id',
      'school_years.label as school_year',
      'repertoire_works.composer',
      'repertoire_works.title',
      'repertoire_works.course_id',
      'courses.label as course',
    )
  const years: RepertoireYear[] = []
  for (const r of rows) {
    let year = years.at(-1)
    if (year?.schoolYearId !== r.school_year_id) {
      year = { schoolYearId: r.school_year_id, schoolYear: r.school_year, works: [] }
      years.push(year)
    }
    year.works.push({
      id: r.id,
      composer: r.composer,
      title: r.title,
      courseId: r.course_id,
      course: r.course ?? '',
    })
  }
  return years
}
