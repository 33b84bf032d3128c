// What the back office reads of the ledger: an invoice with everything that happened to it, the
// unpaid invoices (« Factures »), the payments of a period (« Règlements ») and their exports for
// the accountant. Each list keeps to the staff member's sites.
import type { Trx } from '../../connection.ts'
import { DomainError } from '../../errors.ts'
import {
  BILLING_MESSAGES as M,
  PAYMENT_MODE_LABELS,
  type Account,
  type BillingPeriod,
  type InvoiceKind,
  type PaymentMode,
} from '../../rules/billing.ts'
import type { InvoiceDetail, PeriodPayment, UnpaidInvoice } from '../../rules/billing-views.ts'
import type { SiteScope } from '../staff-scope.ts'

export type { InvoiceDetail, PeriodPayment, UnpaidInvoice }

interface DetailRow {
  id: number
  kind: InvoiceKind
  number: string
  family_id: number
  family_name: string
  year_label: string
  period: BillingPeriod
  account: Account
  label: string
  issued_on: string
  total_cents: number
  credits_invoice_id: number | null
  credits_number: string | null
  payer_name: string
  payer_address: string
  payer_postal_code: string
  payer_city: string
  payer_email: string
}

export async function invoiceDetail(trx: Trx, invoiceId: number): Promise<InvoiceDetail> {
  const i = await trx('invoices as i')
    .join('families as f', 'f.id', 'i.family_id')
    .join('school_years as y', 'y.id', 'i.school_year_id')
    .leftJoin('invoices as c', 'c.id', 'i.credits_invoice_id')
    .where('i.id', invoiceId)
    .first<DetailRow | undefined>(
      'i.*',
      'f.name as family_name',
      'y.label as year_label',
      'c.number as credits_number',
    )
  if (!i) throw new DomainError('NOT_FOUND', M.invoiceNotFound)
  const lines = await trx('invoice_lines')
    .where({ invoice_id: i.id })
    .orderBy('position')
    .select('category', 'label', 'rule', 'amount_cents as amountCents')
  const instalments = await trx('invoice_instalments')
    .where({ invoice_id: i.id })
    .orderBy('position')
    .select<{ direct_debit: number }[]>(
      'id',
      'position',
      'due_on as dueOn',
      'amount_cents as amountCents',
      'direct_debit',
    )
  const payments = await trx('payments')
    .where({ invoice_id: i.id })
    .orderBy([{ column: 'paid_on' }, { column: 'id' }])
    .select(
      'id',
      'mode',
      'paid_on as paidOn',
      'amount_cents as amountCents',
      'reference',
      'receipt_number as receiptNumber',
    )
  const creditNotes = await trx('invoices')
    .where({ credits_invoice_id: i.id })
    .orderBy('id')
    .select('id', 'number', 'issued_on as issuedOn', 'total_cents as totalCents', 'label')
  const credited = creditNotes.reduce((s, c: { totalCents: number }) => s + c.totalCents, 0)
  const paid = payments.reduce((s, p: { amountCents: number }) => s + p.amountCents, 0)
  return {
    id: i.id,
    kind: i.kind,
    number: i.number,
    familyId: i.family_id,
    familyName: i.family_name,
    schoolYear: i.year_label,
    period: i.period,
    account: i.account,
    label: i.label,
    issuedOn: i.issued_on,
    totalCents: i.total_cents,
    leftCents: i.kind === 'facture' ? i.total_cents + credited - paid : 0,
    credits: i.credits_invoice_id
      ? { id: i.credits_invoice_id, number: i.credits_number ?? '' }
      : null,
    payer: {
      name: i.payer_name,
      address: i.payer_address,
      postalCode: i.payer_postal_code,
      city: i.payer_city,
      email: i.payer_email,
    },
    lines,
    instalments: instalments.map(({ direct_debit, ...rest }) => ({
      ...(rest as Omit<InvoiceDetail['instalments'][number], 'directDebit'>),
      directDebit: Boolean(direct_debit),
    })),
    payments,
    creditNotes,
  }
}

