// The family's « Facturation » page: one account (« Cotisations » or « Locations ») as the ledger
// gives it, the receipts' numbers (each line opens its PDF), and whether the guardian logged in may
// pay online: only the family's responsable 1 (seed 004: « Seul le responsable 1 pourra régler la
// facture »), the active guardian of lowest rank; the others read why.
import type { Trx } from '../../connection.ts'
import { sqlOf, type Sql } from '../../prepared.ts'
import type { Account, BillingMode } from '../../rules/billing.ts'
import { NUMCLI_PATTERN } from '../../rules/payfip.ts'
import { familyLedgerNow, type Ledger } from './ledger.ts'

export interface FamilyBilling extends Ledger {
  /** The receipt number of each payment of the rows, by the payment's id. */
  receiptNumbers: Record<number, string>
  mayPayOnline: boolean
  /** Why this guardian may not pay online (empty when they may). */
  payOnlineWhy: string
  /** Whether online payment is set up (billing_settings.payfip_numcli). */
  onlinePayment: boolean
  mode: BillingMode
}

/** « Seul le responsable 1 (ABOLANT Jocelyne) peut régler les factures en ligne. » */
export function payOnlineWhy(responsable1: { last_name: string; first_name: string }): string {
  const name = `${responsable1.last_name} ${responsable1.first_name}`.trim()
  return `Seul le responsable 1 (${name}) peut régler les factures en ligne.`
}

/** The family's responsable 1: its active guardian of lowest rank. */
export function responsable1(
  sql: Sql,
  familyId: number,
): { id: number; last_name: string; first_name: string } | undefined {
  return sql.get(
    `SELECT id, last_name, first_name FROM guardians
      WHERE family_id = ? AND archived_at IS NULL ORDER BY rank, id LIMIT 1`,
    familyId,
  )
}

export type BillingExtras = Omit<FamilyBilling, keyof Ledger>

/**
 * The page's reads besides the ledger, on prepared statements (the page is read as often as the
 * family's Accueil): the receipts' numbers, the responsable 1, the billing settings. Synchronous:
 * with a ledger on prepared statements too, the whole page could run in `readNow`.
 */
export function billingExtras(
  sql: Sql,
  input: { familyId: number; guardianId: number },
): BillingExtras {
  const receipts = sql.all<{ id: number; receipt_number: string }>(
    'SELECT id, receipt_number FROM payments WHERE family_id = ?',
    input.familyId,
  )
  const first = responsable1(sql, input.familyId)
  const mayPayOnline = first?.id === input.guardianId
  const settings = sql.get<{ mode: BillingMode; payfip_numcli: string }>(
    'SELECT mode, payfip_numcli FROM billing_settings WHERE id = 1',
  )
  return {
    receiptNumbers: Object.fromEntries(receipts.map((r) => [r.id, r.receipt_number])),
    mayPayOnline,
    payOnlineWhy: mayPayOnline || !first ? '' : payOnlineWhy(first),
    // The same test as PayFiP's start (payfipSettings): a well-formed client number.
    onlinePayment: NUMCLI_PATTERN.test(settings?.payfip_numcli ?? ''),
    mode: settings?.mode ?? 'regie',
  }
}

/** One account of the family and what its guardian may do, on prepared statements. */
export function familyBillingNow(
  sql: Sql,
  input: { familyId: number; guardianId: number; account: Account },
): FamilyBilling {
  return {
    ...familyLedgerNow(sql, input.familyId, input.account),
    ...billingExtras(sql, input),
  }
}

/** The same, in the caller's transaction. */
export async function familyBilling(
  trx: Trx,
  input: { familyId: number; guardianId: number; account: Account },
): Promise<FamilyBilling> {
  return familyBillingNow(await sqlOf(trx), input)
}
