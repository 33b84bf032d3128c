import type { Plugin, ReqRef, Request } from '@hapi/hapi'
import { DomainError } from '../../../db/errors.ts'
import { BILLING_MESSAGES as M, parseEuros, type LineCategory } from '../../../db/rules/billing.ts'
import { formatDate } from '../../../db/rules/formats.ts'
import { parisDay, parseDay } from '../../../db/rules/pedagogy.ts'
import { CAN } from '../../../db/rules/roles.ts'
import {
  invoiceDetail,
  periodPayments,
  unpaidInvoices,
  type PaymentFilters,
  type UnpaidFilters,
} from '../../../db/services/billing/invoice-lists.ts'
import { issueCreditNote } from '../../../db/services/billing/invoices.ts'
import { familyLedger } from '../../../db/services/billing/ledger.ts'
import { recordPayment } from '../../../db/services/billing/payments.ts'
import { runProgress, type RunInput } from '../../../db/services/billing/runs.ts'
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
} from '../../api/billing-types.ts'
import { BillingRuns } from '../billing-runs.ts'
import { allow, ctx, read, route, staffActor, staffAuth } from '../context.ts'
import { exportFile, type ExportTable } from '../exports.ts'
import * as s from '../invoicing-schemas.ts'
import * as schemas from '../schemas.ts'
import { staffRoute } from '../staff-route.ts'

type Id = { Params: { id: number } }
const byId = { params: schemas.idParams }
const sites = <R extends ReqRef>(r: Request<R>) => staffAuth(r).siteIds
const today = <R extends ReqRef>(r: Request<R>) => parisDay(ctx(r).clock.now())

declare module '@hapi/hapi' {
  interface PluginProperties {
    'portee-staff-billing-api': { runs: BillingRuns }
  }
}

/** An amount as typed, in cents; refused with the field's message. */
function cents(text: string, field: string): number {
  const amount = parseEuros(text)
  if (amount === null) throw new DomainError('VALIDATION', M.badAmount, { [field]: M.badAmount })
  return amount
}

/** A day as typed (12/03/2026), 'YYYY-MM-DD'; refused with the field's message. */
function day(text: string, field: string): string {
  const iso = parseDay(text)
  if (!iso) throw new DomainError('VALIDATION', M.badDate, { [field]: M.badDate })
  return iso
}

const money = (c: number) => (c / 100).toFixed(2).replace('.', ',')
const column = (key: string, title: string) => ({ key, title, sortable: false })

function unpaidFilters<R extends ReqRef>(r: Request<R>, q: UnpaidInvoicesQuery): UnpaidFilters {
  return { ...q, today: today(r), siteIds: sites(r) }
}

function paymentFilters<R extends ReqRef>(r: Request<R>, q: PeriodPaymentsQuery): PaymentFilters {
  return { ...q, siteIds: sites(r) }
}

/**
 * « Facturation » of the back office: a family's accounts, an invoice, « Enregistrer un
 * règlement », « Établir un avoir », the billing runs (« Facturer ») and their progress, the
 * unpaid invoices and the payments of a period, with their exports for the accountant.
 */
