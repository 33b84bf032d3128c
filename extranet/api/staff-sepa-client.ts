// The back office's calls for SEPA mandates and debit exports.
import type { Http } from './http.ts'

export function staffSepaCalls(_http: Http) {
  return {}
}
