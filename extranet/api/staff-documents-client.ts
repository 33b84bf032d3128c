// The back office's calls for a pupil's documents, part of the staff client; and the family's
// residence (set by staff on the family's file).
import type { Residence } from '../../db/rules/reenrolment.ts'
import type { Http } from './http.ts'

export function staffDocumentCalls(http: Http) {
  return {
    setFamilyResidence: (familyId: number, residence: Residence | null) =>
      http.put<undefined>(`/api/staff/families/${familyId}/residence`, { residence }),
  }
}
