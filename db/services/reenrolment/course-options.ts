// The next year's courses a line of a réinscription may continue into: every course of its
// discipline for staff (courseOptions), the courses that continue it for the family
// (familyCourseOptions).
import type { Trx } from '../../connection.ts'
import type { CurrentEnrolment } from './common.ts'

/** A course of next year as the options are read. */
type CourseRow = { id: number; label: string; previous_course_id: number | null }

/** A course of the next year a line may continue into. */
export interface CourseOption {
  courseId: number
  label: string
  /** The course copied from the line's course (the default choice). */
  continues: boolean
}

const FRENCH = new Intl.Collator('fr')

/** Next year's courses as a line offers them: the copy of its course first, then by label. */
export function optionsOfCourse(courseId: number, rows: readonly CourseRow[]): CourseOption[] {
  return rows
    .map((r) => ({ courseId: r.id, label: r.label, continues: r.previous_course_id === courseId }))
    .sort(
      (a, b) =>
        Number(b.continues) - Number(a.continues) ||
        FRENCH.compare(a.label, b.label) ||
        a.courseId - b.courseId,
    )
}

/** The courses that are not archived among those `where` names. */
function openCourses(trx: Trx, where: Record<string, number>): Promise<CourseRow[]> {
  return trx('courses')
    .where(where)
    .whereNull('archived_at')
    .select<CourseRow[]>('id', 'label', 'previous_course_id')
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
  const rows = await openCourses(trx, {
    school_year_id: schoolYearId,
    site_id: line.siteId,
    discipline_id: line.disciplineId,
  })
  return optionsOfCourse(line.courseId, rows)
}

/**
 * The next year's courses a family may choose for a line: the courses that continue its course
 * (its copy, and the other groups staff made from it), or, when none does, those of courseOptions.
 * A family picks its group among a few, whatever the size of the conservatoire; a change of
 * course or teacher is asked in « Information complémentaire », and staff, who see every course of
 * the discipline (courseOptions), place the pupil when they validate.
 */
export async function familyCourseOptions(
  trx: Trx,
  line: CurrentEnrolment,
  schoolYearId: number,
): Promise<CourseOption[]> {
  const rows = await openCourses(trx, {
    school_year_id: schoolYearId,
    previous_course_id: line.courseId,
  })
  return rows.length > 0
    ? optionsOfCourse(line.courseId, rows)
    : courseOptions(trx, line, schoolYearId)
}
