import Boom from '@hapi/boom'
import type { Plugin, ReqRef, Request } from '@hapi/hapi'
import Joi from 'joi'
import { DomainError } from '../../../db/errors.ts'
import { PAYFIP_MESSAGES as M } from '../../../db/rules/payfip.ts'
import {
  attachOperation,
  familyOfOperation,
  NotResponsable1,
  startOnlinePayment,
} from '../../../db/services/billing/payfip/online-payments.ts'
import type { PaymentDetails } from '../../../db/services/billing/payfip/provider.ts'
import {
  settleOnlinePayment,
  type SettleOutcome,
} from '../../../db/services/billing/payfip/settle.ts'
import { PayfipSoap } from '../../../db/services/billing/payfip/soap.ts'
import type { ApiErrorBody } from '../../api/types.ts'
import type { OnlinePaymentResult, OnlinePaymentStart } from '../../api/payfip-types.ts'
import { clientIp, ctx, familyAuth, read, route, write } from '../context.ts'
import { payfipSimulator } from '../payfip-simulator.ts'
import { sweepWhileListening } from '../payfip-sweep.ts'
import * as schemas from '../schemas.ts'

// Online payment through PayFiP (db/services/billing/payfip/): the family's responsable 1 opens a
// payment of an invoice and goes to PayFiP's page; PayFiP notifies /api/payfip/notification
// (server to server) and sends the browser back to /api/payfip/retour, which leads to the
// Facturation's return page (/facturation/paiement?idop=…). Both the notification and the return
// page settle the payment on PayFiP's own details of the operation, never on what they are told.
// Neither PayFiP's notification nor its return comes from a page of Portée: see same-origin.ts.

const idop = Joi.string()
  .trim()
  .max(64)
  .pattern(/^[\w-]+$/)
/** PayFiP posts `idop` as a form (and some of its versions `idOp`); the query may carry it too. */
const providerCall = Joi.object({ idop, idOp: idop }).unknown(true)

const FORM_OR_JSON = ['application/x-www-form-urlencoded', 'application/json']

function provider<R extends ReqRef>(request: Request<R>): PayfipSoap {
  return new PayfipSoap(ctx(request).config.payfip)
}

/** The 403 of a guardian who is not the responsable 1, with its French message. */
function forbidden(err: unknown): never {
  if (!(err instanceof NotResponsable1)) throw err
  const boom = Boom.forbidden(err.message)
  const body: ApiErrorBody = {
    statusCode: 403,
    code: 'FORBIDDEN',
    message: err.message,
    details: {},
  }
  ;(boom.output.payload as unknown as ApiErrorBody) = body
  throw boom
}

/** Records the attempt, asks PayFiP for an operation (out of the transaction), keeps its idop. */
async function openPayment<R extends ReqRef>(
  request: Request<R>,
  invoiceId: number,
): Promise<OnlinePaymentStart> {
  const { guardianId } = familyAuth(request)
  const { config, clock } = ctx(request)
  const actor = { guardianId, clientIp: clientIp(request), clock }
  const attempt = await write(request, (trx) =>
    startOnlinePayment(trx, { invoiceId, guardianId, publicUrl: config.publicUrl }, actor),
  ).catch(forbidden)
  const opened = await provider(request)
    .create(attempt.provider)
    .catch((err: unknown) => ({ error: err instanceof Error ? err.message : String(err) }))
  await write(request, (trx) => attachOperation(trx, attempt.id, opened))
  if ('error' in opened) throw new DomainError('BUSY', M.unavailable)
  return { redirectUrl: opened.redirectUrl }
}

/** PayFiP's details of the operation (null while it has none, or cannot be reached), then settles. */
async function settle<R extends ReqRef>(request: Request<R>, idOp: string, notified: boolean) {
  const { config, clock } = ctx(request)
  const details: PaymentDetails | null = await provider(request)
    .details(idOp)
    .catch(() => null)
  const input = { notified, clientIp: clientIp(request), clock, publicUrl: config.publicUrl }
  return write(request, (trx) => settleOnlinePayment(trx, idOp, details, input))
}

/** What the return page reads of a settling. */
function resultOf(outcome: SettleOutcome): OnlinePaymentResult {
  const { state, invoiceNumber, amountCents, receiptNumber, problem } = outcome
  return {
    state: state === 'unknown' ? 'error' : state,
    invoiceNumber,
    amountCents,
    receiptNumber,
    problem,
  }
}

const idopOf = (request: Request): string => {
  const payload = (request.payload ?? {}) as { idop?: string; idOp?: string }
  const query = request.query as { idop?: string; idOp?: string }
  return payload.idop ?? payload.idOp ?? query.idop ?? query.idOp ?? ''
}

const returnPage = (idOp: string) => `/facturation/paiement?${new URLSearchParams({ idop: idOp })}`

export const portalPayfipApi: Plugin<void> = {
  name: 'portee-portal-payfip-api',
  async register(server) {
    if (server.app.ctx.config.payfip.simulator) await server.register(payfipSimulator)
    sweepWhileListening(server)
    server.route([
      route<{ Params: { id: number } }>({
        method: 'POST',
        path: '/api/family/invoices/{id}/online-payment',
        options: { validate: { params: schemas.idParams } },
        handler: (request) => openPayment(request, request.params.id),
      }),
      route<{ Payload: { idop: string } }>({
        method: 'POST',
        path: '/api/family/online-payments/settle',
        options: { validate: { payload: Joi.object({ idop: idop.required() }) } },
        async handler(request): Promise<OnlinePaymentResult> {
          const { familyId } = familyAuth(request)
          const owner = await read(request, (trx) => familyOfOperation(trx, request.payload.idop))
          if (owner !== familyId) throw new DomainError('NOT_FOUND', M.operationNotFound)
          return resultOf(await settle(request, request.payload.idop, false))
        },
      }),
      {
        // PayFiP, server to server, when a payment is over: only the idop is read from it.
        method: 'POST',
        path: '/api/payfip/notification',
        options: {
          auth: false,
          payload: { allow: FORM_OR_JSON },
          validate: { payload: providerCall, query: providerCall },
        },
        async handler(request, h) {
          const idOp = idopOf(request)
          // An operation no attempt has (forged) costs no call to PayFiP.
          const known = idOp && (await read(request, (trx) => familyOfOperation(trx, idOp)))
          if (known) await settle(request, idOp, true)
          return h.response('OK').type('text/plain; charset=utf-8')
        },
      },
      {
        // The payer's browser, back from PayFiP (a GET): to the return page.
        method: 'GET',
        path: '/api/payfip/retour',
        options: { auth: false, validate: { query: providerCall } },
        handler: (request, h) => h.redirect(returnPage(idopOf(request))).code(303),
      },
      {
        // The same, as a POST of PayFiP's own form.
        method: 'POST',
        path: '/api/payfip/retour',
        options: {
          auth: false,
          payload: { allow: FORM_OR_JSON },
          validate: { payload: providerCall.allow(null), query: providerCall },
        },
        handler: (request, h) => h.redirect(returnPage(idopOf(request))).code(303),
      },
    ])
  },
}
