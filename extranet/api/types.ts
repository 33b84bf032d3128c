// The contract between the server and the two apps: what each route answers.
// Imported by the server's presenters and by the typed API clients. The shapes that the domain
// services give as they are (records, lists of families) and the error codes are the rules
// folder's: re-exported here so that the apps find the whole contract in one place.
import type { ErrorCode } from '../../db/rules/error-codes.ts'
import type { ConservatoireIdentity, SiteFields } from '../../db/rules/conservatoire.ts'
import type { FieldValue } from '../../db/rules/record-fields.ts'
import type { CourseKind, CycleResult, EvaluationKind } from '../../db/rules/pedagogy.ts'
import type { StaffRole } from '../../db/rules/roles.ts'
import type { ListPage } from '../../db/rules/lists.ts'

export type {
  FamilyList,
  FamilyRecord,
  FamilyRow,
  GuardianRecord,
  GuardianSummary,
  PendingRequestLink,
  PupilRecord,
  PupilSummary,
} from '../../db/rules/records.ts'
export type { ConservatoireIdentity, SiteFields } from '../../db/rules/conservatoire.ts'
export type { School } from '../../db/rules/schools.ts'

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
  /** The conservatoire's Accueil text (its own, or the default one) and its privacy contact. */
  conservatoire: {
    homeText: string
    /** The délégué à la protection des données, or else the responsable du traitement. */
    privacyContact: { name: string; email: string } | null
  }
  site: {
    name: string
    legalName: string
    address: string
    postalCode: string
    city: string
  }
}

export type { StaffAccount, StaffRole } from '../../db/rules/roles.ts'

/** Who is logged in to the back office: their role (and its label) and the sites they work for. */
export interface StaffMe {
  login: string
  displayName: string
  role: StaffRole
  roleLabel: string
  /** True for a role that works for every site (the administrator). */
  allSites: boolean
  /** The sites they work for (every active site for the administrator). */
  sites: SiteOption[]
}

/** What the back office's "Choisir un mot de passe" shows for a staff member's link. */
export interface StaffPasswordLinkInfo {
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

export interface OutboxList extends ListPage<MailRow> {
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
  siteName: string
  targetType: 'guardian' | 'pupil'
  targetName: string
  createdAt: string
  updatedAt: string
  fields: string[]
}

export type ChangeRequestList = ListPage<ChangeRequestSummary>

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
  /** The pupil the entry is about, « ABOLANT Adrien »; '' for the family's, a guardian's. */
  pupil: string
  /** The values, in words, fields named as on the forms: « Ville : « A » → « B » ». */
  detail: string
}

/** A backup of `DATA_DIR/backups`, as « Paramètres › Sauvegardes » lists it. */
export interface BackupView {
  /** The backup's folder, which names it in the API (`portee-2026-11-25T06-00-00Z`). */
  name: string
  createdAt: string
  /** Made by the daily schedule, by « Sauvegarder maintenant », or just before a restore. */
  reason: 'auto' | 'manual' | 'before-restore'
  /** Database and documents, in bytes. */
  bytes: number
}

export interface BackupList {
  items: BackupView[]
  /** How many are kept (BACKUP_KEEP). */
  keep: number
  /** Where they are, on the server's disk. */
  folder: string
}

export interface RestoreResult {
  restored: string
  /** The backup of the state replaced, made just before. */
  savedAs: BackupView
}

/** What the extranet shows of the conservatoire before any login: its name, its logo. */
export interface PortalBrand {
  /** Empty until the conservatoire is set up. */
  name: string
  /** Versioned address of the logo (cacheable), or null. */
  logoUrl: string | null
  /** False while no site is open: the extranet is not open yet. */
  open: boolean
}

/** The conservatoire's identity in "Paramètres"; null until the first run saves it. */
export interface ConservatoireView extends ConservatoireIdentity {
  logoUrl: string | null
}

export interface SiteView extends SiteFields {
  id: number
  /** False for a closed site: it keeps its families, who can no longer log in. */
  active: boolean
  /** Its families (not archived). */
  families: number
}

