// The family's Documents tab calls, part of the family client.
import type { PupilDocumentsView } from './document-types.ts'
import type { Http } from './http.ts'

export function familyDocumentCalls(http: Http) {
  return {
    /** The pupil's documents: uploaded ones and attestations (their files are plain links). */
    pupilDocuments: (pupilId: number) =>
      http.get<PupilDocumentsView>(`/api/family/pupils/${pupilId}/documents`),
  }
}
