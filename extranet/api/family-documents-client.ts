// The family's Documents tab calls, part of the family client.
import type { Http } from './http.ts'

export function familyDocumentCalls(http: Http) {
  void http
  return {}
}
