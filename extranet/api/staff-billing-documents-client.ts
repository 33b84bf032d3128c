// The back office's calls for invoice and receipt PDFs.
import type { Http } from './http.ts'

export function staffBillingDocumentCalls(http: Http) {
  return {
    /** Where an invoice's (or credit note's) PDF opens: a link, or `download` to save it. */
    pdfInvoiceUrl: (invoiceId: number) => `/api/staff/invoices/${invoiceId}/pdf`,
    pdfReceiptUrl: (paymentId: number) => `/api/staff/payments/${paymentId}/pdf`,
    /** The PDF's bytes and its name (facture-2026-F-000012.pdf), to save it or hand it to print. */
    pdfInvoice: (invoiceId: number) => http.download(`/api/staff/invoices/${invoiceId}/pdf`),
    pdfReceipt: (paymentId: number) => http.download(`/api/staff/payments/${paymentId}/pdf`),
  }
}
