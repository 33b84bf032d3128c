// The back office's pedagogy calls (« Pédagogie », the course page, the pupil's enrolments), part of
// the staff client (`createStaffClient` spreads them in).
import type { ExportFormat } from '../../db/rules/lists.ts'
import type { CourseKind, CourseSort, EvaluationKind } from '../../db/rules/pedagogy.ts'
import type { Http } from './http.ts'
import type {
  CoursePageView,
  CourseSummaryView,
  CreatedId,
  CursusView,
  CycleResult,
  DepartmentView,
  DisciplineView,
  EnrolmentFollowUpView,
  EnrolmentLineView,
  NextSchoolYearResult,
  PupilHistoryView,
  PupilMatchView,
  RemovalResult,
  RepertoireYearView,
  RollCallView,
  SchoolYearView,
  TeacherAccountView,
  TeacherView,
} from './types.ts'

export interface CourseFilters {
  schoolYearId: number
  siteId?: number | undefined
  disciplineId?: number | undefined
  teacherId?: number | undefined
  includeArchived?: boolean
  sort?: CourseSort | undefined
  order?: 'asc' | 'desc' | undefined
}

/** A course as its form sends it; the school year counts on creation only. */
export interface CourseInput {
  schoolYearId?: number
  siteId: number | null
  disciplineId: number | null
  teacherId: number | null
  label: string
  kind: CourseKind | ''
  weekday: number | null
  startTime: string | null
  durationMinutes: number | null
  room: string
  capacity: number
  horairesAmenages: boolean
}

export interface TeacherInput {
  civility: string
  lastName: string
  firstName: string
  email: string
  phone: string
  staffUserId: number | null
  disciplineIds: number[]
}

export interface CycleInput {
  /** On creation only: a cycle stays in its cursus. */
  cursusId?: number
  code: string
  label: string
  position?: number
  nextCycleId: number | null
}

export interface EnrolInput {
  courseId: number | null
  schoolYearId: number | null
  cursusId: number | null
  cycleId: number | null
  /** Default: today, or the first day of the year when it has not begun. */
  startsOn?: string
}

export interface EvaluationInput {
  date: string
  kind: EvaluationKind | ''
  mark: number | null
  mention: string
  appreciation: string
  jury: string
  result: CycleResult | null
}

export interface RepertoireInput {
  schoolYearId: number | null
  courseId: number | null
  composer: string
  title: string
}

export interface RollCallInput {
  date: string
  absences: { enrolmentId: number; justified: boolean; reason: string }[]
}

const query = ({ includeArchived, ...filters }: CourseFilters) => ({
  ...filters,
  ...(includeArchived === undefined ? {} : { includeArchived: String(includeArchived) }),
})

/** Créer, Modifier, Supprimer (archived when referred to) and Restaurer of a pedagogy list. */
function listCalls<Input, Saved>(http: Http, segment: string) {
  return {
    create: (input: Input) => http.post<Saved>(`/api/staff/${segment}`, input),
    update: (id: number, input: Input) => http.put<Saved>(`/api/staff/${segment}/${id}`, input),
    remove: (id: number) => http.delete<RemovalResult>(`/api/staff/${segment}/${id}`),
    restore: (id: number) => http.post<undefined>(`/api/staff/${segment}/${id}/restore`, null),
  }
}

