// The back office's calls for a pupil's documents, part of the staff client; and the family's
// residence (set by staff on the family's file).
import type { Residence } from '../../db/rules/reenrolment.ts'
import type { PupilDocumentsView } from './document-types.ts'
import type { Http } from './http.ts'

export function staffDocumentCalls(http: Http) {
  return {
    /** The pupil's documents: uploaded ones (removed ones too) and attestations. */
    pupilDocuments: (pupilId: number) =>
      http.get<PupilDocumentsView>(`/api/staff/pupils/${pupilId}/documents`),
    setFamilyResidence: (familyId: number, residence: Residence | null) =>
      http.put<undefined>(`/api/staff/families/${familyId}/residence`, { residence }),
  }
}
