// The back office's review of a pupil's réinscription, part of the staff client.
import type { Download, Http } from './http.ts'
import type {
  PupilReenrolmentView,
  ReenrolmentReviewView,
  ReviewLineChoice,
} from './review-types.ts'

export function reviewCalls(http: Http) {
  return {
    reenrolmentReview: (id: number) =>
      http.get<ReenrolmentReviewView>(`/api/staff/reenrolments/${id}`),
    /** Accepter / Refuser one document (a refusal needs its reason). */
    decideReenrolmentDocument: (documentId: number, decision: 'accepte' | 'refuse', reason = '') =>
      http.put<undefined>(`/api/staff/reenrolment-documents/${documentId}`, { decision, reason }),
    /** The stored file of a document, to show it in the page. */
    reenrolmentDocumentFile: (documentId: number): Promise<Download> =>
      http.download(`/api/staff/reenrolment-documents/${documentId}/file`),
    /** « Valider la réinscription »: on the revision staff saw, with their choices per line. */
    validateReenrolment: (id: number, revision: number, lines: ReviewLineChoice[]) =>
      http.post<{ enrolmentIds: number[] }>(`/api/staff/reenrolments/${id}/validate`, {
        revision,
        lines,
      }),
    refuseReenrolment: (id: number, reason: string) =>
      http.post<undefined>(`/api/staff/reenrolments/${id}/refuse`, { reason }),
    pupilReenrolments: (pupilId: number) =>
      http.get<PupilReenrolmentView[]>(`/api/staff/pupils/${pupilId}/reenrolments`),
  }
}
