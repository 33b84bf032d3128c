// The family's Réinscription tab as one read of five prepared statements, whatever the number of
// courses and pièces (the morning a campaign opens, every family opens it): the pupil (the
// family's), the open campaign of the site with the pupil's request, the pupil's courses of the
// year before with the lines of the request, the next year's courses they may continue into,
// the campaign's pièces with their current document.
import { parisDayAndTime } from '../../rules/campaigns.ts'
import { DomainError } from '../../errors.ts'
import type { Sql } from '../../prepared.ts'
import {
  documentStateLabel,
  familyMayChange,
  REENROLMENT_MESSAGES as M,
  sizeInMo,
  type DocumentState,
  type PieceScope,
  type RequestStatus,
  type Residence,
} from '../../rules/reenrolment.ts'
import type {
  OpenCampaignView,
  ReenrolmentDocumentView,
  ReenrolmentLineView,
  ReenrolmentPieceView,
  ReenrolmentTabView,
} from './family-views.ts'
import { REQUEST_STATUS_LABELS } from './family-views.ts'
import {
  enrolmentOf,
  pieceTargetOf,
  piecesFor,
  type CurrentEnrolment,
  type EnrolmentRow,
  type Piece,
} from './common.ts'
import { familyCourseOptions } from './course-options.ts'

/** Who reads: the family, its site (the guardian's), the pupil. */
export interface FamilyPupilAt {
  familyId: number
  siteId: number
  pupilId: number
  now: Date
}

export const notFound = (message: string) => new DomainError('NOT_FOUND', message)

const OPEN_CAMPAIGN = `SELECT y.label, c.closes_at, c.message FROM reenrolment_campaigns c
  JOIN school_years y ON y.id = c.school_year_id
  WHERE c.site_id = ? AND c.opens_at <= ? AND c.closes_at > ?
  ORDER BY c.opens_at DESC LIMIT 1`

/** GET /api/family/reenrolment: the open campaign of the family's site, or null (one statement). */
export function familyOpenCampaign(
  sql: Sql,
  input: { siteId: number; now: Date },
): OpenCampaignView | null {
  const iso = input.now.toISOString()
  const row = sql.get<{ label: string; closes_at: string; message: string }>(
    OPEN_CAMPAIGN,
    input.siteId,
    iso,
    iso,
  )
  return row ? { schoolYearLabel: row.label, closesAt: row.closes_at, message: row.message } : null
}

const OWN_PUPIL = `SELECT p.id, f.residence FROM pupils p JOIN families f ON f.id = p.family_id
  WHERE p.id = ? AND p.family_id = ? AND p.archived_at IS NULL`

const CAMPAIGN_AND_REQUEST = `SELECT c.id, c.school_year_id, y.label, c.closes_at, c.message,
    (SELECT p.id FROM school_years p WHERE p.ends_on < y.starts_on
      ORDER BY p.starts_on DESC LIMIT 1) AS previous_year_id,
    r.id AS request_id, r.status, r.administrative, r.comment, r.revision, r.submitted_at,
    r.refusal_reason
  FROM reenrolment_campaigns c
  JOIN school_years y ON y.id = c.school_year_id
  LEFT JOIN reenrolment_requests r ON r.campaign_id = c.id AND r.pupil_id = ?
  WHERE c.site_id = ? AND c.opens_at <= ? AND c.closes_at > ?
  ORDER BY c.opens_at DESC LIMIT 1`

const LINES = `SELECT e.id, e.course_id, c.label, c.site_id, c.discipline_id, d.department_id,
    e.cursus_id, u.name AS cursus_name, e.cycle_id, cy.code AS cycle_code, c.horaires_amenages,
    e.ends_on, l.reenrol, l.course_id AS chosen_course_id
  FROM enrolments e
  JOIN courses c ON c.id = e.course_id
  JOIN disciplines d ON d.id = c.discipline_id
  LEFT JOIN cursus u ON u.id = e.cursus_id
  LEFT JOIN cycles cy ON cy.id = e.cycle_id
  LEFT JOIN reenrolment_lines l ON l.enrolment_id = e.id AND l.request_id = ?
  WHERE e.pupil_id = ? AND c.school_year_id = ?
  ORDER BY u.name, c.label, e.id`

