// The back office's réinscription campaign calls (« Réinscriptions »), part of the staff client.
import type { Http } from './http.ts'

export function campaignCalls(http: Http) {
  void http
  return {}
}
