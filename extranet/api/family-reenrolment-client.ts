// The family's Réinscription tab calls, part of the family client.
import type { Http } from './http.ts'

export function reenrolmentCalls(http: Http) {
  void http
  return {}
}
