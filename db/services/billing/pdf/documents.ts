// What an invoice (or credit note) and a receipt say, read from the ledger: the conservatoire and
// the site that bill, the payer as the invoice was addressed, the lines, the instalments, the
// payments and what is left. The PDFs (invoice.ts, receipt.ts) only draw these.
import type { Trx } from '../../../connection.ts'
import { DomainError } from '../../../errors.ts'
import { sqlOf, type Sql } from '../../../prepared.ts'
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

function issuer(sql: Sql, siteId: number): Issuer {
  const c = sql.get<{ name: string; siret: string }>(
    'SELECT name, siret FROM conservatoire WHERE id = 1',
  )
  const s = sql.get<{
    name: string
    legal_name: string
    address: string
    postal_code: string
    city: string
    phone: string
    email: string
  }>(
    'SELECT name, legal_name, address, postal_code, city, phone, email FROM sites WHERE id = ?',
    siteId,
  )
  if (!s) throw new DomainError('NOT_FOUND', M.invoiceNotFound)
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

function invoiceRecord(sql: Sql, invoiceId: number, owner: BillingOwner): InvoiceRecord {
  const row = sql.get<InvoiceRecord>(
    `SELECT i.*, y.label AS school_year FROM invoices i
       JOIN school_years y ON y.id = i.school_year_id WHERE i.id = ?`,
    invoiceId,
  )
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
  const sql = await sqlOf(trx)
  const row = invoiceRecord(sql, invoiceId, owner)
  const lines = sql.all<{ label: string; rule: string; amount_cents: number }>(
    'SELECT label, rule, amount_cents FROM invoice_lines WHERE invoice_id = ? ORDER BY position',
    row.id,
  )
  const instalments = sql.all<{
    position: number
    due_on: string
    amount_cents: number
    direct_debit: number
  }>(
    `SELECT position, due_on, amount_cents, direct_debit FROM invoice_instalments
      WHERE invoice_id = ? ORDER BY position`,
    row.id,
  )
  const credits = sql.all<{ number: string; issued_on: string; total_cents: number }>(
    'SELECT number, issued_on, total_cents FROM invoices WHERE credits_invoice_id = ? ORDER BY id',
    row.id,
  )
  const payments = sql.all<PaymentRecord>(
    'SELECT * FROM payments WHERE invoice_id = ? ORDER BY id',
    row.id,
  )
  const corrected = row.credits_invoice_id
    ? sql.get<{ number: string; issued_on: string }>(
        'SELECT number, issued_on FROM invoices WHERE id = ?',
        row.credits_invoice_id,
      )
    : undefined
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
    issuer: issuer(sql, row.site_id),
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
  const sql = await sqlOf(trx)
  const p = sql.get<PaymentRecord>('SELECT * FROM payments WHERE id = ?', paymentId)
  if (!p || (owner.familyId !== undefined && p.family_id !== owner.familyId))
    throw new DomainError('NOT_FOUND', M.paymentNotFound)
  const invoice = invoiceRecord(sql, p.invoice_id, {})
  const credited = sql.get<{ s: number | null }>(
    'SELECT SUM(total_cents) AS s FROM invoices WHERE credits_invoice_id = ? AND issued_at <= ?',
    invoice.id,
    p.recorded_at,
  )
  const paid = sql.get<{ s: number | null }>(
    'SELECT SUM(amount_cents) AS s FROM payments WHERE invoice_id = ? AND id <= ?',
    invoice.id,
    p.id,
  )
  const creditedCents = credited?.s ?? 0
  const paidCents = paid?.s ?? 0
  return {
    issuer: issuer(sql, invoice.site_id),
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
