// The family's « Facturation » page: one account (« Cotisations » or « Locations ») as the ledger
// gives it, the receipts' numbers (each line opens its PDF), and whether the guardian logged in may
// pay online: only the family's responsable 1 (seed 004: « Seul le responsable 1 pourra régler la
// facture »), the active guardian of lowest rank; the others read why.
import type { Trx } from '../../connection.ts'
import type { Account, BillingMode } from '../../rules/billing.ts'
import { familyLedger, type Ledger } from './ledger.ts'

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
export async function responsable1(
  trx: Trx,
  familyId: number,
): Promise<{ id: number; last_name: string; first_name: string } | undefined> {
  return trx('guardians')
    .where({ family_id: familyId })
    .whereNull('archived_at')
    .orderBy('rank')
    .first('id', 'last_name', 'first_name')
}

export async function familyBilling(
  trx: Trx,
  input: { familyId: number; guardianId: number; account: Account },
): Promise<FamilyBilling> {
  const ledger = await familyLedger(trx, input.familyId, input.account)
  const receipts = await trx('payments')
    .where({ family_id: input.familyId })
    .select<{ id: number; receipt_number: string }[]>('id', 'receipt_number')
  const first = await responsable1(trx, input.familyId)
  const mayPayOnline = first?.id === input.guardianId
  const settings = await trx('billing_settings')
    .where({ id: 1 })
    .first<{ mode: BillingMode; payfip_numcli: string } | undefined>('mode', 'payfip_numcli')
  return {
    ...ledger,
    receiptNumbers: Object.fromEntries(receipts.map((r) => [r.id, r.receipt_number])),
    mayPayOnline,
    payOnlineWhy: mayPayOnline || !first ? '' : payOnlineWhy(first),
    onlinePayment: (settings?.payfip_numcli ?? '').trim() !== '',
    mode: settings?.mode ?? 'regie',
  }
}
