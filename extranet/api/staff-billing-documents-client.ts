// The back office's calls for invoice and receipt PDFs.
import type { Http } from './http.ts'

export function staffBillingDocumentCalls(_http: Http) {
  return {}
}