export const staffBillingApi: Plugin<void> = {
  name: 'portee-staff-billing-api',
  register(server) {
    const runs = new BillingRuns(server.app.ctx.db)
    server.expose('runs', runs)
    server.ext('onPreStop', () => runs.stop())
    server.route([
      staffRoute({
        method: 'GET',
        path: '/api/staff/families/{id}/billing',
        can: CAN.readBilling,
        sees: 'family',
        validate: byId,
        work: async (trx, r: Request<Id>): Promise<FamilyAccountsView> => ({
          cotisations: await familyLedger(trx, r.params.id, 'cotisations'),
          locations: await familyLedger(trx, r.params.id, 'locations'),
        }),
      }),
      staffRoute({
        method: 'GET',
        path: '/api/staff/invoices/{id}',
        can: CAN.readBilling,
        sees: 'invoice',
        validate: byId,
        work: (trx, r: Request<Id>): Promise<InvoiceDetailView> => invoiceDetail(trx, r.params.id),
      }),
      staffRoute({
        method: 'POST',
        path: '/api/staff/invoices/{id}/payments',
        can: CAN.recordPayments,
        sees: 'invoice',
        validate: { ...byId, payload: s.payment },
        work: async (
          trx,
          r: Request<Id & { Payload: PaymentBody }>,
        ): Promise<RecordedPaymentView> => {
          const { amount, paidOn, ...rest } = r.payload
          const input = { ...rest, invoiceId: r.params.id }
          const paid = { amountCents: cents(amount, 'amount'), paidOn: day(paidOn, 'paidOn') }
          const p = await recordPayment(trx, { ...input, ...paid }, staffActor(r))
          return { id: p.id, receiptNumber: p.receiptNumber, leftCents: p.leftCents }
        },
      }),
      staffRoute({
        method: 'POST',
        path: '/api/staff/invoices/{id}/credit-notes',
        can: CAN.bill,
        sees: 'invoice',
        validate: { ...byId, payload: s.creditNote },
        work: (trx, r: Request<Id & { Payload: CreditNoteBody }>): Promise<IssuedInvoiceView> => {
          const lines = r.payload.lines.map((l, i) => ({
            category: l.category ?? ('cotisation' as LineCategory),
            label: l.label,
            amountCents: cents(l.amount, `lines.${i}.amount`),
          }))
          const input = { invoiceId: r.params.id, reason: r.payload.reason, lines }
          return issueCreditNote(trx, input, staffActor(r))
        },
      }),
      route<{ Payload: BillingRunBody }>({
        method: 'POST',
        path: '/api/staff/billing-runs',
        options: { auth: allow(CAN.bill), validate: { payload: s.billingRun } },
        async handler(request, h) {
          const body = request.payload
          const input: RunInput = { ...body, siteIds: sites(request), firstDueOn: '' }
          input.firstDueOn = day(body.firstDueOn, 'firstDueOn')
          const id = await runs.start(input, staffActor(request))
          return h.response({ id }).code(202)
        },
      }),
      route<Id>({
        method: 'GET',
        path: '/api/staff/billing-runs/{id}',
        options: { auth: allow(CAN.bill), validate: byId },
        async handler(request): Promise<BillingRunView> {
          const { id } = request.params
          const progress = await read(request, (trx) => runProgress(trx, id))
          const interrupted = !progress.finished && !runs.isRunning(id)
          return { ...progress, interrupted, error: runs.errorOf(id) }
        },
      }),
      staffRoute({
        method: 'GET',
        path: '/api/staff/invoices',
        can: CAN.readBilling,
        validate: { query: s.unpaidQuery },
        work: async (
          trx,
          r: Request<{ Query: UnpaidInvoicesQuery }>,
        ): Promise<UnpaidInvoicesView> => {
          const all = await unpaidInvoices(trx, unpaidFilters(r, r.query))
          const leftCents = all.reduce((sum, i) => sum + i.leftCents, 0)
          const overdueCents = all.reduce((sum, i) => sum + i.overdueCents, 0)
          return { rows: all.slice(0, 500), count: all.length, leftCents, overdueCents }
        },
      }),
      route<{ Query: UnpaidInvoicesQuery }>({
        method: 'GET',
        path: '/api/staff/invoices/export',
        options: { auth: allow(CAN.readBilling), validate: { query: s.unpaidQuery } },
        async handler(request, h) {
          const filters = unpaidFilters(request, request.query)
          const rows = await read(request, (trx) => unpaidInvoices(trx, filters))
          return exportFile(h, unpaidTable(rows), 'csv', ctx(request).clock)
        },
      }),
      staffRoute({
        method: 'GET',
        path: '/api/staff/payments',
        can: CAN.readBilling,
        validate: { query: s.paymentsQuery },
        work: async (
          trx,
          r: Request<{ Query: PeriodPaymentsQuery }>,
        ): Promise<PeriodPaymentsView> => {
          const all = await periodPayments(trx, paymentFilters(r, r.query))
          const totalCents = all.reduce((sum, p) => sum + p.amountCents, 0)
          return { rows: all.slice(0, 1000), count: all.length, totalCents }
        },
      }),
      route<{ Query: PeriodPaymentsQuery }>({
        method: 'GET',
        path: '/api/staff/payments/export',
        options: { auth: allow(CAN.readBilling), validate: { query: s.paymentsQuery } },
        async handler(request, h) {
          const filters = paymentFilters(request, request.query)
          const rows = await read(request, (trx) => periodPayments(trx, filters))
          return exportFile(h, paymentsTable(rows), 'csv', ctx(request).clock)
        },
      }),
    ])
  },
}

function unpaidTable(rows: Awaited<ReturnType<typeof unpaidInvoices>>): ExportTable {
  return {
    name: 'factures-impayees',
    title: 'Factures impayées',
    columns: [
      column('number', 'Numéro'),
      column('issuedOn', 'Date'),
      column('family', 'Famille'),
      column('site', 'Site'),
      column('total', 'Montant (€)'),
      column('left', 'Reste à payer (€)'),
      column('overdue', 'En retard (€)'),
    ],
    rows: rows.map((i) => [
      i.number,
      formatDate(i.issuedOn),
      i.familyName,
      i.siteName,
      money(i.totalCents),
      money(i.leftCents),
      money(i.overdueCents),
    ]),
  }
}

function paymentsTable(rows: Awaited<ReturnType<typeof periodPayments>>): ExportTable {
  return {
    name: 'reglements',
    title: 'Règlements',
    columns: [
      column('paidOn', 'Date'),
      column('receipt', 'Reçu'),
      column('invoice', 'Facture'),
      column('family', 'Famille'),
      column('mode', 'Mode de règlement'),
      column('reference', 'Numéro d’opération'),
      column('amount', 'Montant (€)'),
    ],
    rows: rows.map((p) => [
      formatDate(p.paidOn),
      p.receiptNumber,
      p.invoiceNumber,
      p.familyName,
      p.modeLabel,
      p.reference,
      money(p.amountCents),
    ]),
  }
}
