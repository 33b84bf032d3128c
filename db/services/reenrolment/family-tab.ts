// The family's Réinscription tab as one read of two to four prepared statements, whatever the
// number of courses and pièces (the morning a campaign opens, every family opens it): the pupil
// (the family's) with the open campaign of the site and the pupil's request; the pupil's courses
// of the year before with the lines of the request and the courses of next year that continue
// them; the request's documents, when there is a request; the courses of the site and discipline,
// when a course has none that continues it (course-options.ts). The campaign's pièces are read
// once for all (kept-pieces.ts); the lines and pièces of a pupil, once for each state of what
// they are made of (kept-tabs.ts): a tab read again costs the first statement alone.
import { parisDayAndTime } from '../../rules/campaigns.ts'
import { DomainError } from '../../errors.ts'
import type { Sql } from '../../prepared.ts'
import {
  documentStateLabel,
  familyMayChange,
  REENROLMENT_MESSAGES as M,
  sizeInMo,
  type DocumentState,
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
} from './common.ts'
import { familyOptionsOf, type ContinuationColumns } from './course-options.ts'
import { piecesAt } from './kept-pieces.ts'
import { tabContentAt, type TabContent } from './kept-tabs.ts'

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

/**
 * The pupil (the family's, not archived), with the open campaign of the site (the latest opened,
 * along reenrolment_campaigns_site_opens_index), its school year and the one before, and the
 * pupil's request: no row, not the family's pupil; c.id null, no campaign open. With the revisions
 * of the pupil's courses, of the courses' catalogue and of the request's lines and documents.
 */
const PUPIL_CAMPAIGN_REQUEST = `SELECT f.residence, c.id, c.school_year_id, y.label, c.closes_at,
    c.message, c.pieces_revision, p.courses_revision,
    (SELECT value FROM kept_revisions WHERE name = 'catalogue') AS catalogue_revision,
    (SELECT py.id FROM school_years py WHERE py.starts_on =
      (SELECT max(q.starts_on) FROM school_years q WHERE q.ends_on < y.starts_on)) AS previous_year_id,
    r.id AS request_id, r.status, r.administrative, r.comment, r.revision, r.submitted_at,
    r.refusal_reason, r.content_revision
  FROM pupils p
  JOIN families f ON f.id = p.family_id
  LEFT JOIN reenrolment_campaigns c ON c.id = (SELECT k.id FROM reenrolment_campaigns k
    WHERE k.site_id = @site AND k.opens_at <= @now AND k.closes_at > @now
    ORDER BY k.opens_at DESC LIMIT 1)
  LEFT JOIN school_years y ON y.id = c.school_year_id
  LEFT JOIN reenrolment_requests r ON r.campaign_id = c.id AND r.pupil_id = p.id
  WHERE p.id = @pupil AND p.family_id = @family AND p.archived_at IS NULL`

/**
 * The pupil's courses of the year before (the lines), each with the courses of next year that
 * continue it (its copies, not archived; none: one row with n_id null), by cursus, course, line.
 */
const LINES = `SELECT e.id, e.course_id, c.label, c.site_id, c.discipline_id, d.department_id,
    e.cursus_id, u.name AS cursus_name, e.cycle_id, cy.code AS cycle_code, c.horaires_amenages,
    e.ends_on, l.reenrol, l.course_id AS chosen_course_id, n.id AS n_id, n.label AS n_label,
    n.previous_course_id AS n_previous_course_id, n.weekday AS n_weekday,
    n.start_time AS n_start_time, n.duration_minutes AS n_duration_minutes,
    t.first_name AS n_first_name, t.last_name AS n_last_name
  FROM enrolments e
  JOIN courses c ON c.id = e.course_id
  JOIN disciplines d ON d.id = c.discipline_id
  LEFT JOIN cursus u ON u.id = e.cursus_id
  LEFT JOIN cycles cy ON cy.id = e.cycle_id
  LEFT JOIN reenrolment_lines l ON l.enrolment_id = e.id AND l.request_id = @request
  LEFT JOIN courses n ON n.previous_course_id = c.id AND n.school_year_id = @next
    AND n.archived_at IS NULL
  LEFT JOIN teachers t ON t.id = n.teacher_id
  WHERE e.pupil_id = @pupil AND c.school_year_id = @previous
  ORDER BY u.name, c.label, e.id`

