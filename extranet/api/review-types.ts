// A pupil's réinscription as staff review it (GET /api/staff/reenrolments/{id}), and the pupil's
// requests (the staff « Réinscription » tab).
import type { DocumentState, RequestStatus } from '../../db/rules/reenrolment.ts'

/** A document a family gave for a pièce (the current one, or an earlier one kept). */
export interface ReviewDocumentView {
  id: number
  /** The family's name of the file: shown only. */
  fileName: string
  mimeType: string
  sizeBytes: number
  /** "Taille (Mo)": "2,35". */
  size: string
  uploadedAt: string
  state: DocumentState
  /** "Fourni", "Accepté", "Refusé : raison". */
  stateLabel: string
  refusalReason: string
  reviewedAt: string | null
  /** Replaced or removed by the family: kept, shown among the earlier ones. */
  removedAt: string | null
}

export interface ReviewPieceView {
  id: number
  name: string
  required: boolean
  /** False: the pièce no longer applies to the pupil, but the family gave a document for it. */
  applies: boolean
  document: ReviewDocumentView | null
  earlier: ReviewDocumentView[]
}

/** A course of next year a line may continue into. */
export interface ReviewCourseOption {
  courseId: number
  label: string
  /** Its teacher and timetable, what is set (« G. BRANTOME, mercredi 14:00–15:00 »). */
  detail: string
  /** The copy of the line's course (the default). */
  continues: boolean
}

/** A course of the year before, ticked or not, and what it becomes next year. */
export interface ReviewLineView {
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
  reenrol: boolean
  /** The family's choice of course for next year (null: the default). */
  chosenCourseId: number | null
  options: ReviewCourseOption[]
  /** What validation creates without another choice (null: no course continues this one). */
  defaultCourseId: number | null
  /** The next cycle of the cursus (the same at its end). */
  proposedCycleId: number | null
  cycles: { id: number; code: string }[]
  createdEnrolmentId: number | null
  createdCourse: string
  /** The cycle of the enrolment created (empty: none). */
  createdCycle: string
}

export interface ReenrolmentReviewView {
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
  /** "Réinscription administrative" with a comment: no course is created for it, staff place the pupil. */
  leftForStaff: boolean
  decidedAt: string | null
  decidedBy: string
  refusalReason: string
  lines: ReviewLineView[]
  pieces: ReviewPieceView[]
}

/** What staff choose for a line at validation (nothing: the defaults). */
export interface ReviewLineChoice {
  lineId: number
  courseId?: number | null
  cycleId?: number | null
}

/** A request of the pupil, in the staff « Réinscription » tab. */
export interface PupilReenrolmentView {
  id: number
  schoolYear: string
  site: string
  status: RequestStatus
  statusLabel: string
  submittedAt: string | null
  decidedAt: string | null
}
