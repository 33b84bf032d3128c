// The parts of a réinscription request the review reads and the decisions check: its row, its
// lines (with the enrolment of the year before each continues), the pièces that apply with their
// documents (the current one and the earlier ones, kept), a stored file, a pupil's requests.
import type { Trx } from '../../connection.ts'
import {
  DASHBOARD_STATUS_LABELS,
  dashboardStatus,
  documentStateLabel,
  sizeInMo,
  type DocumentState,
  type RequestStatus,
} from '../../rules/reenrolment.ts'
import { notFound } from '../pedagogy/common.ts'
import {
  campaignPieces,
  enrolmentsOfYear,
  pieceTarget,
  piecesFor,
  previousYearId,
  type Campaign,
  type CurrentEnrolment,
} from './common.ts'

/** The row of a request, as the review services read it. */
export interface RequestRow {
  id: number
  campaign_id: number
  pupil_id: number
  family_id: number
  status: RequestStatus
  administrative: number | boolean
  comment: string
  revision: number
  submitted_at: string | null
  submitted_by_guardian_id: number | null
  decided_at: string | null
  decided_by_staff_user_id: number | null
  refusal_reason: string
}

export const REVIEW_MESSAGES = {
  requestNotFound: 'Cette réinscription est introuvable.',
  documentNotFound: 'Ce document est introuvable.',
  alreadyDecided: 'Cette réinscription a déjà été traitée : elle ne peut plus être modifiée.',
  documentReplaced:
    'Ce document a été remplacé ou supprimé par la famille entre-temps : rechargez la page.',
  reasonTooLong: 'Cette raison est trop longue (500 caractères au plus).',
} as const

export async function requestRow(trx: Trx, id: number): Promise<RequestRow> {
  const row = await trx<RequestRow>('reenrolment_requests').where({ id }).first()
  if (!row) throw notFound(REVIEW_MESSAGES.requestNotFound)
  return row
}

export interface ReviewDocument {
  id: number
  fileName: string
  mimeType: string
  sizeBytes: number
  /** "Taille (Mo)": "2,35". */
  size: string
  uploadedAt: string
  state: DocumentState
  stateLabel: string
  refusalReason: string
  reviewedAt: string | null
  removedAt: string | null
}

export interface ReviewPiece {
  id: number
  name: string
  required: boolean
  /** False: the pièce no longer applies to the pupil, but the family gave a document for it. */
  applies: boolean
  document: ReviewDocument | null
  /** The documents replaced or removed, kept, the latest first. */
  earlier: ReviewDocument[]
}

interface DocumentRow {
  id: number
  piece_id: number
  file_name: string
  mime_type: string
  size_bytes: number
  uploaded_at: string
  state: DocumentState
  refusal_reason: string
  reviewed_at: string | null
  removed_at: string | null
}

function documentOf(r: DocumentRow): ReviewDocument {
  return {
    id: r.id,
    fileName: r.file_name,
    mimeType: r.mime_type,
    sizeBytes: r.size_bytes,
    size: sizeInMo(r.size_bytes),
    uploadedAt: r.uploaded_at,
    state: r.state,
    stateLabel: documentStateLabel({ state: r.state, refusalReason: r.refusal_reason }),
    refusalReason: r.refusal_reason,
    reviewedAt: r.reviewed_at,
    removedAt: r.removed_at,
  }
}

/** The request's lines, each with the enrolment of the year before it continues. */
export async function linesOf(trx: Trx, request: RequestRow, campaign: Campaign) {
  const rows = await trx('reenrolment_lines')
    .where({ request_id: request.id })
    .orderBy('id')
    .select<
      {
        id: number
        enrolment_id: number
        reenrol: number | boolean
        course_id: number | null
        created_enrolment_id: number | null
      }[]
    >('id', 'enrolment_id', 'reenrol', 'course_id', 'created_enrolment_id')
  const fromYear = await previousYearId(trx, campaign.schoolYearId)
  const current = fromYear === null ? [] : await enrolmentsOfYear(trx, request.pupil_id, fromYear)
  const byId = new Map(current.map((e) => [e.enrolmentId, e]))
  return rows.flatMap((r) => {
    const enrolment = byId.get(r.enrolment_id)
    return enrolment ? [{ row: r, enrolment, reenrol: Boolean(r.reenrol) }] : []
  })
}

/** The pièces that apply to the pupil (and those the family gave a document for), with them. */
export async function reviewPieces(
  trx: Trx,
  request: RequestRow,
  enrolments: readonly CurrentEnrolment[],
): Promise<ReviewPiece[]> {
  const all = await campaignPieces(trx, request.campaign_id)
  const applying = new Set(
    piecesFor(all, await pieceTarget(trx, request.family_id, enrolments)).map((p) => p.id),
  )
  const docs = await trx('reenrolment_documents')
    .where({ request_id: request.id })
    .orderBy('uploaded_at', 'desc')
    .orderBy('id', 'desc')
    .select<DocumentRow[]>()
  return all
    .filter((p) => applying.has(p.id) || docs.some((d) => d.piece_id === p.id))
    .map((p) => {
      const mine = docs.filter((d) => d.piece_id === p.id)
      const current = mine.find((d) => d.removed_at === null)
      return {
        id: p.id,
        name: p.name,
        required: p.required,
        applies: applying.has(p.id),
        document: current ? documentOf(current) : null,
        earlier: mine.filter((d) => d.removed_at !== null).map(documentOf),
      }
    })
}

export interface PupilReenrolment {
  id: number
  schoolYear: string
  site: string
  status: RequestStatus
  statusLabel: string
  submittedAt: string | null
  decidedAt: string | null
}

/** A pupil's requests, the latest school year first (the staff « Réinscription » tab). */
export async function pupilReenrolments(trx: Trx, pupilId: number): Promise<PupilReenrolment[]> {
  const rows = await trx('reenrolment_requests as r')
    .join('reenrolment_campaigns as c', 'c.id', 'r.campaign_id')
    .join('school_years as y', 'y.id', 'c.school_year_id')
    .join('sites as s', 's.id', 'c.site_id')
    .where('r.pupil_id', pupilId)
    .orderBy([
      { column: 'y.starts_on', order: 'desc' },
      { column: 'r.id', order: 'desc' },
    ])
    .select<
      {
        id: number
        label: string
        site: string
        status: RequestStatus
        submitted_at: string | null
        decided_at: string | null
      }[]
    >('r.id', 'y.label', 's.name as site', 'r.status', 'r.submitted_at', 'r.decided_at')
  return rows.map((r) => ({
    id: r.id,
    schoolYear: r.label,
    site: r.site,
    status: r.status,
    statusLabel: DASHBOARD_STATUS_LABELS[dashboardStatus(r.status)],
    submittedAt: r.submitted_at,
    decidedAt: r.decided_at,
  }))
}

/** The stored file of a document (kept ones too), as staff open it; NOT_FOUND when none. */
export async function storedDocument(
  trx: Trx,
  documentId: number,
): Promise<{ storedName: string; mimeType: string; fileName: string }> {
  const row = await trx('reenrolment_documents')
    .where({ id: documentId })
    .first<{ stored_name: string; mime_type: string; file_name: string } | undefined>(
      'stored_name',
      'mime_type',
      'file_name',
    )
  if (!row) throw notFound(REVIEW_MESSAGES.documentNotFound)
  return { storedName: row.stored_name, mimeType: row.mime_type, fileName: row.file_name }
}
