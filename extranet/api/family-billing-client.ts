// The family's calls for its Facturation page.
import type { FamilyBillingView } from './billing-types.ts'
import type { Http } from './http.ts'

export function familyBillingCalls(http: Http) {
  return {
    /** One account of the family (« Cotisations » or « Locations »): its lines and totals. */
    familyBilling: (account: 'cotisations' | 'locations') =>
      http.get<FamilyBillingView>('/api/family/billing', { account }),
    /** Where an invoice's (or credit note's) PDF opens: a plain link (the row's pdfUrl). */
    familyInvoicePdfUrl: (invoiceId: number) => `/api/family/invoices/${invoiceId}/pdf`,
    familyReceiptPdfUrl: (paymentId: number) => `/api/family/payments/${paymentId}/pdf`,
  }
}
