import { familyBillingCalls } from './family-billing-client.ts'
import { familyPayfipCalls } from './family-payfip-client.ts'
import { Http } from './http.ts'
import type {
  EnrolmentFollowUpView,
  EnrolmentLineView,
  PupilHistoryView,
  RepertoireYearView,
  FamilyHome,
  FamilyRecordView,
  PasswordLinkInfo,
  PortalBrand,
  PupilRecordView,
  RecordValue,
  RecordView,
  ResetAnswer,
  School,
  SiteOption,
} from './types.ts'
import { reenrolmentCalls } from './family-reenrolment-client.ts'
import { familyDocumentCalls } from './family-documents-client.ts'

/** The typed client of the family extranet's API. */
export function createFamilyClient(http = new Http()) {
  return {
    http,
    sites: () => http.get<SiteOption[]>('/api/family/sites'),
    brand: () => http.get<PortalBrand>('/api/family/conservatoire'),
    login: (input: { siteId: number; login: string; password: string }) =>
      http.post<undefined>('/api/family/session', input),
    logout: () => http.delete<undefined>('/api/family/session'),
    home: () => http.get<FamilyHome>('/api/family/home'),
    requestReset: (input: { siteId: number; login: string; email: string }) =>
      http.post<ResetAnswer>('/api/family/password-reset-requests', input),
    passwordLink: (token: string) =>
      http.get<PasswordLinkInfo>(`/api/family/password-links/${encodeURIComponent(token)}`),
    usePasswordLink: (token: string, input: { password: string; confirmation: string }) =>
      http.post<{ siteId: number; login: string }>(
        `/api/family/password-links/${encodeURIComponent(token)}`,
        input,
      ),
    record: () => http.get<FamilyRecordView>('/api/family/record'),
    saveGuardian: (values: Record<string, RecordValue>) =>
      http.put<RecordView>('/api/family/guardian', { values }),
    pupil: (id: number) => http.get<PupilRecordView>(`/api/family/pupils/${id}`),
    savePupil: (id: number, values: Record<string, RecordValue>) =>
      http.put<RecordView>(`/api/family/pupils/${id}`, { values }),
    schools: () => http.get<School[]>('/api/family/schools'),
    /** « Cours »: the pupil's courses of the current school year. */
    pupilCourses: (id: number) => http.get<EnrolmentLineView[]>(`/api/family/pupils/${id}/courses`),
    /** The courses of the next school year (a validated réinscription), below « Cours ». */
    pupilUpcomingCourses: (id: number) =>
      http.get<EnrolmentLineView[]>(`/api/family/pupils/${id}/upcoming-courses`),
    /** « Historique »: the earlier years' courses and the end-of-cycle results. */
    pupilHistory: (id: number) => http.get<PupilHistoryView>(`/api/family/pupils/${id}/history`),
    pupilRepertoire: (id: number) =>
      http.get<RepertoireYearView[]>(`/api/family/pupils/${id}/repertoire`),
    /** A course opened: « Suivi » (« Commentaires »), « Évaluations », « Absences ». */
    enrolment: (id: number) => http.get<EnrolmentFollowUpView>(`/api/family/enrolments/${id}`),
    changePassword: (input: { current: string; password: string; confirmation: string }) =>
      http.put<undefined>('/api/family/password', input),
    ...reenrolmentCalls(http),
    ...familyDocumentCalls(http),
    ...familyBillingCalls(http),
    ...familyPayfipCalls(http),
  }
}

export type FamilyClient = ReturnType<typeof createFamilyClient>
