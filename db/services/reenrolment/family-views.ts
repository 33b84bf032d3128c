// What the family's Réinscription tab reads: the same shapes as extranet/api/reenrolment-types.ts
// (the routes' return types check that they agree).
import type { DocumentState, RequestStatus } from '../../rules/reenrolment.ts'

/** The open campaign of the family's site (the tab shows only then). */
export interface OpenCampaignView {
  schoolYearLabel: string
  /** ISO timestamp: the campaign is open until then (excluded). */
  closesAt: string
  message: string
}

/** A course of next year a line may continue into. */
export interface ReenrolmentCourseOptionView {
  courseId: number
  label: string
  /** The copy of the line's course (the default choice). */
  continues: boolean
  /** Its teacher and its day and time (« A. FAURE, vendredi 18:00–18:30 »), what is set. */
  detail: string
}

/** One line of the table: a course of the pupil this year, and what the family chose for it. */
export interface ReenrolmentLineView {
  enrolmentId: number
  cursus: string
  course: string
  horairesAmenages: boolean
  cycle: string
  active: boolean
  /** "Réinscription" ticked. */
  reenrol: boolean
  /** The course chosen among the options; null: the default one (the first). */
  courseId: number | null
  options: ReenrolmentCourseOptionView[]
}

/** The document given for a pièce (the current one). */
export interface ReenrolmentDocumentView {
  id: number
  fileName: string
  /** "12/03/2026" and "14:05", Paris time. */
  date: string
  time: string
  sizeBytes: number
  /** "2,35". */
  sizeMo: string
  mimeType: string
  state: DocumentState
  refusalReason: string
}

/** A pièce à fournir that applies to the pupil. */
export interface ReenrolmentPieceView {
  pieceId: number
  name: string
  required: boolean
  document: ReenrolmentDocumentView | null
  /** "A fournir", "Fourni", "Accepté", "Refusé : raison". */
  stateLabel: string
}

/** GET /api/family/pupils/{id}/reenrolment: the tab. */
export interface ReenrolmentTabView {
  pupilId: number
  campaign: OpenCampaignView
  /** null: nothing started yet. */
  status: RequestStatus | null
  /** "Réinscription en attente de validation", "Réinscription validée", … ('' for none). */
  statusLabel: string
  refusalReason: string
  /** ISO timestamp of the last « Valider », or null. */
  submittedAt: string | null
  administrative: boolean
  comment: string
  /** Sent back with « Valider »: a request changed since (by the other guardian) is refused. */
  revision: number
  /** The family may still change it (not decided by the conservatoire). */
  mayChange: boolean
  lines: ReenrolmentLineView[]
  pieces: ReenrolmentPieceView[]
}

/** The words under the form once sent or decided (seed 002: "Réinscription en attente de validation"). */
export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  brouillon: '',
  envoyee: 'Réinscription en attente de validation',
  validee: 'Réinscription validée',
  refusee: 'Réinscription refusée',
}
