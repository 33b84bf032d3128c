// The back office's review of a pupil's réinscription, part of the staff client.
import type { Http } from './http.ts'

export function reviewCalls(http: Http) {
  void http
  return {}
}
