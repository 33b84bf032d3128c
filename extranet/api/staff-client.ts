import { staffTariffCalls } from './staff-tariffs-client.ts'
import { staffBillingCalls } from './staff-billing-client.ts'
import { staffSepaCalls } from './staff-sepa-client.ts'
import { staffPayfipCalls } from './staff-payfip-client.ts'
import type {
  ExportFormat,
  FamilySort,
  FamilyState,
  MailSort,
  RequestSort,
  SortOrder,
} from '../../db/rules/lists.ts'
import { Http } from './http.ts'
import { pedagogyCalls } from './staff-pedagogy-client.ts'
import { campaignCalls } from './staff-campaigns-client.ts'
import { reviewCalls } from './staff-review-client.ts'
import { staffDocumentCalls } from './staff-documents-client.ts'
import type {
  AccessMailingResult,
  AuditEntry,
  BackupList,
  BackupView,
  ConservatoireIdentity,
  ConservatoireView,
  FirstRunState,
  SiteFields,
  SiteView,
  ChangeRequestList,
  ChangeRequestView,
  RecordValue,
  School,
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
  RestoreResult,
  SiteOption,
  SmtpSettingsView,
  StaffAccount,
  StaffMe,
  StaffPasswordLinkInfo,
  StaffRole,
} from './types.ts'

/** A staff account as the administrator types it. */
export interface StaffAccountInput {
  login: string
  displayName: string
  email: string
  role: StaffRole
  siteIds: number[]
}

export interface SmtpSettingsInput {
  host: string
  port: number
  security: 'none' | 'starttls' | 'tls'
  user: string
  password?: string
  clearPassword?: boolean
  sender: string
}

/**
 * What every list asks: the sort, the order, the size of a page and where it starts: after or
 * before a cursor the server gave (a page's `next` or `previous`), the last page, or the first.
 */
export interface ListParams<Sort extends string> {
  sort?: Sort | undefined
  order?: SortOrder | undefined
  pageSize?: number
  after?: string | undefined
  before?: string | undefined
  last?: boolean | undefined
}

export interface FamilyFilters {
  q?: string
  siteId?: number | undefined
  state?: FamilyState
}
export interface RequestFilters {
  q?: string
  siteId?: number | undefined
}
export interface MailFilters {
  q?: string
  status?: MailState | undefined
}

/** A list's query as the address carries it (`last=true`). */
const listQuery = <P extends { last?: boolean | undefined }>({ last, ...query }: P) => ({
  ...query,
  last: last ? 'true' : undefined,
})

