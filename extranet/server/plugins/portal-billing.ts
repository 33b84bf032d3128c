import type { Plugin } from '@hapi/hapi'
import Joi from 'joi'
import { ACCOUNTS, type Account } from '../../../db/rules/billing.ts'
import { familyBillingNow } from '../../../db/services/billing/family-billing.ts'
import {
  invoiceDocument,
  invoiceFileName,
  receiptDocument,
  receiptFileName,
} from '../../../db/services/billing/pdf/documents.ts'
import { renderInvoice } from '../../../db/services/billing/pdf/invoice.ts'
import { renderReceipt } from '../../../db/services/billing/pdf/receipt.ts'
import type { FamilyBillingView } from '../../api/billing-types.ts'
import { familyAuth, read, readNow, route } from '../context.ts'
import { joiPrefsFr } from '../errors.ts'
import { familyBillingView, pdfInline } from '../presenters/billing-documents.ts'
import * as schemas from '../schemas.ts'

type Id = { Params: { id: number } }
type AccountQuery = { Query: { account: Account } }
const accountQuerySchema = Joi.object({
  account: Joi.string()
    .valid(...ACCOUNTS)
    .default('cotisations'),
}).prefs(joiPrefsFr)

/**
 * The page's `?account=` (every visit of Facturation): none, « cotisations » or « locations » are
 * taken at once; anything else goes through joi, which refuses it with its French message.
 */
async function accountQuery(value: unknown): Promise<unknown> {
  const query = (value ?? {}) as Record<string, unknown>
  const keys = Object.keys(query)
  if (keys.length === 0) return { account: 'cotisations' }
  if (keys.length === 1 && ACCOUNTS.some((a) => a === query['account']))
    return { account: query['account'] }
  return accountQuerySchema.validateAsync(value)
}

/**
 * The family's Facturation: its accounts (« Cotisations », « Locations »), its invoices and
 * receipts as PDF. Only the family's own: another family's id is 404, as one that does not exist.
 */
export const portalBillingApi: Plugin<void> = {
  name: 'portee-portal-billing-api',
  register(server) {
    server.route([
      route<AccountQuery>({
        method: 'GET',
        path: '/api/family/billing',
        options: { validate: { query: accountQuery } },
        async handler(request): Promise<FamilyBillingView> {
          const { familyId, guardianId } = familyAuth(request)
          const { account } = request.query
          const billing = await readNow(request, (sql) =>
            familyBillingNow(sql, { familyId, guardianId, account }),
          )
          return familyBillingView(billing, account)
        },
      }),
      route<Id>({
        method: 'GET',
        path: '/api/family/invoices/{id}/pdf',
        options: { validate: { params: schemas.idParams } },
        async handler(request, h) {
          const owner = { familyId: familyAuth(request).familyId }
          const doc = await read(request, (trx) => invoiceDocument(trx, request.params.id, owner))
          return pdfInline(h, await renderInvoice(doc), invoiceFileName(doc))
        },
      }),
      route<Id>({
        method: 'GET',
        path: '/api/family/payments/{id}/pdf',
        options: { validate: { params: schemas.idParams } },
        async handler(request, h) {
          const owner = { familyId: familyAuth(request).familyId }
          const doc = await read(request, (trx) => receiptDocument(trx, request.params.id, owner))
          return pdfInline(h, await renderReceipt(doc), receiptFileName(doc))
        },
      }),
    ])
  },
}
