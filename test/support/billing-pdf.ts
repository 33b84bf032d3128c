// Invoices and payments for the PDF part's tests and bench, written straight through the billing
// services (issueInvoice, recordPayment, issueCreditNote) on the demo, which has no billing yet.
import type { Clock } from '../../db/clock.ts'
import type { Db } from '../../db/connection.ts'
import type { BillingMode } from '../../db/rules/billing.ts'
import type { BillingActor } from '../../db/services/billing/common.ts'
import {
  issueCreditNote,
  issueInvoice,
  type InvoiceLineInput,
  type IssueInvoiceInput,
  type IssuedInvoice,
} from '../../db/services/billing/invoices.ts'
import {
  recordPayment,
  type PaymentInput,
  type RecordedPayment,
} from '../../db/services/billing/payments.ts'
import { clearDemoBilling } from './billing.ts'

/** How the conservatoire bills in a test: 'regie' (« FACTURE »), no PayFiP, unless told. */
export async function setBillingSettings(
  db: Db,
  settings: { mode?: BillingMode; payfipNumcli?: string } = {},
): Promise<void> {
  await db('billing_settings')
    .insert({
      id: 1,
      mode: settings.mode ?? 'regie',
      invoice_title: '',
      payfip_numcli: settings.payfipNumcli ?? '',
      updated_at: new Date().toISOString(),
    })
    .onConflict('id')
    .merge()
}

/** The demo without its billing (db/demo/billing.ts), billed 'regie' with no PayFiP: numbers from 1. */
export async function withoutDemoBilling(db: Db): Promise<void> {
  await db.transaction((trx) => clearDemoBilling(trx))
  await setBillingSettings(db)
}

export const actorOf = (clock: Clock): BillingActor => ({ clientIp: '127.0.0.1', clock })

/** The family and guardian of a demo identifiant (site Conservatoire unless told). */
export async function guardianOf(
  db: Db,
  login: string,
  siteId = 1,
): Promise<{ familyId: number; guardianId: number; rank: number }> {
  const g = await db('guardians')
    .where({ login, site_id: siteId })
    .first<{ id: number; family_id: number; rank: number }>('id', 'family_id', 'rank')
  return { familyId: g.family_id, guardianId: g.id, rank: g.rank }
}

export async function yearId(db: Db, label = '2026/2027'): Promise<number> {
  return (await db('school_years').where({ label }).first<{ id: number }>('id')).id
}

type Issue = Omit<IssueInvoiceInput, 'schoolYearId'> & { schoolYearId?: number }

export async function issue(db: Db, clock: Clock, input: Issue): Promise<IssuedInvoice> {
  const schoolYearId = input.schoolYearId ?? (await yearId(db))
  return db.transaction((trx) => issueInvoice(trx, { ...input, schoolYearId }, actorOf(clock)))
}

export async function pay(db: Db, clock: Clock, input: PaymentInput): Promise<RecordedPayment> {
  return db.transaction((trx) => recordPayment(trx, input, actorOf(clock)))
}

export async function credit(
  db: Db,
  clock: Clock,
  input: { invoiceId: number; reason: string; lines: InvoiceLineInput[] },
): Promise<IssuedInvoice> {
  return db.transaction((trx) => issueCreditNote(trx, input, actorOf(clock)))
}

/** ABOLANT's cotisations: 254,00 € in 3 instalments (84,68 + 84,66 + 84,66). */
export const ABOLANT_LINES: InvoiceLineInput[] = [
  {
    category: 'cotisation',
    label: 'Musique cursus diplômant — ABOLANT Adrien',
    rule: 'Tranche B (QF de 600 à 899 €), commune : 180,00 €',
    amountCents: 18_000,
  },
  {
    category: 'cotisation',
    label: 'Ensemble de cuivres — ABOLANT Adrien',
    rule: 'Pratique collective, commune : 60,00 €',
    amountCents: 6_000,
  },
  {
    category: 'frais',
    label: 'Frais de dossier',
    rule: 'Frais fixes : 20,00 €',
    amountCents: 2_000,
  },
  {
    category: 'reduction',
    label: 'Réduction 2e activité — ABOLANT Adrien',
    rule: '2e activité : −10 % de 60,00 €',
    amountCents: -600,
  },
]

/** A rental, on the family's « Locations » account. */
export const RENTAL_LINES: InvoiceLineInput[] = [
  {
    category: 'location',
    label: 'Location trompette n° 12 — ABOLANT Adrien',
    rule: 'Location annuelle : 90,00 €',
    amountCents: 9_000,
  },
]

/** What the ABOLANT family gets in these tests: an invoice partly paid by cheque, a rental. */
export interface AbolantBilling {
  familyId: number
  invoice: IssuedInvoice
  cheque: RecordedPayment
  rental: IssuedInvoice
}

export async function billAbolant(db: Db, clock: Clock): Promise<AbolantBilling> {
  const { familyId } = await guardianOf(db, 'abolant1')
  const invoice = await issue(db, clock, {
    familyId,
    period: 'annee',
    lines: ABOLANT_LINES,
    instalments: 3,
    firstDueOn: '2026-10-15',
  })
  const cheque = await pay(db, clock, {
    invoiceId: invoice.id,
    mode: 'cheque',
    amountCents: 8_468,
    paidOn: '2026-10-10',
    reference: 'Chèque n° 1234567',
  })
  const rental = await issue(db, clock, {
    familyId,
    period: 'annee',
    account: 'locations',
    lines: RENTAL_LINES,
    instalments: 1,
    firstDueOn: '2026-10-15',
  })
  return { familyId, invoice, cheque, rental }
}

/** Twelve lines with long labels and rules (the layout's worst case with ten instalments). */
export function manyLines(count = 12): InvoiceLineInput[] {
  return Array.from({ length: count }, (_, i) => ({
    category: i === count - 1 ? 'reduction' : 'cotisation',
    label:
      i === count - 1
        ? 'Réduction famille nombreuse (3e élève et suivants) — DE LA TOUR D’AUVERGNE-LAURAGUAIS'
        : `Formation musicale cycle ${(i % 3) + 1} et pratique instrumentale (violoncelle) — ` +
          `DE LA TOUR D’AUVERGNE-LAURAGUAIS Marie-Amélie-Éléonore ${i + 1}`,
    rule:
      i === count - 1
        ? '3e élève : −15 % sur le total des cotisations'
        : 'Tranche C (QF de 900 à 1 199 €), extérieur à la communauté de communes : 312,50 €; ' +
          'pro rata : 2 trimestres sur 3',
    amountCents: i === count - 1 ? -4_217 : 20_833 + i,
  }))
}
