import type { Plugin } from '@hapi/hapi'
import { CAN } from '../../../db/rules/roles.ts'
import {
  invoiceDocument,
  invoiceFileName,
  receiptDocument,
  receiptFileName,
} from '../../../db/services/billing/pdf/documents.ts'
import { renderInvoice } from '../../../db/services/billing/pdf/invoice.ts'
import { renderReceipt } from '../../../db/services/billing/pdf/receipt.ts'
import { allow, read, route } from '../context.ts'
import { pdfInline } from '../presenters/billing-documents.ts'
import * as schemas from '../schemas.ts'

type Id = { Params: { id: number } }

/** Invoices, credit notes and receipts as PDF for staff: the families of their sites. */
export const staffBillingDocumentsApi: Plugin<void> = {
  name: 'portee-staff-billing-documents-api',
  register(server) {
    const auth = allow(CAN.readBilling)
    server.route([
      route<Id>({
        method: 'GET',
        path: '/api/staff/invoices/{id}/pdf',
        options: { auth, app: { sees: 'invoice' }, validate: { params: schemas.idParams } },
        async handler(request, h) {
          const doc = await read(request, (trx) => invoiceDocument(trx, request.params.id))
          return pdfInline(h, await renderInvoice(doc), invoiceFileName(doc))
        },
      }),
      route<Id>({
        method: 'GET',
        path: '/api/staff/payments/{id}/pdf',
        options: { auth, app: { sees: 'payment' }, validate: { params: schemas.idParams } },
        async handler(request, h) {
          const doc = await read(request, (trx) => receiptDocument(trx, request.params.id))
          return pdfInline(h, await renderReceipt(doc), receiptFileName(doc))
        },
      }),
    ])
  },
}
