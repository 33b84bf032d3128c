// The réinscription campaigns as the back office sees them: the list, one campaign with its
// pièces, its form, the dashboard, its pupils, the reminders.
import type { CampaignPhase, DashboardStatus, PieceScope } from '../../db/rules/reenrolment.ts'
import type { ApiErrorBody } from './types.ts'

export type { CampaignPhase, DashboardStatus, PieceScope }

/** How many pupils in each state of the dashboard, and in all. */
export type StatusCountsView = Record<DashboardStatus, number> & { total: number }

export interface CampaignSummaryView {
  id: number
  siteId: number
  siteName: string
  schoolYearId: number
  schoolYearLabel: string
  /** ISO timestamps. */
  opensAt: string
  closesAt: string
  message: string
  lastReminderAt: string | null
  phase: CampaignPhase
  counts: StatusCountsView
}

export interface CampaignPieceView {
  id: number
  name: string
  required: boolean
  appliesTo: PieceScope
  departmentId: number | null
  department: string
  cursusId: number | null
  cursus: string
  position: number
  /** Families gave documents for it: removing it archives it (the documents stay). */
  hasDocuments: boolean
}

export interface CampaignDetailView extends CampaignSummaryView {
  pieces: CampaignPieceView[]
  /** The requests families started: a campaign with one cannot be deleted. */
  requests: number
}

/** A pièce as the form sends it; `id` for one the campaign already has. */
export interface CampaignPieceInput {
  id?: number | null
  name: string
  required: boolean
  appliesTo: PieceScope
  departmentId: number | null
  cursusId: number | null
}

/** The campaign's form: days « jj/mm/aaaa » and times « hh:mm » in the conservatoire's time zone. */
export interface CampaignInput {
  siteId: number | null
  schoolYearId: number | null
  opensOn: string
  opensTime: string
  closesOn: string
  closesTime: string
  message: string
  pieces: CampaignPieceInput[]
}

interface Named {
  id: number
  name: string
}

/** What the form offers: the staff member's sites, the years after the current one. */
export interface CampaignFormOptions {
  sites: Named[]
  schoolYears: { id: number; label: string }[]
  departments: Named[]
  cursus: Named[]
}

export interface DepartmentCountsView {
  /** null: « Sans cours » (no course in the year before). */
  departmentId: number | null
  name: string
  counts: StatusCountsView
}

export interface CampaignDashboardView {
  counts: StatusCountsView
  departments: DepartmentCountsView[]
  /** Families with at least one pupil who has not answered yet. */
  familiesNotAnswered: number
}

export interface CampaignPupilView {
  pupilId: number
  familyId: number
  familyName: string
  lastName: string
  firstName: string
  status: DashboardStatus
  /** For the review page (route 'reinscription'); null: nothing started. */
  requestId: number | null
  submittedAt: string | null
}

export interface CampaignPupilPage {
  items: CampaignPupilView[]
  total: number
  page: number
  pageSize: number
}

export interface CampaignPupilFilters {
  status?: DashboardStatus | undefined
  q?: string | undefined
  page?: number | undefined
  pageSize?: number | undefined
}

export interface ReminderResultView {
  families: number
  mails: number
  /** Families of which no guardian could be reached (no e-mail, no access). */
  unreachable: number
  lastReminderAt: string
}

/** The reminders answer lines of JSON: their progress, then their result (or an error). */
export type ReminderStreamLine =
  | { progress: { done: number; total: number } }
  | { result: ReminderResultView }
  | { error: ApiErrorBody }
