// The contract between the server and the two apps: what each route answers.
// Imported by the server's presenters and by the typed API clients. The shapes that the domain
// services give as they are (records, lists of families) and the error codes are the rules
// folder's: re-exported here so that the apps find the whole contract in one place.
import type { ErrorCode } from '../../db/rules/error-codes.ts'
import type { FieldValue } from '../../db/rules/record-fields.ts'

export type {
  FamilyList,
  FamilyRecord,
  FamilyRow,
  GuardianRecord,
  GuardianSummary,
  PupilRecord,
  PupilSummary,
} from '../../db/rules/records.ts'

export type ApiErrorCode = ErrorCode

/** Every error answer of the API. */
export interface ApiErrorBody {
  statusCode: number
  code: ApiErrorCode
  message: string
  details: Record<string, string>
}

export interface SiteOption {
  id: number
  name: string
}

export interface FamilyHome {
  guardian: { civility: string; lastName: string; firstName: string }
  pupils: { id: number; lastName: string; firstName: string }[]
  site: {
    name: string
    legalName: string
    address: string
    postalCode: string
    city: string
  }
}

export interface StaffMe {
  login: string
  displayName: string
}

export interface PasswordLinkInfo {
  purpose: 'access' | 'reset'
  siteName: string
  login: string
}

export interface ResetAnswer {
  message: string
}

export type MailState = 'pending' | 'sending' | 'sent' | 'failed'

export interface MailRow {
  id: number
  createdAt: string
  kind: string
  to: string
  subject: string
  status: MailState
  attempts: number
  nextAttemptAt: string
  lastError: string
  sentAt: string | null
}

export interface MailDetail extends MailRow {
  text: string
  html: string
}

export interface OutboxList {
  items: MailRow[]
  total: number
  counts: Record<MailState, number>
}

export interface MailStatus {
  /** Where the SMTP settings come from; null: none, mails wait in the outbox. */
  source: 'SMTP_URL' | 'settings' | null
  pending: number
  failed: number
}

export interface SmtpSettingsView {
  host: string
  port: number
  security: 'none' | 'starttls' | 'tls'
  user: string
  hasPassword: boolean
  sender: string
  defaultSender: string
  overriddenBySmtpUrl: boolean
}

export interface GrantedAccess {
  login: string
}

export interface AccessMailingResult {
  sent: number
  skipped: { guardian: string; reason: string }[]
}

export type RecordValue = FieldValue

export interface PendingView {
  since: string
  values: Record<string, RecordValue>
}

export interface RecordView {
  id: number
  values: Record<string, RecordValue>
  pending: PendingView | null
}

export interface FamilyRecordView {
  guardians: (RecordView & { rank: number; self: boolean })[]
  pupils: { id: number; lastName: string; firstName: string; pending: boolean }[]
}

export interface PupilRecordView extends RecordView {
  /** For "Utiliser les coordonnées du responsable légal". */
  guardianAddress: { address: string; postalCode: string; city: string }
}

export interface ChangeRequestSummary {
  id: number
  familyId: number
  familyName: string
  targetType: 'guardian' | 'pupil'
  targetName: string
  createdAt: string
  updatedAt: string
  fields: string[]
}

export interface ChangeRequestView {
  id: number
  familyId: number
  familyName: string
  targetType: 'guardian' | 'pupil'
  targetId: number
  targetName: string
  createdAt: string
  /** Named by a decision: the family may have changed the request since it was shown. */
  revision: number
  rows: {
    field: string
    label: string
    current: RecordValue
    requested: RecordValue
    changedSince: boolean
  }[]
}

export interface AuditEntry {
  at: string
  /** Who: the staff member's name, the guardian's, or « Système ». */
  actor: string
  /** What, in French, as the journal says it: « Demande de modification ». */
  what: string
  /** The values, in words, fields named as on the forms: « Ville : « A » → « B » ». */
  detail: string
}

/** A spreadsheet to import, sent as base64 in JSON (the API takes JSON only). */
export interface ImportFileInput {
  fileName: string
  content: string
}

/** What the server read of the file, and the field proposed for each of its columns. */
export interface ImportFileInfo {
  format: 'csv' | 'xlsx'
  /** "UTF-8", "UTF-8 (BOM)", "Windows-1252"; empty for XLSX. */
  encoding: string
  separator: ';' | ',' | '\t' | null
  headings: string[]
  lines: number
  /** The field of each column (a key of IMPORT_TARGETS), null: ignored. */
  mapping: (string | null)[]
  /** The first lines as they are in the file. */
  sample: string[][]
}

export interface ImportInput extends ImportFileInput {
  mapping: (string | null)[]
  /** The site of the lines that name none. */
  siteId: number | null
}

export interface ImportProblem {
  /** The line of the spreadsheet (the headings are line 1). */
  line: number
  /** Its letter ("L"), empty when no column holds the field. */
  column: string
  heading: string
  message: string
}

/** The dry run: what the import would write, and every problem, by line and column. */
export interface ImportCheckView {
  summary: { lines: number; families: number; guardians: number; pupils: number }
  problems: ImportProblem[]
  /** The first lines as they will be stored, in words, by field key. */
  preview: { line: number; values: Record<string, string> }[]
}

export interface ImportResultView {
  families: number
  guardians: number
  pupils: number
  /** The result, one line per record written (UTF-8 with BOM, `;`). */
  csv: string
}

/** The import answers lines of JSON: its progress, then its result (or an error). */
export type ImportStreamLine =
  | { progress: { done: number; total: number } }
  | { result: ImportResultView }
  | { error: ApiErrorBody }
