// The shapes of SEPA direct debit that the services give and the back office reads: declared
// once, here (the HTTP contract, extranet/api/sepa-types.ts, re-exports them).
import type { SequenceType } from './sepa.ts'

/** A family's SEPA mandate, as the back office shows it (the IBAN never leaves whole). */
export interface MandateView {
  id: number
  familyId: number
  /** « Référence unique du mandat »: PORTEE-<family>-<n>. */
  rum: string
  holderName: string
  /** "FR76 •••• •••• •••• •••• •••0 189". */
  ibanMasked: string
  bic: string
  /** 'YYYY-MM-DD' */
  signedOn: string
  nextSequence: SequenceType
  revokedAt: string | null
  createdAt: string
}

/** A mandate as staff type it from the signed form. */
export interface MandateInput {
  holderName: string
  iban: string
  bic: string
  /** "14/09/2026" */
  signedOn: string
}

/** One debit an export of the month would collect. */
export interface DebitLineView {
  instalmentId: number
  invoiceId: number
  invoiceNumber: string
  familyId: number
  familyName: string
  /** « 3/10 »: the instalment's place in the invoice's plan. */
  instalment: string
  dueOn: string
  amountCents: number
  mandateId: number
  rum: string
  holderName: string
  ibanMasked: string
  sequence: SequenceType
}

/** What an export of a month would collect (GET /api/staff/sepa-debits?month=2026-12). */
export interface DebitPreviewView {
  month: string
  lines: DebitLineView[]
  count: number
  totalCents: number
  /** The collection date proposed ('YYYY-MM-DD'). */
  collectionDate: string
  /** Null when the SEPA creditor is set in Paramètres; else the French reason. */
  creditorProblem: string | null
  /** Direct debit instalments of the month whose family has no mandate in force. */
  withoutMandate: number
}

export interface DebitExportInput {
  month: string
  /** "05/12/2026"; the proposed date when empty. */
  collectionDate?: string
}

/** An export made (its file can be downloaded again). */
export interface SepaBatchView {
  id: number
  messageId: string
  month: string
  collectionDate: string
  transactions: number
  totalCents: number
  fileName: string
  createdAt: string
  createdBy: string
}

export interface DebitExportResult {
  batchId: number
  messageId: string
  count: number
  totalCents: number
}
