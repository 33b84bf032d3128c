// The Cours list as the back office shows and exports it: sorted on a column, in French order;
// the Enseignants list's export.
import { COURSE_COLUMNS, TEACHER_COLUMNS, type CourseSort } from '../../../db/rules/pedagogy.ts'
import type { CourseSummary } from '../../../db/services/pedagogy/course-pages.ts'
import type { Discipline } from '../../../db/services/pedagogy/disciplines.ts'
import type { Teacher } from '../../../db/services/pedagogy/teachers.ts'
import type { ExportTable } from '../exports.ts'

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true })

/** What a column sorts on: the timetable by day and hour (no day last), the others by their text. */
function sortKey(course: CourseSummary, sort: CourseSort): string | number {
  if (sort === 'effectif') return course.effectif
  if (sort === 'schedule')
    return course.weekday === null ? '9' : `${course.weekday} ${course.startTime ?? ''}`
  return course[sort]
}

/** The courses sorted on a column (then by label); the service's order (label) by default. */
export function sortCourses(
  courses: CourseSummary[],
  sort: CourseSort = 'label',
  order: 'asc' | 'desc' = 'asc',
): CourseSummary[] {
  const sign = order === 'desc' ? -1 : 1
  return [...courses].sort((a, b) => {
    const [x, y] = [sortKey(a, sort), sortKey(b, sort)]
    const first =
      typeof x === 'number' && typeof y === 'number'
        ? x - y
        : collator.compare(String(x), String(y))
    return sign * first || collator.compare(a.label, b.label) || a.id - b.id
  })
}

export function coursesTable(courses: CourseSummary[], schoolYear: string): ExportTable {
  return {
    name: `cours-${schoolYear.replace('/', '-')}`,
    title: `Cours ${schoolYear}`,
    columns: COURSE_COLUMNS,
    rows: courses.map((c) => [
      c.label,
      c.discipline,
      c.teacher,
      c.schedule,
      c.room,
      c.site,
      `${c.effectif} / ${c.capacity}`,
      c.horairesAmenages ? 'Oui' : 'Non',
    ]),
  }
}

/** The teachers by name (the service's order), their disciplines named. */
export function teachersTable(teachers: Teacher[], disciplines: Discipline[]): ExportTable {
  const name = new Map(disciplines.map((d) => [d.id, d.name]))
  return {
    name: 'enseignants',
    title: 'Enseignants',
    columns: TEACHER_COLUMNS,
    rows: teachers.map((t) => [
      t.civility,
      t.lastName,
      t.firstName,
      t.email,
      t.phone,
      t.disciplineIds.map((id) => name.get(id) ?? '').join(', '),
      t.active ? 'Oui' : 'Non',
    ]),
  }
}
