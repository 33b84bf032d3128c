// The back office's calls for a pupil's documents, part of the staff client.
import type { Http } from './http.ts'

export function staffDocumentCalls(http: Http) {
  void http
  return {}
}
