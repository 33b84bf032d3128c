// The back office's calls for the billing settings (mode, PayFiP, SEPA creditor).
import type { Http } from './http.ts'

export function staffPayfipCalls(_http: Http) {
  return {}
}