/** Where the back office's first run stands; `canSetUp`: this staff member may finish it. */
export interface FirstRunState {
  conservatoire: boolean
  sites: boolean
  canSetUp: boolean
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

// Pedagogy (issue 11): what the back office's Pédagogie pages and the pupil's tabs read.

export type { CourseKind, CycleResult, EvaluationKind } from '../../db/rules/pedagogy.ts'

/** "2025/2026", its first and last days; one is current (the family's "Cours"). */
export interface SchoolYearView {
  id: number
  label: string
  startsOn: string
  endsOn: string
  isCurrent: boolean
}

export interface NextSchoolYearResult {
  schoolYear: SchoolYearView
  copiedCourses: number
}

export interface DepartmentView {
  id: number
  name: string
  archived: boolean
}

export interface DisciplineView {
  id: number
  departmentId: number
  department: string
  name: string
  archived: boolean
}

export interface CycleView {
  id: number
  cursusId: number
  code: string
  label: string
  position: number
  /** The cycle that follows (explicit, or the next by position); null after the last. */
  nextCycleId: number | null
  archived: boolean
}

export interface CursusView {
  id: number
  departmentId: number
  name: string
  archived: boolean
  cycles: CycleView[]
}

export interface TeacherView {
  id: number
  civility: string
  lastName: string
  firstName: string
  email: string
  phone: string
  staffUserId: number | null
  active: boolean
  disciplineIds: number[]
}

/** Taking a row out of a list: deleted when nothing referred to it, archived otherwise. */
export interface RemovalResult {
  outcome: 'deleted' | 'archived'
}

/** A line of the Cours list (with effectif / capacity). */
export interface CourseSummaryView {
  id: number
  schoolYearId: number
  schoolYear: string
  siteId: number
  site: string
  disciplineId: number
  discipline: string
  teacherId: number | null
  teacher: string
  label: string
  kind: CourseKind
  weekday: number | null
  startTime: string | null
  durationMinutes: number | null
  schedule: string
  room: string
  capacity: number
  horairesAmenages: boolean
  archived: boolean
  effectif: number
}

export interface CoursePupilView {
  enrolmentId: number
  pupilId: number
  familyId: number
  lastName: string
  firstName: string
  cursus: string
  cycle: string
  startsOn: string
  endsOn: string | null
  active: boolean
}

/** A course's page: the course and its pupils, active ones first. */
export interface CoursePageView {
  course: CourseSummaryView
  pupils: CoursePupilView[]
}

/** A line of a roll call: the pupil's name and their absence of the date, if any. */
export interface RollCallLineView {
  enrolmentId: number
  lastName: string
  firstName: string
  absent: boolean
  justified: boolean
  reason: string
}

/** The roll call of a date: the pupils enrolled that day, by name (the course page has the rest). */
export interface RollCallView {
  date: string
  lines: RollCallLineView[]
}

/** A line of the tabs Cours and Historique (and of the staff's pupil page): one enrolment. */
export interface EnrolmentLineView {
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
  teacher: string
  cycle: string
  weekday: number | null
  startTime: string | null
  durationMinutes: number | null
  /** "mardi 17:30–18:15"; '' when not set. */
  schedule: string
  room: string
  horairesAmenages: boolean
  active: boolean
  startsOn: string
  endsOn: string | null
}

export interface CycleResultView {
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

/** "Historique": the earlier years' enrolments and the end-of-cycle results. */
export interface PupilHistoryView {
  lines: EnrolmentLineView[]
  cycleResults: CycleResultView[]
}

/** "Répertoire": the works studied in one school year. */
export interface RepertoireYearView {
  schoolYearId: number
  schoolYear: string
  works: { id: number; composer: string; title: string; courseId: number | null; course: string }[]
}

export interface SuiviNoteView {
  id: number
  date: string
  text: string
  author: string
}

export interface EvaluationView {
  id: number
  date: string
  kind: EvaluationKind
  cycle: string
  mark: number | null
  mention: string
  appreciation: string
  jury: string
  result: CycleResult | null
}

export interface AbsenceView {
  id: number
  date: string
  justified: boolean
  reason: string
}

/** One enrolment opened: "Suivi" (the Historique's "Commentaires"), "Évaluations", "Absences". */
export interface EnrolmentFollowUpView {
  line: EnrolmentLineView
  suivi: SuiviNoteView[]
  evaluations: EvaluationView[]
  absences: AbsenceView[]
}

/** What a route that creates something answers: its id. */
export interface CreatedId {
  id: number
}

/** A staff account with the role Enseignant, a choice of the teacher form's « Compte Enseignant lié ». */
export interface TeacherAccountView {
  id: number
  login: string
  displayName: string
  active: boolean
}

/** A pupil found by name for « Ajouter un élève » on a course page. */
export interface PupilMatchView {
  id: number
  familyId: number
  lastName: string
  firstName: string
  birthDate: string | null
  siteId: number
  site: string
}
