// What staff read to review one pupil's réinscription: the pupil, the family and its guardians,
// the campaign, what the family sent (the lines of the year before, "Réinscription
// administrative", the comment), the pièces that apply with their document (and the earlier ones,
// replaced or removed, kept), and what staff decided.
import type { Trx } from '../../connection.ts'
import {
  DASHBOARD_STATUS_LABELS,
  dashboardStatus,
  type RequestStatus,
} from '../../rules/reenrolment.ts'
import { notFound } from '../pedagogy/common.ts'
import { getCampaign, nextYearCycleId, type Campaign, type CurrentEnrolment } from './common.ts'
import { courseOptions, type CourseOption } from './course-options.ts'
import {
  REVIEW_MESSAGES,
  linesOf,
  requestRow,
  reviewPieces,
  type ReviewPiece,
} from './review-data.ts'

export interface ReviewLine {
  id: number
  enrolmentId: number
  cursusId: number | null
  cursus: string
  courseId: number
  course: string
  cycleId: number | null
  cycle: string
  horairesAmenages: boolean
  active: boolean
  /** Ticked by the family: "Réinscription". */
  reenrol: boolean
  /** The course the family chose for next year (null: the default one). */
  chosenCourseId: number | null
  /** Next year's courses this line may continue into (the copy of its course first). */
  options: CourseOption[]
  /** What validation creates without another choice: the family's, else the copy; null: none. */
  defaultCourseId: number | null
  /** The cycle of next year: the next one of the cursus (the same at its end). */
  proposedCycleId: number | null
  /** The cycles of the line's cursus, to choose another. */
  cycles: { id: number; code: string }[]
  createdEnrolmentId: number | null
  createdCourse: string
  /** The cycle of the enrolment created (empty: none). */
  createdCycle: string
}

export interface ReenrolmentReview {
  id: number
  status: RequestStatus
  statusLabel: string
  revision: number
  pupil: { id: number; lastName: string; firstName: string }
  family: {
    id: number
    name: string
    guardians: {
      id: number
      civility: string
      lastName: string
      firstName: string
      email: string
    }[]
  }
  campaign: { id: number; siteId: number; site: string; schoolYearId: number; schoolYear: string }
  submittedAt: string | null
  submittedBy: string
  administrative: boolean
  comment: string
  /** "Réinscription administrative" with a comment: left for staff to place. */
  leftForStaff: boolean
  decidedAt: string | null
  decidedBy: string
  refusalReason: string
  lines: ReviewLine[]
  pieces: ReviewPiece[]
}

/** The cycles of a cursus, in order (archived ones left out). */
async function cyclesOf(trx: Trx, cursusId: number | null) {
  if (cursusId === null) return []
  return trx('cycles')
    .where({ cursus_id: cursusId })
    .whereNull('archived_at')
    .orderBy([{ column: 'position' }, { column: 'id' }])
    .select<{ id: number; code: string }[]>('id', 'code')
}

/** The course validation creates for a line by default: the family's choice, else the copy. */
export function defaultCourse(chosen: number | null, options: CourseOption[]): number | null {
  if (chosen !== null && options.some((o) => o.courseId === chosen)) return chosen
  return options.find((o) => o.continues)?.courseId ?? null
}

async function reviewLine(
  trx: Trx,
  line: Awaited<ReturnType<typeof linesOf>>[number],
  campaign: Campaign,
): Promise<ReviewLine> {
  const e: CurrentEnrolment = line.enrolment
  const options = await courseOptions(trx, e, campaign.schoolYearId)
  const created = line.row.created_enrolment_id
    ? await trx('enrolments')
        .join('courses', 'courses.id', 'enrolments.course_id')
        .leftJoin('cycles', 'cycles.id', 'enrolments.cycle_id')
        .where('enrolments.id', line.row.created_enrolment_id)
        .first<{ label: string; code: string | null } | undefined>('courses.label', 'cycles.code')
    : undefined
  return {
    id: line.row.id,
    enrolmentId: e.enrolmentId,
    cursusId: e.cursusId,
    cursus: e.cursusName,
    courseId: e.courseId,
    course: e.courseLabel,
    cycleId: e.cycleId,
    cycle: e.cycleCode,
    horairesAmenages: e.horairesAmenages,
    active: e.active,
    reenrol: line.reenrol,
    chosenCourseId: line.row.course_id,
    options,
    defaultCourseId: defaultCourse(line.row.course_id, options),
    proposedCycleId: await nextYearCycleId(trx, e),
    cycles: await cyclesOf(trx, e.cursusId),
    createdEnrolmentId: line.row.created_enrolment_id,
    createdCourse: created?.label ?? '',
    createdCycle: created?.code ?? '',
  }
}

const personName = (p: { civility?: string; last_name: string; first_name: string } | undefined) =>
  p ? [p.civility, p.last_name, p.first_name].filter(Boolean).join(' ') : ''

/** The review of one request, or NOT_FOUND. */
export async function reenrolmentReview(trx: Trx, id: number): Promise<ReenrolmentReview> {
  const request = await requestRow(trx, id)
  const campaign = await getCampaign(trx, request.campaign_id)
  if (!campaign) throw notFound(REVIEW_MESSAGES.requestNotFound)
  const pupil = await trx('pupils')
    .where({ id: request.pupil_id })
    .first<{ id: number; last_name: string; first_name: string }>('id', 'last_name', 'first_name')
  const family = await trx('families')
    .where({ id: request.family_id })
    .first<{ id: number; name: string }>('id', 'name')
  const site = await trx('sites').where({ id: campaign.siteId }).first<{ name: string }>('name')
  const guardians = await trx('guardians')
    .where({ family_id: request.family_id })
    .whereNull('archived_at')
    .orderBy('rank')
    .select<
      { id: number; civility: string; last_name: string; first_name: string; email: string }[]
    >('id', 'civility', 'last_name', 'first_name', 'email')
  const submitter = guardians.find((g) => g.id === request.submitted_by_guardian_id)
  const decider = request.decided_by_staff_user_id
    ? await trx('staff_users')
        .where({ id: request.decided_by_staff_user_id })
        .first<{ display_name: string } | undefined>('display_name')
    : undefined
  const lines = await linesOf(trx, request, campaign)
  const reviewLines: ReviewLine[] = []
  for (const line of lines) reviewLines.push(await reviewLine(trx, line, campaign))
  const administrative = Boolean(request.administrative)
  return {
    id: request.id,
    status: request.status,
    statusLabel: DASHBOARD_STATUS_LABELS[dashboardStatus(request.status)],
    revision: request.revision,
    pupil: { id: pupil.id, lastName: pupil.last_name, firstName: pupil.first_name },
    family: {
      id: family.id,
      name: family.name,
      guardians: guardians.map((g) => ({
        id: g.id,
        civility: g.civility,
        lastName: g.last_name,
        firstName: g.first_name,
        email: g.email,
      })),
    },
    campaign: {
      id: campaign.id,
      siteId: campaign.siteId,
      site: site.name,
      schoolYearId: campaign.schoolYearId,
      schoolYear: campaign.schoolYearLabel,
    },
    submittedAt: request.submitted_at,
    submittedBy: personName(submitter),
    administrative,
    comment: request.comment,
    leftForStaff: administrative && request.comment.trim() !== '',
    decidedAt: request.decided_at,
    decidedBy: decider?.display_name ?? '',
    refusalReason: request.refusal_reason,
    lines: reviewLines,
    pieces: await reviewPieces(
      trx,
      request,
      lines.map((l) => l.enrolment),
    ),
  }
}
