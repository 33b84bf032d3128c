// What the Cours list, its form and the course page choose from: the school years, the staff
// member's sites, the disciplines, the teachers (loaded together), and the words of a course.
import { ref } from 'vue'
import { WEEKDAYS, parisDay, weekdayLabel } from '../../../../db/rules/pedagogy.ts'
import type {
  CourseSummaryView,
  DisciplineView,
  SchoolYearView,
  SiteOption,
  TeacherView,
} from '../../../../extranet/api/types.ts'
import { api } from '../../api.ts'
import { date } from '../../format.ts'

/** A choice of a native select: its value and its text. */
export interface Choice<V = number> {
  value: V
  text: string
}

export function useCourseChoices() {
  const years = ref<SchoolYearView[]>([])
  const sites = ref<SiteOption[]>([])
  const disciplines = ref<DisciplineView[]>([])
  const teachers = ref<TeacherView[]>([])
  async function load(): Promise<void> {
    ;[years.value, sites.value, disciplines.value, teachers.value] = await Promise.all([
      api.schoolYears(),
      api.sites(),
      api.disciplines(),
      api.teachers(),
    ])
  }
  return { years, sites, disciplines, teachers, load }
}

export type CourseChoices = ReturnType<typeof useCourseChoices>

/** "BRANTOME Gilles", as the lists of teachers sort them. */
export const teacherName = (t: Pick<TeacherView, 'lastName' | 'firstName'>) =>
  `${t.lastName} ${t.firstName}`.trim()

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

export const WEEKDAY_CHOICES: Choice[] = WEEKDAYS.map((d) => ({
  value: d,
  text: capitalised(weekdayLabel(d)),
}))

/** "12 / 15": the pupils enrolled now, and the capacity. */
export const effectif = (c: Pick<CourseSummaryView, 'effectif' | 'capacity'>) =>
  `${c.effectif} / ${c.capacity}`

/** The course's name where it is named: "Trompette 1C1 (Trompette)". */
export const courseTitle = (c: Pick<CourseSummaryView, 'label' | 'discipline'>) =>
  c.label === c.discipline ? c.label : `${c.label} (${c.discipline})`

/** Today (in France) as the forms show a date, kept inside the school year. */
export function dayInYear(year: Pick<SchoolYearView, 'startsOn' | 'endsOn'>): string {
  const today = parisDay(new Date())
  const day = today < year.startsOn ? year.startsOn : today > year.endsOn ? year.endsOn : today
  return date(day)
}

/** The address's query of the Cours list as last shown: the course page's way back to it. */
export const coursesListQuery = ref<Record<string, string>>({})

/** "DUPONT Léa". */
export const pupilName = (p: { lastName: string; firstName: string }) =>
  `${p.lastName} ${p.firstName}`.trim()
