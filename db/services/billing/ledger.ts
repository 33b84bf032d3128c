// A family's account as both apps show it (seed 002's « Facturation cotisations »): its invoices,
// credit notes and payments, newest first, in the columns Date, Mode de règlement, Numéro
// d'opération, Libellé, Débit, Crédit, Remise, and the totals « Montant total facturé »,
// « Montant total réglé », « Solde ».
import type { Trx } from '../../connection.ts'
import { sqlOf, type Sql } from '../../prepared.ts'
import {
  PAYMENT_MODE_LABELS,
  type Account,
  type InvoiceKind,
  type PaymentMode,
} from '../../rules/billing.ts'
import type { Ledger, LedgerRow } from '../../rules/billing-views.ts'

export type { Ledger, LedgerRow }

interface InvoiceLedgerRow {
  id: number
  kind: InvoiceKind
  number: string
  label: string
  issued_on: string
  total_cents: number
  credits_invoice_id: number | null
  direct_debit: number | null
  credited: number
  paid: number
}

interface PaymentLedgerRow {
  id: number
  invoice_id: number
  number: string
  label: string
  mode: PaymentMode
  paid_on: string
  amount_cents: number
  receipt_number: string
}

function invoiceRow(i: InvoiceLedgerRow): LedgerRow {
  const isInvoice = i.kind === 'facture'
  const left = isInvoice ? i.total_cents + i.credited - i.paid : null
  return {
    kind: i.kind,
    id: i.id,
    invoiceId: isInvoice ? i.id : (i.credits_invoice_id ?? i.id),
    date: i.issued_on,
    mode: isInvoice && i.direct_debit ? PAYMENT_MODE_LABELS.prelevement : '',
    operation: i.number,
    label: i.label,
    debitCents: isInvoice ? i.total_cents : null,
    creditCents: isInvoice ? null : -i.total_cents,
    remise: isInvoice ? (left ?? 0) <= 0 : true,
    leftCents: left,
  }
}

function paymentRow(p: PaymentLedgerRow): LedgerRow {
  return {
    kind: 'recu',
    id: p.id,
    invoiceId: p.invoice_id,
    date: p.paid_on,
    mode: PAYMENT_MODE_LABELS[p.mode],
    operation: p.number,
    label: `${p.label} — reçu ${p.receipt_number}`,
    debitCents: null,
    creditCents: p.amount_cents,
    remise: true,
    leftCents: null,
  }
}

const INVOICES = `SELECT i.id, i.kind, i.number, i.label, i.issued_on, i.total_cents,
       i.credits_invoice_id,
       (SELECT MAX(direct_debit) FROM invoice_instalments WHERE invoice_id = i.id) AS direct_debit,
       COALESCE((SELECT SUM(c.total_cents) FROM invoices c WHERE c.credits_invoice_id = i.id), 0)
         AS credited,
       COALESCE((SELECT SUM(p.amount_cents) FROM payments p WHERE p.invoice_id = i.id), 0) AS paid
  FROM invoices i WHERE i.family_id = ? AND i.account = ?`

const PAYMENTS = `SELECT p.id, p.invoice_id, i.number, i.label, p.mode, p.paid_on, p.amount_cents,
       p.receipt_number
  FROM payments p JOIN invoices i ON i.id = p.invoice_id
 WHERE p.family_id = ? AND i.account = ?`

/**
 * One account of a family (« Cotisations » or « Locations »), newest first, on prepared
 * statements: the family's Facturation page is read as often as its Accueil.
 */
export function familyLedgerNow(sql: Sql, familyId: number, account: Account): Ledger {
  const invoices = sql.all<InvoiceLedgerRow>(INVOICES, familyId, account)
  const payments = sql.all<PaymentLedgerRow>(PAYMENTS, familyId, account)
  const rows = [...invoices.map(invoiceRow), ...payments.map(paymentRow)].sort(
    (a, b) => b.date.localeCompare(a.date) || b.id - a.id,
  )
  const billedCents = invoices.reduce((sum, i) => sum + i.total_cents, 0)
  const paidCents = payments.reduce((sum, p) => sum + p.amount_cents, 0)
  return { rows, billedCents, paidCents, balanceCents: billedCents - paidCents }
}

/** The same, in the caller's transaction. */
export async function familyLedger(trx: Trx, familyId: number, account: Account): Promise<Ledger> {
  return familyLedgerNow(await sqlOf(trx), familyId, account)
}
