import { Http } from './http.ts'
import type {
  AccessMailingResult,
  AuditEntry,
  ChangeRequestSummary,
  ChangeRequestView,
  RecordValue,
  FamilyList,
  FamilyRecord,
  GrantedAccess,
  ImportCheckView,
  ImportFileInfo,
  ImportFileInput,
  ImportInput,
  ImportStreamLine,
  MailDetail,
  MailState,
  MailStatus,
  OutboxList,
  SiteOption,
  SmtpSettingsView,
  StaffMe,
} from './types.ts'

export interface SmtpSettingsInput {
  host: string
  port: number
  security: 'none' | 'starttls' | 'tls'
  user: string
  password?: string
  clearPassword?: boolean
  sender: string
}

/** The typed client of the back office's API. */
export function createStaffClient(http = new Http()) {
  return {
    http,
    setupRequired: () => http.get<{ required: boolean }>('/api/staff/setup'),
    setup: (input: {
      login: string
      displayName: string
      password: string
      confirmation: string
    }) => http.post<undefined>('/api/staff/setup', input),
    login: (input: { login: string; password: string }) =>
      http.post<undefined>('/api/staff/session', input),
    logout: () => http.delete<undefined>('/api/staff/session'),
    me: () => http.get<StaffMe>('/api/staff/me'),
    families: (query: { q?: string; page?: number; pageSize?: number }) =>
      http.get<FamilyList>('/api/staff/families', query),
    sites: () => http.get<SiteOption[]>('/api/staff/sites'),
    familyIds: (q: string) => http.get<{ ids: number[] }>('/api/staff/family-ids', { q }),
    family: (id: number) => http.get<FamilyRecord>(`/api/staff/families/${id}`),
    grantAccess: (guardianId: number) =>
      http.post<GrantedAccess>(`/api/staff/guardians/${guardianId}/access`, {}),
    setAccessEnabled: (guardianId: number, enabled: boolean) =>
      http.put<undefined>(`/api/staff/guardians/${guardianId}/access`, { enabled }),
    sendAccesses: (familyIds: number[]) =>
      http.post<AccessMailingResult>('/api/staff/access-mailings', { familyIds }),
    mailStatus: () => http.get<MailStatus>('/api/staff/mail-status'),
    outbox: (query: { status?: MailState | undefined; page?: number; pageSize?: number }) =>
      http.get<OutboxList>('/api/staff/outbox', query),
    mail: (id: number) => http.get<MailDetail>(`/api/staff/outbox/${id}`),
    retryMail: (id: number) => http.post<undefined>(`/api/staff/outbox/${id}/retry`, {}),
    smtpSettings: () => http.get<SmtpSettingsView>('/api/staff/settings/smtp'),
    saveSmtpSettings: (input: SmtpSettingsInput) =>
      http.put<undefined>('/api/staff/settings/smtp', input),
    changeRequests: () => http.get<{ items: ChangeRequestSummary[] }>('/api/staff/change-requests'),
    changeRequestCount: () => http.get<{ count: number }>('/api/staff/change-requests/count'),
    changeRequest: (id: number) => http.get<ChangeRequestView>(`/api/staff/change-requests/${id}`),
    /** Decides on the revision of the request that was shown (CONFLICT if the family changed it). */
    decide: (
      id: number,
      revision: number,
      decisions: Record<string, 'accept' | 'refuse'>,
      comment: string,
    ) =>
      http.post<{ closed: boolean }>(`/api/staff/change-requests/${id}/decision`, {
        revision,
        decisions,
        comment,
      }),
    updateGuardian: (id: number, values: Record<string, RecordValue>) =>
      http.put<undefined>(`/api/staff/guardians/${id}`, { values }),
    updatePupil: (id: number, values: Record<string, RecordValue>) =>
      http.put<undefined>(`/api/staff/pupils/${id}`, { values }),
    createFamily: (siteId: number, guardian: Record<string, RecordValue>) =>
      http.post<{ familyId: number; guardianId: number }>('/api/staff/families', {
        siteId,
        guardian,
      }),
    addGuardian: (familyId: number, values: Record<string, RecordValue>) =>
      http.post<{ guardianId: number }>(`/api/staff/families/${familyId}/guardians`, { values }),
    addPupil: (familyId: number, values: Record<string, RecordValue>) =>
      http.post<{ pupilId: number }>(`/api/staff/families/${familyId}/pupils`, { values }),
    archiveFamily: (id: number) => http.post<undefined>(`/api/staff/families/${id}/archive`, null),
    archiveGuardian: (id: number) =>
      http.post<undefined>(`/api/staff/guardians/${id}/archive`, null),
    archivePupil: (id: number) => http.post<undefined>(`/api/staff/pupils/${id}/archive`, null),
    familyAudit: (id: number) =>
      http.get<{ items: AuditEntry[] }>(`/api/staff/families/${id}/audit`),
    analyseImport: (file: ImportFileInput) =>
      http.post<ImportFileInfo>('/api/staff/family-imports/analysis', file),
    checkImport: (input: ImportInput) =>
      http.post<ImportCheckView>('/api/staff/family-imports/check', input),
    /** Imports a checked file; `onLine` sees its progress, then its result. */
    importFamilies: (input: ImportInput, onLine: (line: ImportStreamLine) => void) =>
      http.postLines<ImportStreamLine>('/api/staff/family-imports', input, onLine),
    testSmtp: (to: string) =>
      http.post<{ message: string }>('/api/staff/settings/smtp/test', { to }),
  }
}

export type StaffClient = ReturnType<typeof createStaffClient>
