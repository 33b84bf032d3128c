// What an invoice (or credit note) and a receipt say, read from the ledger: the conservatoire and
// the site that bill, the payer as the invoice was addressed, the lines, the instalments, the
// payments and what is left. The PDFs (invoice.ts, receipt.ts) only draw these.
import type { Trx } from '../../../connection.ts'
import { DomainError } from '../../../errors.ts'
import {
  BILLING_MESSAGES as M,
  type Account,
  type BillingPeriod,
  type InvoiceKind,
  type PaymentMode,
} from '../../../rules/billing.ts'

/** Who issues the document: the conservatoire, and the site the family belongs to. */
export interface Issuer {
  conservatoire: string
  /** The site's legal name, or its name. */
  site: string
  address: string
  postalCode: string
  city: string
  phone: string
  email: string
  siret: string
}

export interface PayerSnapshot {
  name: string
  address: string
  postalCode: string
  city: string
}

export interface DocumentPayment {
  id: number
  receiptNumber: string
  paidOn: string
  mode: PaymentMode
  reference: string
  authorisation: string
  amountCents: number
}

export interface InvoiceDocument {
  id: number
  familyId: number
  kind: InvoiceKind
  number: string
  /** « AVIS DES SOMMES A PAYER », « FACTURE », or a credit note's « Avoir sur … : motif ». */
  label: string
  issuedOn: string
  schoolYear: string
  period: BillingPeriod
  account: Account
  issuer: Issuer
  payer: PayerSnapshot
  lines: { label: string; rule: string; amountCents: number }[]
  totalCents: number
  instalments: { position: number; dueOn: string; amountCents: number; directDebit: boolean }[]
  /** A credit note: the invoice it corrects. */
  corrects: { number: string; issuedOn: string } | null
  /** An invoice: its credit notes (amounts negative). */
  credits: { number: string; issuedOn: string; totalCents: number }[]
  payments: DocumentPayment[]
  /** An invoice: what is left to pay (negative: paid more than what remains); 0 for a credit note. */
  leftCents: number
}

export interface ReceiptDocument {
  issuer: Issuer
  payer: PayerSnapshot
  payment: DocumentPayment & { familyId: number }
  invoice: { number: string; label: string; issuedOn: string; totalCents: number }
  /** Credit notes on the invoice issued before the payment was recorded (negative). */
  creditedCents: number
  /** Every payment of the invoice up to this one, this one included. */
  paidCents: number
  /** What was left on the invoice once this payment was recorded. */
  leftCents: number
}

/** Whose documents a caller may read: a family reads its own only (any other is "not found"). */
export interface BillingOwner {
  familyId?: number
}

async function issuer(trx: Trx, siteId: number): Promise<Issuer> {
  const c = await trx('conservatoire')
    .where({ id: 1 })
    .first<{ name: string; siret: string } | undefined>('name', 'siret')
  const s = await trx('sites').where({ id: siteId }).first<{
    name: string
    legal_name: string
    address: string
    postal_code: string
    city: string
    phone: string
    email: string
  }>('name', 'legal_name', 'address', 'postal_code', 'city', 'phone', 'email')
  return {
    conservatoire: c?.name ?? '',
    site: s.legal_name || s.name,
    address: s.address,
    postalCode: s.postal_code,
    city: s.city,
    phone: s.phone,
    email: s.email,
    siret: c?.siret ?? '',
  }
}

interface InvoiceRecord {
  id: number
  family_id: number
  site_id: number
  kind: InvoiceKind
  number: string
  label: string
  issued_on: string
  issued_at: string
  period: BillingPeriod
  account: Account
  total_cents: number
  credits_invoice_id: number | null
  payer_name: string
  payer_address: string
  payer_postal_code: string
  payer_city: string
  school_year: string
}

async function invoiceRecord(trx: Trx, invoiceId: number, owner: BillingOwner) {
  const row = await trx('invoices as i')
    .join('school_years as y', 'y.id', 'i.school_year_id')
    .where('i.id', invoiceId)
    .first<InvoiceRecord | undefined>('i.*', 'y.label as school_year')
  if (!row || (owner.familyId !== undefined && row.family_id !== owner.familyId))
    throw new DomainError('NOT_FOUND', M.invoiceNotFound)
  return row
}

const payerOf = (row: InvoiceRecord): PayerSnapshot => ({
  name: row.payer_name,
  address: row.payer_address,
  postalCode: row.payer_postal_code,
  city: row.payer_city,
})

interface PaymentRecord {
  id: number
  invoice_id: number
  family_id: number
  receipt_number: string
  paid_on: string
  mode: PaymentMode
  reference: string
  authorisation: string
  amount_cents: number
  recorded_at: string
}

