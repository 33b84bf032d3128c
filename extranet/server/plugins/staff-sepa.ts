import type { Plugin, ReqRef, Request } from '@hapi/hapi'
import Joi from 'joi'
import { CAN } from '../../../db/rules/roles.ts'
import { parisDay } from '../../../db/rules/pedagogy.ts'
import { sepaBatchFile, sepaBatches } from '../../../db/services/billing/sepa-batches.ts'
import { debitPreview, exportDebits } from '../../../db/services/billing/sepa-export.ts'
import {
  addMandate,
  familyMandates,
  revokeMandate,
} from '../../../db/services/billing/sepa-mandates.ts'
import type { DebitExportInput, MandateInput } from '../../api/sepa-types.ts'
import { allow, ctx, read, route, staffActor, staffAuth } from '../context.ts'
import { staffRoute } from '../staff-route.ts'
import * as schemas from '../schemas.ts'

type Id = { Params: { id: number } }
type Month = { Query: { month: string } }

const byId = { params: schemas.idParams }
const sites = <R extends ReqRef>(r: Request<R>) => staffAuth(r).siteIds
const month = Joi.string().trim().max(7).required()

const mandate = Joi.object<MandateInput>({
  holderName: Joi.string().allow('').max(200).required(),
  iban: Joi.string().allow('').max(60).required(),
  bic: Joi.string().allow('').max(20).required(),
  signedOn: Joi.string().allow('').max(10).required(),
})
const exportInput = Joi.object<DebitExportInput>({
  month,
  collectionDate: Joi.string().trim().allow('').max(10),
})

/**
 * SEPA direct debit: a family's mandates (read with the billing, added and revoked by those who
 * bill), a month's debits and their export as a pain.008 file, the exports made and their files.
 */
export const staffSepaApi: Plugin<void> = {
  name: 'portee-staff-sepa-api',
  register(server) {
    server.route([
      staffRoute({
        method: 'GET',
        path: '/api/staff/families/{id}/sepa-mandates',
        can: CAN.readBilling,
        sees: 'family',
        validate: byId,
        work: (trx, r: Request<Id>) => familyMandates(trx, r.params.id),
      }),
      staffRoute({
        method: 'POST',
        path: '/api/staff/families/{id}/sepa-mandates',
        can: CAN.bill,
        sees: 'family',
        validate: { ...byId, payload: mandate },
        work: (trx, r: Request<Id & { Payload: MandateInput }>) =>
          addMandate(trx, r.params.id, r.payload, staffActor(r)),
      }),
      staffRoute({
        method: 'POST',
        path: '/api/staff/sepa-mandates/{id}/revoke',
        can: CAN.bill,
        sees: 'sepaMandate',
        validate: { ...byId, payload: schemas.noPayload },
        work: (trx, r: Request<Id>) => revokeMandate(trx, r.params.id, staffActor(r)),
      }),
      staffRoute({
        method: 'GET',
        path: '/api/staff/sepa-debits',
        can: CAN.readBilling,
        validate: { query: Joi.object({ month }) },
        work: (trx, r: Request<Month>) =>
          debitPreview(trx, {
            month: r.query.month,
            siteIds: sites(r),
            today: parisDay(ctx(r).clock.now()),
          }),
      }),
      staffRoute({
        method: 'POST',
        path: '/api/staff/sepa-batches',
        can: CAN.bill,
        validate: { payload: exportInput },
        work: (trx, r: Request<{ Payload: DebitExportInput }>) =>
          exportDebits(trx, { ...r.payload, siteIds: sites(r) }, staffActor(r)),
      }),
      staffRoute({
        method: 'GET',
        path: '/api/staff/sepa-batches',
        can: CAN.readBilling,
        work: (trx, r) => sepaBatches(trx, sites(r)),
      }),
      route<Id>({
        method: 'GET',
        path: '/api/staff/sepa-batches/{id}/file',
        options: { auth: allow(CAN.readBilling), validate: byId },
        async handler(request, h) {
          const file = await read(request, (trx) =>
            sepaBatchFile(trx, request.params.id, sites(request)),
          )
          return h
            .response(file.xml)
            .type('application/xml; charset=utf-8')
            .header('content-disposition', `attachment; filename="${file.fileName}"`)
            .header('x-content-type-options', 'nosniff')
            .header('cache-control', 'no-store')
        },
      }),
    ])
  },
}
