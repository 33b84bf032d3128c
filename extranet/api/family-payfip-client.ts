// The family's calls for an online payment.
import type { Http } from './http.ts'

export function familyPayfipCalls(_http: Http) {
  return {}
}