const PIECES = `SELECT p.id, p.name, p.required, p.applies_to, p.department_id, p.cursus_id,
    p.position, d.id AS document_id, d.file_name, d.mime_type, d.size_bytes, d.uploaded_at,
    d.state, d.refusal_reason
  FROM campaign_pieces p
  LEFT JOIN reenrolment_documents d
    ON d.piece_id = p.id AND d.request_id = ? AND d.removed_at IS NULL
  WHERE p.campaign_id = ? AND p.archived_at IS NULL
  ORDER BY p.position, p.id`

interface CampaignRequestRow {
  id: number
  school_year_id: number
  label: string
  closes_at: string
  message: string
  previous_year_id: number | null
  request_id: number | null
  status: RequestStatus | null
  administrative: number | null
  comment: string | null
  revision: number | null
  submitted_at: string | null
  refusal_reason: string | null
}

interface LineRow extends EnrolmentRow {
  reenrol: number | null
  chosen_course_id: number | null
}

interface PieceRow {
  id: number
  name: string
  required: number
  applies_to: PieceScope
  department_id: number | null
  cursus_id: number | null
  position: number
  document_id: number | null
  file_name: string
  mime_type: string
  size_bytes: number
  uploaded_at: string
  state: DocumentState
  refusal_reason: string
}

function documentOf(r: PieceRow): ReenrolmentDocumentView | null {
  if (r.document_id === null) return null
  const { day, time } = parisDayAndTime(r.uploaded_at)
  return {
    id: r.document_id,
    fileName: r.file_name,
    date: day,
    time,
    sizeBytes: r.size_bytes,
    sizeMo: sizeInMo(r.size_bytes),
    mimeType: r.mime_type,
    state: r.state,
    refusalReason: r.refusal_reason,
  }
}

function pieceOf(r: PieceRow): Piece {
  return {
    id: r.id,
    name: r.name,
    required: Boolean(r.required),
    appliesTo: r.applies_to,
    departmentId: r.department_id,
    cursusId: r.cursus_id,
    position: r.position,
  }
}

/**
 * GET /api/family/pupils/{id}/reenrolment. Another family's pupil: 404; no campaign open for the
 * site: 404 with REENROLMENT_MESSAGES.notOpen.
 */
export function familyReenrolmentTab(sql: Sql, at: FamilyPupilAt): ReenrolmentTabView {
  const pupil = sql.get<{ id: number; residence: Residence | null }>(
    OWN_PUPIL,
    at.pupilId,
    at.familyId,
  )
  if (!pupil) throw notFound(M.notYourPupil)
  const iso = at.now.toISOString()
  const c = sql.get<CampaignRequestRow>(CAMPAIGN_AND_REQUEST, at.pupilId, at.siteId, iso, iso)
  if (!c) throw notFound(M.notOpen)
  const lineRows = sql.all<LineRow>(LINES, c.request_id, at.pupilId, c.previous_year_id)
  const optionsOf = familyCourseOptions(sql, {
    next: c.school_year_id,
    pupil: at.pupilId,
    previous: c.previous_year_id,
  })
  const pieceRows = sql.all<PieceRow>(PIECES, c.request_id, c.id)
  const enrolments = lineRows.map(enrolmentOf)
  const applying = new Set(
    piecesFor(pieceRows.map(pieceOf), pieceTargetOf(pupil.residence, enrolments)).map((p) => p.id),
  )
  const lines = lineRows.map((r, i): ReenrolmentLineView => {
    const line = enrolments[i] as CurrentEnrolment
    return {
      enrolmentId: r.id,
      cursus: line.cursusName,
      course: r.label,
      horairesAmenages: line.horairesAmenages,
      cycle: line.cycleCode,
      active: line.active,
      reenrol: Boolean(r.reenrol),
      courseId: r.chosen_course_id,
      options: optionsOf(line.courseId),
    }
  })
  const pieces = pieceRows
    .filter((r) => applying.has(r.id))
    .map((r): ReenrolmentPieceView => {
      const document = documentOf(r)
      return {
        pieceId: r.id,
        name: r.name,
        required: Boolean(r.required),
        document,
        stateLabel: documentStateLabel(document),
      }
    })
  return {
    pupilId: at.pupilId,
    campaign: { schoolYearLabel: c.label, closesAt: c.closes_at, message: c.message },
    status: c.status,
    statusLabel: c.status ? REQUEST_STATUS_LABELS[c.status] : '',
    refusalReason: c.refusal_reason ?? '',
    submittedAt: c.submitted_at,
    administrative: Boolean(c.administrative),
    comment: c.comment ?? '',
    revision: c.revision ?? 0,
    mayChange: familyMayChange(c.status),
    lines,
    pieces,
  }
}
