// The back office's calls for invoices, credit notes, payments, runs, lists and exports.
import type { Http } from './http.ts'

export function staffBillingCalls(_http: Http) {
  return {}
}
