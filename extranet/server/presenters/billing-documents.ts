import type { ReqRef, ResponseObject, ResponseToolkit } from '@hapi/hapi'
import type { Account } from '../../../db/rules/billing.ts'
import type { FamilyBilling } from '../../../db/services/billing/family-billing.ts'
import type { LedgerRow } from '../../../db/services/billing/ledger.ts'
import type { FamilyBillingView, FamilyLedgerRowView } from '../../api/billing-types.ts'

/** Where each app opens an invoice's PDF and a receipt's. */
export interface BillingPdfUrls {
  invoice: (invoiceId: number) => string
  receipt: (paymentId: number) => string
}

export const FAMILY_PDF_URLS: BillingPdfUrls = {
  invoice: (id) => `/api/family/invoices/${id}/pdf`,
  receipt: (id) => `/api/family/payments/${id}/pdf`,
}

function rowView(
  row: LedgerRow,
  receipts: Record<number, string>,
  urls: BillingPdfUrls,
): FamilyLedgerRowView {
  const isReceipt = row.kind === 'recu'
  return {
    ...row,
    documentNumber: isReceipt ? (receipts[row.id] ?? '') : row.operation,
    pdfUrl: isReceipt ? urls.receipt(row.id) : urls.invoice(row.id),
  }
}

/** The family's Facturation page: one account, its totals, who may pay online. */
export function familyBillingView(billing: FamilyBilling, account: Account): FamilyBillingView {
  return {
    account,
    rows: billing.rows.map((r) => rowView(r, billing.receiptNumbers, FAMILY_PDF_URLS)),
    billedCents: billing.billedCents,
    paidCents: billing.paidCents,
    balanceCents: billing.balanceCents,
    mayPayOnline: billing.mayPayOnline,
    payOnlineWhy: billing.payOnlineWhy,
    onlinePayment: billing.onlinePayment,
    mode: billing.mode,
  }
}

/**
 * A billing PDF the browser opens in its viewer (inline), under the name it would save it with;
 * never sniffed into something else, never kept in a cache.
 */
export function pdfInline<R extends ReqRef>(
  h: ResponseToolkit<R>,
  body: Buffer,
  fileName: string,
): ResponseObject {
  return h
    .response(body)
    .type('application/pdf')
    .header('content-disposition', `inline; filename="${fileName}"`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
}