export function pedagogyCalls(http: Http) {
  return {
    schoolYears: () => http.get<SchoolYearView[]>('/api/staff/school-years'),
    createSchoolYear: (input: { startsOn: string; endsOn: string }) =>
      http.post<SchoolYearView>('/api/staff/school-years', input),
    /** The year after the current one, with a copy of its courses (no pupils). */
    createNextSchoolYear: (input: { startsOn?: string; endsOn?: string } = {}) =>
      http.post<NextSchoolYearResult>('/api/staff/school-years/next', input),
    setCurrentSchoolYear: (id: number) =>
      http.put<undefined>(`/api/staff/school-years/${id}/current`, null),
    departments: () => http.get<DepartmentView[]>('/api/staff/departments'),
    department: listCalls<{ name: string }, DepartmentView>(http, 'departments'),
    disciplines: () => http.get<DisciplineView[]>('/api/staff/disciplines'),
    discipline: listCalls<{ departmentId: number | null; name: string }, CreatedId>(
      http,
      'disciplines',
    ),
    cursus: () => http.get<CursusView[]>('/api/staff/cursus'),
    oneCursus: listCalls<{ departmentId: number | null; name: string }, CreatedId>(http, 'cursus'),
    cycle: listCalls<CycleInput, CreatedId>(http, 'cycles'),
    teachers: () => http.get<TeacherView[]>('/api/staff/teachers'),
    exportTeachers: (format: ExportFormat) =>
      http.download('/api/staff/teachers/export', { format }),
    teacher: listCalls<TeacherInput, CreatedId>(http, 'teachers'),
    courses: (filters: CourseFilters) =>
      http.get<CourseSummaryView[]>('/api/staff/courses', query(filters)),
    exportCourses: (filters: CourseFilters & { format: ExportFormat }) =>
      http.download('/api/staff/courses/export', query(filters)),
    course: listCalls<CourseInput, CreatedId>(http, 'courses'),
    coursePage: (id: number) => http.get<CoursePageView>(`/api/staff/courses/${id}`),
    rollCall: (courseId: number, date: string) =>
      http.get<RollCallView>(`/api/staff/courses/${courseId}/roll-call`, { date }),
    /** The absents of a date; every other pupil of the course is present. */
    saveRollCall: (courseId: number, input: RollCallInput) =>
      http.put<{ absent: number }>(`/api/staff/courses/${courseId}/roll-call`, input),
    pupilEnrolments: (pupilId: number) =>
      http.get<EnrolmentLineView[]>(`/api/staff/pupils/${pupilId}/enrolments`),
    enrol: (pupilId: number, input: EnrolInput) =>
      http.post<{ enrolmentId: number }>(`/api/staff/pupils/${pupilId}/enrolments`, input),
    enrolment: (id: number) => http.get<EnrolmentFollowUpView>(`/api/staff/enrolments/${id}`),
    endEnrolment: (id: number, endsOn: string) =>
      http.put<undefined>(`/api/staff/enrolments/${id}/end`, { endsOn }),
    changeCycle: (id: number, input: { cursusId: number | null; cycleId: number | null }) =>
      http.put<undefined>(`/api/staff/enrolments/${id}/cycle`, input),
    /** Takes back an enrolment made by mistake (refused once it has a follow-up). */
    cancelEnrolment: (id: number) => http.delete<undefined>(`/api/staff/enrolments/${id}`),
    addEvaluation: (enrolmentId: number, input: EvaluationInput) =>
      http.post<CreatedId>(`/api/staff/enrolments/${enrolmentId}/evaluations`, input),
    updateEvaluation: (enrolmentId: number, id: number, input: EvaluationInput) =>
      http.put<CreatedId>(`/api/staff/enrolments/${enrolmentId}/evaluations/${id}`, input),
    deleteEvaluation: (enrolmentId: number, id: number) =>
      http.delete<undefined>(`/api/staff/enrolments/${enrolmentId}/evaluations/${id}`),
    addSuivi: (enrolmentId: number, input: { date: string; text: string }) =>
      http.post<CreatedId>(`/api/staff/enrolments/${enrolmentId}/suivi`, input),
    updateSuivi: (enrolmentId: number, id: number, input: { date: string; text: string }) =>
      http.put<CreatedId>(`/api/staff/enrolments/${enrolmentId}/suivi/${id}`, input),
    deleteSuivi: (enrolmentId: number, id: number) =>
      http.delete<undefined>(`/api/staff/enrolments/${enrolmentId}/suivi/${id}`),
    pupilRepertoire: (pupilId: number) =>
      http.get<RepertoireYearView[]>(`/api/staff/pupils/${pupilId}/repertoire`),
    addRepertoireWork: (pupilId: number, input: RepertoireInput) =>
      http.post<CreatedId>(`/api/staff/pupils/${pupilId}/repertoire`, input),
    updateRepertoireWork: (pupilId: number, id: number, input: RepertoireInput) =>
      http.put<CreatedId>(`/api/staff/pupils/${pupilId}/repertoire/${id}`, input),
    deleteRepertoireWork: (pupilId: number, id: number) =>
      http.delete<undefined>(`/api/staff/pupils/${pupilId}/repertoire/${id}`),
    exportSchoolYears: (format: ExportFormat) =>
      http.download('/api/staff/school-years/export', { format }),
    exportDisciplines: (format: ExportFormat) =>
      http.download('/api/staff/disciplines/export', { format }),
    /** Every cursus with its cycles, a row per cycle. */
    exportCursus: (format: ExportFormat) => http.download('/api/staff/cursus/export', { format }),
    /** The staff accounts with the role Enseignant, that a teacher may be linked to. */
    teacherAccounts: () => http.get<TeacherAccountView[]>('/api/staff/teacher-accounts'),
    /** "Historique": the earlier years' enrolments and the end-of-cycle results. */
    pupilHistory: (pupilId: number) =>
      http.get<PupilHistoryView>(`/api/staff/pupils/${pupilId}/history`),
    /** Pupils whose name holds every word of `q` (20 at most), of one site when asked. */
    searchPupils: (q: string, siteId?: number) =>
      http.get<PupilMatchView[]>('/api/staff/pupils', { q, siteId }),
  }
}
