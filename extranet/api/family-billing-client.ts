// The family's calls for its Facturation page.
import type { Http } from './http.ts'

export function familyBillingCalls(_http: Http) {
  return {}
}