/** The request's documents of now: one per pièce at most (reenrolment_documents_one_per_piece). */
const DOCUMENTS = `SELECT piece_id, id, file_name, mime_type, size_bytes, uploaded_at, state,
    refusal_reason
  FROM reenrolment_documents
  WHERE request_id = ? AND removed_at IS NULL`

interface PupilCampaignRow {
  residence: Residence | null
  id: number | null
  school_year_id: number
  label: string
  closes_at: string
  message: string
  pieces_revision: number
  courses_revision: number
  catalogue_revision: number
  previous_year_id: number | null
  request_id: number | null
  status: RequestStatus | null
  administrative: number | null
  comment: string | null
  revision: number | null
  submitted_at: string | null
  refusal_reason: string | null
  content_revision: number | null
}

/** Every revision the lines and pièces of a tab are made of, as one text (kept-tabs.ts). */
const revisionsOf = (c: PupilCampaignRow) =>
  `${c.id} ${c.school_year_id} ${c.previous_year_id} ${c.pieces_revision} ${c.residence} ` +
  `${c.courses_revision} ${c.catalogue_revision} ${c.request_id} ${c.content_revision}`

interface LineRow extends EnrolmentRow, ContinuationColumns {
  reenrol: number | null
  chosen_course_id: number | null
}

interface DocumentRow {
  piece_id: number
  id: number
  file_name: string
  mime_type: string
  size_bytes: number
  uploaded_at: string
  state: DocumentState
  refusal_reason: string
}

function documentOf(r: DocumentRow): ReenrolmentDocumentView {
  const { day, time } = parisDayAndTime(r.uploaded_at)
  return {
    id: r.id,
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

/**
 * GET /api/family/pupils/{id}/reenrolment. Another family's pupil: 404; no campaign open for the
 * site: 404 with REENROLMENT_MESSAGES.notOpen.
 */
export function familyReenrolmentTab(sql: Sql, at: FamilyPupilAt): ReenrolmentTabView {
  const c = sql.get<PupilCampaignRow>(PUPIL_CAMPAIGN_REQUEST, {
    pupil: at.pupilId,
    family: at.familyId,
    site: at.siteId,
    now: at.now.toISOString(),
  })
  if (!c) throw notFound(M.notYourPupil)
  if (c.id === null) throw notFound(M.notOpen)
  const campaignId = c.id
  const { lines, pieces } = tabContentAt(sql, at.pupilId, revisionsOf(c), () =>
    readContent(sql, { ...c, id: campaignId }, at.pupilId),
  )
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

/** The lines and pièces of the tab of pupil `pupilId`, read (two or three statements). */
function readContent(sql: Sql, c: PupilCampaignRow & { id: number }, pupilId: number): TabContent {
  const years = { pupil: pupilId, previous: c.previous_year_id, next: c.school_year_id }
  const rows = sql.all<LineRow>(LINES, { request: c.request_id, ...years })
  // One row per line and course that continues it: the lines are the first of each.
  const lineRows = rows.filter((r, i) => r.id !== rows[i - 1]?.id)
  const optionsOf = familyOptionsOf(sql, years, rows)
  const documents = new Map(
    c.request_id === null
      ? []
      : sql.all<DocumentRow>(DOCUMENTS, c.request_id).map((r) => [r.piece_id, documentOf(r)]),
  )
  const enrolments = lineRows.map(enrolmentOf)
  const applying = piecesFor(
    piecesAt(sql, c.id, c.pieces_revision),
    pieceTargetOf(c.residence, enrolments),
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
  const pieces = applying.map((p): ReenrolmentPieceView => {
    const document = documents.get(p.id) ?? null
    return {
      pieceId: p.id,
      name: p.name,
      required: p.required,
      document,
      stateLabel: documentStateLabel(document),
    }
  })
  return { lines, pieces }
}
