// A pupil's documents (Documents tab, both apps): what the family uploaded for the réinscription
// of every year, and the attestations d'inscription the conservatoire publishes.
import type { DocumentState } from '../../db/rules/reenrolment.ts'

/** A document the family uploaded for a pièce of a campaign. */
export interface UploadedDocumentView {
  id: number
  /** The campaign's school year (« 2027/2028 »). */
  schoolYear: string
  /** The pièce (« attestation d’assurance… »). */
  piece: string
  /** The family's name of the file: shown, never a path. */
  fileName: string
  uploadedAt: string
  /** « 26/11/2026 », « 14:03 » (France). */
  date: string
  time: string
  /** « 0,25 » (Mo). */
  size: string
  state: DocumentState
  /** « Fourni », « Accepté », « Refusé : Document illisible ». */
  stateLabel: string
  /** Replaced or removed by the family (staff only see those): when. */
  removedAt: string | null
  /** Where the file is downloaded (an attachment). */
  url: string
}

/** An attestation d'inscription of a school year the pupil was enrolled in. */
export interface AttestationView {
  schoolYearId: number
  schoolYear: string
  /** « Attestation d’inscription 2026/2027 ». */
  title: string
  fileName: string
  url: string
}

export interface PupilDocumentsView {
  /** Latest first. */
  uploaded: UploadedDocumentView[]
  /** Latest school year first. */
  attestations: AttestationView[]
}