type Exported<P> = Omit<P, 'pageSize' | 'after' | 'before' | 'last'> & { format: ExportFormat }

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
    families: (query: FamilyFilters & ListParams<FamilySort>) =>
      http.get<FamilyList>('/api/staff/families', listQuery(query)),
    exportFamilies: (query: Exported<FamilyFilters & ListParams<FamilySort>>) =>
      http.download('/api/staff/families/export', { ...query }),
    sites: () => http.get<SiteOption[]>('/api/staff/sites'),
    familyIds: (filters: FamilyFilters) =>
      http.get<{ ids: number[] }>('/api/staff/family-ids', { ...filters }),
    family: (id: number) => http.get<FamilyRecord>(`/api/staff/families/${id}`),
    grantAccess: (guardianId: number) =>
      http.post<GrantedAccess>(`/api/staff/guardians/${guardianId}/access`, {}),
    setAccessEnabled: (guardianId: number, enabled: boolean) =>
      http.put<undefined>(`/api/staff/guardians/${guardianId}/access`, { enabled }),
    sendAccesses: (familyIds: number[]) =>
      http.post<AccessMailingResult>('/api/staff/access-mailings', { familyIds }),
    mailStatus: () => http.get<MailStatus>('/api/staff/mail-status'),
    outbox: (query: MailFilters & ListParams<MailSort>) =>
      http.get<OutboxList>('/api/staff/outbox', listQuery(query)),
    exportMails: (query: Exported<MailFilters & ListParams<MailSort>>) =>
      http.download('/api/staff/outbox/export', { ...query }),
    mail: (id: number) => http.get<MailDetail>(`/api/staff/outbox/${id}`),
    retryMail: (id: number) => http.post<undefined>(`/api/staff/outbox/${id}/retry`, {}),
    smtpSettings: () => http.get<SmtpSettingsView>('/api/staff/settings/smtp'),
    saveSmtpSettings: (input: SmtpSettingsInput) =>
      http.put<undefined>('/api/staff/settings/smtp', input),
    changeRequests: (query: RequestFilters & ListParams<RequestSort> = {}) =>
      http.get<ChangeRequestList>('/api/staff/change-requests', listQuery(query)),
    exportChangeRequests: (query: Exported<RequestFilters & ListParams<RequestSort>>) =>
      http.download('/api/staff/change-requests/export', { ...query }),
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
    restoreFamily: (id: number) => http.post<undefined>(`/api/staff/families/${id}/restore`, null),
    restoreGuardian: (id: number) =>
      http.post<undefined>(`/api/staff/guardians/${id}/restore`, null),
    restorePupil: (id: number) => http.post<undefined>(`/api/staff/pupils/${id}/restore`, null),
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
    staffAccounts: () => http.get<{ items: StaffAccount[] }>('/api/staff/staff-accounts'),
    createStaffAccount: (input: StaffAccountInput) =>
      http.post<{ id: number }>('/api/staff/staff-accounts', input),
    updateStaffAccount: (id: number, input: StaffAccountInput) =>
      http.put<undefined>(`/api/staff/staff-accounts/${id}`, input),
    setStaffAccountActive: (id: number, active: boolean) =>
      http.put<undefined>(`/api/staff/staff-accounts/${id}/state`, { active }),
    resendStaffAccess: (id: number) =>
      http.post<undefined>(`/api/staff/staff-accounts/${id}/access-mail`, null),
    passwordLink: (token: string) =>
      http.get<StaffPasswordLinkInfo>(`/api/staff/password-links/${encodeURIComponent(token)}`),
    usePasswordLink: (token: string, input: { password: string; confirmation: string }) =>
      http.post<{ login: string }>(`/api/staff/password-links/${encodeURIComponent(token)}`, input),
    backups: () => http.get<BackupList>('/api/staff/backups'),
    backupNow: () => http.post<BackupView>('/api/staff/backups', null),
    restoreBackup: (name: string) =>
      http.post<RestoreResult>(`/api/staff/backups/${encodeURIComponent(name)}/restore`, null),
    firstRun: () => http.get<FirstRunState>('/api/staff/first-run'),
    conservatoire: () =>
      http.get<{ conservatoire: ConservatoireView | null }>('/api/staff/settings/conservatoire'),
    saveConservatoire: (identity: ConservatoireIdentity) =>
      http.put<ConservatoireView>('/api/staff/settings/conservatoire', identity),
    /** The logo's bytes in base64: the server decides their type from their content. */
    saveLogo: (content: string) =>
      http.put<{ logoUrl: string }>('/api/staff/settings/conservatoire/logo', { content }),
    removeLogo: () => http.delete<undefined>('/api/staff/settings/conservatoire/logo'),
    siteSettings: () => http.get<SiteView[]>('/api/staff/settings/sites'),
    createSite: (site: Partial<SiteFields>) =>
      http.post<{ siteId: number }>('/api/staff/settings/sites', site),
    updateSite: (id: number, changes: Partial<SiteFields>) =>
      http.put<undefined>(`/api/staff/settings/sites/${id}`, changes),
    setSiteOpen: (id: number, open: boolean) =>
      http.put<undefined>(`/api/staff/settings/sites/${id}/open`, { open }),
    schools: () => http.get<School[]>('/api/staff/schools'),
    createSchool: (school: { name: string; city: string }) =>
      http.post<School>('/api/staff/schools', school),
    updateSchool: (id: number, school: { name: string; city: string }) =>
      http.put<School>(`/api/staff/schools/${id}`, school),
    deleteSchool: (id: number) => http.delete<undefined>(`/api/staff/schools/${id}`),
    ...pedagogyCalls(http),
    ...campaignCalls(http),
    ...reviewCalls(http),
    ...staffDocumentCalls(http),
    ...staffTariffCalls(http),
    ...staffBillingCalls(http),
    ...staffSepaCalls(http),
    ...staffPayfipCalls(http),
  }
}

export type StaffClient = ReturnType<typeof createStaffClient>
