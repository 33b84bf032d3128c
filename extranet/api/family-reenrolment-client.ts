// The family's Réinscription tab calls, part of the family client.
import type { Http } from './http.ts'
import {
  FILE_NAME_HEADER,
  type FamilyReenrolmentView,
  type ReenrolmentSubmission,
  type ReenrolmentTabView,
} from './reenrolment-types.ts'

const tab = (pupilId: number) => `/api/family/pupils/${pupilId}/reenrolment`
const piece = (pupilId: number, pieceId: number) => `${tab(pupilId)}/pieces/${pieceId}`

export function reenrolmentCalls(http: Http) {
  return {
    /** Whether the site's campaign is open (the tab « Réinscription » shows only then). */
    reenrolment: () => http.get<FamilyReenrolmentView>('/api/family/reenrolment'),
    reenrolmentTab: (pupilId: number) => http.get<ReenrolmentTabView>(tab(pupilId)),
    /** « Valider ». */
    submitReenrolment: (pupilId: number, input: ReenrolmentSubmission) =>
      http.put<ReenrolmentTabView>(tab(pupilId), input),
    /** « Importer »: the file of a pièce (replaces the one given before). */
    uploadPiece: (pupilId: number, pieceId: number, file: File) =>
      http.postFile<ReenrolmentTabView>(piece(pupilId, pieceId), file, FILE_NAME_HEADER),
    /** « Supprimer ». */
    removePiece: (pupilId: number, pieceId: number) =>
      http.delete<ReenrolmentTabView>(piece(pupilId, pieceId)),
    /** « Consulter »: the address of a document given (opened as a download). */
    documentUrl: (documentId: number) => `/api/family/documents/${documentId}`,
  }
}