export interface UnpaidFilters {
  schoolYearId?: number
  siteId?: number
  /** Only the invoices with an instalment due before `today` and not covered by the payments. */
  overdue?: boolean
  today: string
  siteIds: SiteScope
}

/** Unpaid invoices, oldest first: what is left on each, and what is late. */
export async function unpaidInvoices(trx: Trx, f: UnpaidFilters): Promise<UnpaidInvoice[]> {
  const inner = trx('invoices as i')
    .join('families as f', 'f.id', 'i.family_id')
    .join('sites as s', 's.id', 'i.site_id')
    .where('i.kind', 'facture')
    .modify((q) => {
      if (f.schoolYearId) q.where('i.school_year_id', f.schoolYearId)
      if (f.siteId) q.where('i.site_id', f.siteId)
      if (f.siteIds !== null) q.whereIn('i.site_id', f.siteIds)
    })
    .select(
      'i.id',
      'i.number',
      'i.family_id as familyId',
      'f.name as familyName',
      's.name as siteName',
      'i.issued_on as issuedOn',
      'i.total_cents as totalCents',
      trx.raw(
        `i.total_cents
          + COALESCE((SELECT SUM(c.total_cents) FROM invoices c WHERE c.credits_invoice_id = i.id), 0)
          - COALESCE((SELECT SUM(p.amount_cents) FROM payments p WHERE p.invoice_id = i.id), 0)
          AS leftCents`,
      ),
      trx.raw(
        `COALESCE((SELECT SUM(amount_cents) FROM invoice_instalments WHERE invoice_id = i.id
            AND due_on < ?), 0)
          - (i.total_cents - (i.total_cents
          + COALESCE((SELECT SUM(c.total_cents) FROM invoices c WHERE c.credits_invoice_id = i.id), 0)
          - COALESCE((SELECT SUM(p.amount_cents) FROM payments p WHERE p.invoice_id = i.id), 0)))
          AS overdueRaw`,
        [f.today],
      ),
    )
  const rows = await trx
    .from(inner.as('u'))
    .where('leftCents', '>', 0)
    .modify((q) => {
      if (f.overdue) q.where('overdueRaw', '>', 0)
    })
    .orderBy([{ column: 'issuedOn' }, { column: 'id' }])
    .select<(Omit<UnpaidInvoice, 'overdueCents'> & { overdueRaw: number })[]>('*')
  return rows.map(({ overdueRaw, ...r }) => ({
    ...r,
    overdueCents: Math.max(0, Math.min(overdueRaw, r.leftCents)),
  }))
}

export interface PaymentFilters {
  from: string
  to: string
  mode?: PaymentMode
  siteIds: SiteScope
}

/** The payments received from `from` to `to` (both included), in the order they came. */
export async function periodPayments(trx: Trx, f: PaymentFilters): Promise<PeriodPayment[]> {
  const rows = await trx('payments as p')
    .join('invoices as i', 'i.id', 'p.invoice_id')
    .join('families as f', 'f.id', 'p.family_id')
    .whereBetween('p.paid_on', [f.from, f.to])
    .modify((q) => {
      if (f.mode) q.where('p.mode', f.mode)
      if (f.siteIds !== null) q.whereIn('i.site_id', f.siteIds)
    })
    .orderBy([{ column: 'p.paid_on' }, { column: 'p.id' }])
    .select<Omit<PeriodPayment, 'modeLabel'>[]>(
      'p.id',
      'p.paid_on as paidOn',
      'p.receipt_number as receiptNumber',
      'i.id as invoiceId',
      'i.number as invoiceNumber',
      'p.family_id as familyId',
      'f.name as familyName',
      'p.mode',
      'p.reference',
      'p.amount_cents as amountCents',
    )
  return rows.map((r) => ({ ...r, modeLabel: PAYMENT_MODE_LABELS[r.mode] }))
}
