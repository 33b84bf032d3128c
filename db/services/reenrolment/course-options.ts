// The next year's courses a line of a réinscription may continue into: every course of its
// discipline for staff (courseOptions), the courses that continue it for the family
// (familyCourseOptions: the tab shows them, « Valider » checks the choice against them).
import type { Trx } from '../../connection.ts'
import type { Sql } from '../../prepared.ts'
import { slotLabel, teacherShortName } from '../../rules/pedagogy.ts'
import type { CurrentEnrolment } from './common.ts'

/** A course of next year as the options are read: with its teacher and its day and time. */
type CourseRow = {
  id: number
  label: string
  previous_course_id: number | null
  weekday: number | null
  start_time: string | null
  duration_minutes: number | null
  first_name: string | null
  last_name: string | null
}

/** A course of the next year a line may continue into, told apart from its namesakes. */
export interface CourseOption {
  courseId: number
  label: string
  /** The course copied from the line's course (the default choice). */
  continues: boolean
  /** Its teacher and its day and time (« G. BRANTOME, mercredi 14:00–15:00 »), what is set. */
  detail: string
}

const FRENCH = new Intl.Collator('fr')

/** « G. BRANTOME, mercredi 14:00–15:00 »: groups of a course often share its title. */
function detailOf(r: CourseRow): string {
  return [
    r.last_name === null ? '' : teacherShortName(r.first_name ?? '', r.last_name),
    slotLabel(r.weekday, r.start_time, r.duration_minutes),
  ]
    .filter(Boolean)
    .join(', ')
}

/**
 * Next year's courses as a line offers them, each once (a pupil enrolled twice in a course this
 * year brings its courses twice): the copy of its course first, then by label.
 */
export function optionsOfCourse(courseId: number, rows: readonly CourseRow[]): CourseOption[] {
  return [...new Map(rows.map((r) => [r.id, r])).values()]
    .map((r) => ({
      courseId: r.id,
      label: r.label,
      continues: r.previous_course_id === courseId,
      detail: detailOf(r),
    }))
    .sort(
      (a, b) =>
        Number(b.continues) - Number(a.continues) ||
        FRENCH.compare(a.label, b.label) ||
        FRENCH.compare(a.detail, b.detail) ||
        a.courseId - b.courseId,
    )
}

/**
 * The next year's courses a line may continue into: the courses of the campaign's year, at the
 * same site, of the same discipline, not archived; the copy of the line's own course first.
 */
export async function courseOptions(
  trx: Trx,
  line: CurrentEnrolment,
  schoolYearId: number,
): Promise<CourseOption[]> {
  const rows = await trx('courses as c')
    .leftJoin('teachers as t', 't.id', 'c.teacher_id')
    .where({
      'c.school_year_id': schoolYearId,
      'c.site_id': line.siteId,
      'c.discipline_id': line.disciplineId,
    })
    .whereNull('c.archived_at')
    .select<CourseRow[]>(
      'c.id',
      'c.label',
      'c.previous_course_id',
      'c.weekday',
      'c.start_time',
      'c.duration_minutes',
      't.first_name',
      't.last_name',
    )
  return optionsOfCourse(line.courseId, rows)
}

/**
 * What a family may choose, for every course of a pupil's year at once (`@previous`, the year before
 * the campaign's `@next`): next year's courses that continue the line's course (its copy, and the
 * other groups staff made from it), or, for a course that none continues, next year's courses of
 * its site and discipline (courseOptions). Each row names the course of the line it is for. CROSS
 * JOIN keeps SQLite to this order (from the pupil's enrolments), which it would otherwise not
 * choose without statistics.
 */
const FAMILY_OPTIONS = `SELECT n.id, n.label, n.previous_course_id, n.weekday, n.start_time,
    n.duration_minutes, t.first_name, t.last_name, c.id AS line_course_id
  FROM enrolments e
  CROSS JOIN courses c ON c.id = e.course_id
  CROSS JOIN courses n ON n.previous_course_id = c.id AND n.school_year_id = @next
    AND n.archived_at IS NULL
  LEFT JOIN teachers t ON t.id = n.teacher_id
  WHERE e.pupil_id = @pupil AND c.school_year_id = @previous
  UNION ALL
  SELECT n.id, n.label, n.previous_course_id, n.weekday, n.start_time,
    n.duration_minutes, t.first_name, t.last_name, c.id AS line_course_id
  FROM enrolments e
  CROSS JOIN courses c ON c.id = e.course_id
  CROSS JOIN courses n ON n.school_year_id = @next AND n.site_id = c.site_id
    AND n.discipline_id = c.discipline_id AND n.archived_at IS NULL
  LEFT JOIN teachers t ON t.id = n.teacher_id
  WHERE e.pupil_id = @pupil AND c.school_year_id = @previous
    AND NOT EXISTS (SELECT 1 FROM courses k WHERE k.previous_course_id = c.id
      AND k.school_year_id = @next AND k.archived_at IS NULL)`

/**
 * The next year's courses a family may choose for each course of the pupil's year `previous`
 * (FAMILY_OPTIONS, one prepared statement), by the line's course. A family picks its group among
 * a few, whatever the size of the conservatoire; a change of course or teacher is asked in
 * « Information complémentaire », and staff, who see every course of the discipline
 * (courseOptions), place the pupil when they validate.
 */
export function familyCourseOptions(
  sql: Sql,
  at: { pupil: number; previous: number | null; next: number },
): (lineCourseId: number) => CourseOption[] {
  const rows = sql.all<CourseRow & { line_course_id: number }>(FAMILY_OPTIONS, at)
  return (lineCourseId) =>
    optionsOfCourse(
      lineCourseId,
      rows.filter((r) => r.line_course_id === lineCourseId),
    )
}

/** The course of next year that continues a line's course, as the tab's lines read it (LINES). */
export interface ContinuationColumns {
  course_id: number
  n_id: number | null
  n_label: string | null
  n_previous_course_id: number | null
  n_weekday: number | null
  n_start_time: string | null
  n_duration_minutes: number | null
  n_first_name: string | null
  n_last_name: string | null
}

/**
 * familyCourseOptions, from the courses that continue each line read with the lines when every
 * line has one (no statement more: the usual case, next year made from this one); read by
 * familyCourseOptions when a line has none (its site and discipline's courses are offered).
 */
export function familyOptionsOf(
  sql: Sql,
  at: { pupil: number; previous: number | null; next: number },
  lines: readonly ContinuationColumns[],
): (lineCourseId: number) => CourseOption[] {
  if (lines.some((l) => l.n_id === null)) return familyCourseOptions(sql, at)
  const continuations = new Map<number, CourseRow[]>()
  for (const l of lines) {
    const row: CourseRow = {
      id: l.n_id as number,
      label: l.n_label ?? '',
      previous_course_id: l.n_previous_course_id,
      weekday: l.n_weekday,
      start_time: l.n_start_time,
      duration_minutes: l.n_duration_minutes,
      first_name: l.n_first_name,
      last_name: l.n_last_name,
    }
    continuations.set(l.course_id, [...(continuations.get(l.course_id) ?? []), row])
  }
  return (lineCourseId) => optionsOfCourse(lineCourseId, continuations.get(lineCourseId) ?? [])
}