const paymentOf = (p: PaymentRecord): DocumentPayment => ({
  id: p.id,
  receiptNumber: p.receipt_number,
  paidOn: p.paid_on,
  mode: p.mode,
  reference: p.reference,
  authorisation: p.authorisation,
  amountCents: p.amount_cents,
})

/** An invoice or a credit note, as its PDF shows it. */
export async function invoiceDocument(
  trx: Trx,
  invoiceId: number,
  owner: BillingOwner = {},
): Promise<InvoiceDocument> {
  const row = await invoiceRecord(trx, invoiceId, owner)
  const lines = await trx('invoice_lines')
    .where({ invoice_id: row.id })
    .orderBy('position')
    .select<{ label: string; rule: string; amount_cents: number }[]>(
      'label',
      'rule',
      'amount_cents',
    )
  const instalments = await trx('invoice_instalments')
    .where({ invoice_id: row.id })
    .orderBy('position')
    .select<{ position: number; due_on: string; amount_cents: number; direct_debit: number }[]>(
      'position',
      'due_on',
      'amount_cents',
      'direct_debit',
    )
  const credits = await trx('invoices')
    .where({ credits_invoice_id: row.id })
    .orderBy('id')
    .select<{ number: string; issued_on: string; total_cents: number }[]>(
      'number',
      'issued_on',
      'total_cents',
    )
  const payments = await trx('payments')
    .where({ invoice_id: row.id })
    .orderBy('id')
    .select<PaymentRecord[]>('*')
  const corrected = row.credits_invoice_id
    ? await trx('invoices')
        .where({ id: row.credits_invoice_id })
        .first<{ number: string; issued_on: string }>('number', 'issued_on')
    : null
  const sum = (list: { c: number }[]) => list.reduce((s, x) => s + x.c, 0)
  const credited = sum(credits.map((c) => ({ c: c.total_cents })))
  const paid = sum(payments.map((p) => ({ c: p.amount_cents })))
  return {
    id: row.id,
    familyId: row.family_id,
    kind: row.kind,
    number: row.number,
    label: row.label,
    issuedOn: row.issued_on,
    schoolYear: row.school_year,
    period: row.period,
    account: row.account,
    issuer: await issuer(trx, row.site_id),
    payer: payerOf(row),
    lines: lines.map((l) => ({ label: l.label, rule: l.rule, amountCents: l.amount_cents })),
    totalCents: row.total_cents,
    instalments: instalments.map((i) => ({
      position: i.position,
      dueOn: i.due_on,
      amountCents: i.amount_cents,
      directDebit: Boolean(i.direct_debit),
    })),
    corrects: corrected ? { number: corrected.number, issuedOn: corrected.issued_on } : null,
    credits: credits.map((c) => ({
      number: c.number,
      issuedOn: c.issued_on,
      totalCents: c.total_cents,
    })),
    payments: payments.map(paymentOf),
    leftCents: row.kind === 'facture' ? row.total_cents + credited - paid : 0,
  }
}

/** A payment's receipt, as its PDF shows it: what was left once it was recorded. */
export async function receiptDocument(
  trx: Trx,
  paymentId: number,
  owner: BillingOwner = {},
): Promise<ReceiptDocument> {
  const p = await trx('payments').where({ id: paymentId }).first<PaymentRecord | undefined>('*')
  if (!p || (owner.familyId !== undefined && p.family_id !== owner.familyId))
    throw new DomainError('NOT_FOUND', M.paymentNotFound)
  const invoice = await invoiceRecord(trx, p.invoice_id, {})
  const credited = await trx('invoices')
    .where({ credits_invoice_id: invoice.id })
    .where('issued_at', '<=', p.recorded_at)
    .sum<{ s: number | null }>({ s: 'total_cents' })
    .first()
  const paid = await trx('payments')
    .where({ invoice_id: invoice.id })
    .where('id', '<=', p.id)
    .sum<{ s: number | null }>({ s: 'amount_cents' })
    .first()
  const creditedCents = credited?.s ?? 0
  const paidCents = paid?.s ?? 0
  return {
    issuer: await issuer(trx, invoice.site_id),
    payer: payerOf(invoice),
    payment: { ...paymentOf(p), familyId: p.family_id },
    invoice: {
      number: invoice.number,
      label: invoice.label,
      issuedOn: invoice.issued_on,
      totalCents: invoice.total_cents,
    },
    creditedCents,
    paidCents,
    leftCents: invoice.total_cents + creditedCents - paidCents,
  }
}

/** The file names the browsers save: facture-2026-F-000012.pdf, avoir-…, recu-2026-R-000045.pdf. */
export function invoiceFileName(doc: Pick<InvoiceDocument, 'kind' | 'number'>): string {
  return `${doc.kind === 'avoir' ? 'avoir' : 'facture'}-${doc.number}.pdf`
}

export function receiptFileName(doc: ReceiptDocument): string {
  return `recu-${doc.payment.receiptNumber}.pdf`
}
