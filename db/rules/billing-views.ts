// What the billing services give and the API answers, declared once: the services build them,
// extranet/api/billing-types.ts names them for the apps.
import type { Account, BillingPeriod, InvoiceKind, LineCategory, PaymentMode } from './billing.ts'

/**
 * A line of a family's account (seed 002's table: Date, Mode de règlement, Numéro d'opération,
 * Libellé, Débit, Crédit, Remise): an invoice, a credit note or a payment.
 */
export interface LedgerRow {
  /** 'facture' and 'avoir' open the invoice's PDF, 'recu' the payment's receipt. */
  kind: InvoiceKind | 'recu'
  /** The invoice's id, or the payment's. */
  id: number
  /** The invoice a payment or credit note belongs to (itself for an invoice). */
  invoiceId: number
  date: string
  /** "Prélèvement automatique", "Chèque"…; for an invoice, how it is collected. */
  mode: string
  /** The invoice's number (a payment shows the number of the invoice it pays). */
  operation: string
  label: string
  debitCents: number | null
  creditCents: number | null
  /** ✓: an invoice settled, a payment received, a credit note issued. */
  remise: boolean
  /** Invoices only: what is left to pay on it (credit notes and payments deducted). */
  leftCents: number | null
}

export interface Ledger {
  rows: LedgerRow[]
  /** « Montant total facturé »: invoices less credit notes. */
  billedCents: number
  /** « Montant total réglé »: payments. */
  paidCents: number
  /** « Solde »: what the family still owes (negative: the conservatoire owes it). */
  balanceCents: number
}

/** An invoice or credit note with its lines, instalments, payments and credit notes. */
export interface InvoiceDetail {
  id: number
  kind: InvoiceKind
  number: string
  familyId: number
  familyName: string
  schoolYear: string
  period: BillingPeriod
  account: Account
  label: string
  issuedOn: string
  totalCents: number
  /** What is left to pay (credit notes and payments deducted); 0 for a credit note. */
  leftCents: number
  credits: { id: number; number: string } | null
  payer: { name: string; address: string; postalCode: string; city: string; email: string }
  lines: { category: LineCategory; label: string; rule: string; amountCents: number }[]
  instalments: {
    id: number
    position: number
    dueOn: string
    amountCents: number
    directDebit: boolean
  }[]
  payments: {
    id: number
    mode: PaymentMode
    paidOn: string
    amountCents: number
    reference: string
    receiptNumber: string
  }[]
  creditNotes: { id: number; number: string; issuedOn: string; totalCents: number; label: string }[]
}

/** An invoice with something left to pay (« Factures »). */
export interface UnpaidInvoice {
  id: number
  number: string
  familyId: number
  familyName: string
  siteName: string
  issuedOn: string
  totalCents: number
  leftCents: number
  /** What should have been paid by today and was not. */
  overdueCents: number
}

/** A payment of a period (« Règlements »). */
export interface PeriodPayment {
  id: number
  paidOn: string
  receiptNumber: string
  invoiceId: number
  invoiceNumber: string
  familyId: number
  familyName: string
  mode: PaymentMode
  modeLabel: string
  reference: string
  amountCents: number
}
