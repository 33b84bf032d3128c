// The back office's calls for invoices, credit notes, payments, runs, lists and exports.
import type {
  BillingRunBody,
  BillingRunView,
  CreditNoteBody,
  FamilyAccountsView,
  InvoiceDetailView,
  IssuedInvoiceView,
  PaymentBody,
  PeriodPaymentsQuery,
  PeriodPaymentsView,
  RecordedPaymentView,
  UnpaidInvoicesQuery,
  UnpaidInvoicesView,
} from './billing-types.ts'
import type { Http } from './http.ts'

const unpaid = (q: UnpaidInvoicesQuery) => ({
  schoolYearId: q.schoolYearId,
  siteId: q.siteId,
  overdue: q.overdue ? 'true' : undefined,
})

export function staffBillingCalls(http: Http) {
  const invoice = (id: number, rest = '') => `/api/staff/invoices/${id}${rest}`
  return {
    /** The family's « Cotisations » and « Locations » accounts. */
    familyAccounts: (familyId: number) =>
      http.get<FamilyAccountsView>(`/api/staff/families/${familyId}/billing`),
    invoice: (id: number) => http.get<InvoiceDetailView>(invoice(id)),
    /** « Enregistrer un règlement ». */
    recordPayment: (invoiceId: number, body: PaymentBody) =>
      http.post<RecordedPaymentView>(invoice(invoiceId, '/payments'), body),
    /** « Établir un avoir ». */
    issueCreditNote: (invoiceId: number, body: CreditNoteBody) =>
      http.post<IssuedInvoiceView>(invoice(invoiceId, '/credit-notes'), body),
    /** « Facturer »: the run's id; its progress with `billingRun`. */
    startBillingRun: (body: BillingRunBody) =>
      http.post<{ id: number }>('/api/staff/billing-runs', body),
    billingRun: (id: number) => http.get<BillingRunView>(`/api/staff/billing-runs/${id}`),
    unpaidInvoices: (q: UnpaidInvoicesQuery) =>
      http.get<UnpaidInvoicesView>('/api/staff/invoices', unpaid(q)),
    exportUnpaidInvoices: (q: UnpaidInvoicesQuery) =>
      http.download('/api/staff/invoices/export', unpaid(q)),
    periodPayments: (q: PeriodPaymentsQuery) =>
      http.get<PeriodPaymentsView>('/api/staff/payments', { ...q }),
    exportPeriodPayments: (q: PeriodPaymentsQuery) =>
      http.download('/api/staff/payments/export', { ...q }),
    /** The PDF part's documents (its routes): the invoice, the payment's receipt. */
    invoicePdfFile: (id: number) => http.download(invoice(id, '/pdf')),
    receiptPdfFile: (paymentId: number) => http.download(`/api/staff/payments/${paymentId}/pdf`),
  }
}
