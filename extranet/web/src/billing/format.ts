// How the Facturation page words the family's account: its columns (seed 002), amounts in French,
// the accessible name of each line's PDF.
import { euros } from '../../../../db/rules/billing.ts'
import { formatDate } from '../../../../db/rules/formats.ts'
import type { FamilyLedgerRowView } from '../../../api/billing-types.ts'
import type { Column } from '../pedagogy/format.ts'

export { euros }

/** The family's two accounts, as tabs: « Cotisations » (the default) and « Locations ». */
export const ACCOUNT_TABS = [
  { account: 'cotisations', label: 'Cotisations' },
  { account: 'locations', label: 'Locations' },
] as const
export type AccountTab = (typeof ACCOUNT_TABS)[number]['account']

const money = (cents: number | null) => (cents === null ? '' : euros(cents))

/** Seed 002's columns, then the line's document (and its online payment). */
export const LEDGER_COLUMNS: Column<FamilyLedgerRowView>[] = [
  { key: 'date', label: 'Date', value: (r) => formatDate(r.date) },
  { key: 'mode', label: 'Mode de règlement', value: (r) => r.mode },
  { key: 'operation', label: 'Numéro d’opération', value: (r) => r.operation },
  { key: 'libelle', label: 'Libellé', value: (r) => r.label },
  { key: 'debit', label: 'Débit', value: (r) => money(r.debitCents) },
  { key: 'credit', label: 'Crédit', value: (r) => money(r.creditCents) },
  { key: 'remise', label: 'Remise' },
  { key: 'document', label: 'Document' },
]

export const PAYMENT_COLUMN: Column<FamilyLedgerRowView> = {
  key: 'payment',
  label: 'Paiement en ligne',
}

const DOCUMENT_NAMES: Record<FamilyLedgerRowView['kind'], string> = {
  facture: 'la facture',
  avoir: 'l’avoir',
  recu: 'le reçu',
}

/** « Ouvrir la facture 2026-F-000012 (PDF) », « Ouvrir le reçu 2026-R-000045 (PDF) ». */
export function openLabel(row: FamilyLedgerRowView): string {
  return `Ouvrir ${DOCUMENT_NAMES[row.kind]} ${row.documentNumber} (PDF)`
}

/** Whether an invoice still has something to pay (it gets « Paiement en ligne »). */
export const leftToPay = (row: FamilyLedgerRowView) =>
  row.kind === 'facture' && (row.leftCents ?? 0) > 0
