// The invoicing tests' world: the pedagogy World (ABOLANT on the Conservatoire, TORRICE on the
// Antenne, the school year 2025/2026) with their responsables 1, and invoices issued through
// issueInvoice with explicit lines (the tariffs are not needed to test the ledger).
import type { Db, Trx } from '../../db/connection.ts'
import type { BillingActor } from '../../db/services/billing/common.ts'
import {
  issueInvoice,
  type InvoiceLineInput,
  type IssueInvoiceInput,
} from '../../db/services/billing/invoices.ts'
import { buildWorld, type World } from './pedagogy.ts'

export interface BillingWorld extends World {
  billing: BillingActor
  /** Issues an invoice to ABOLANT (unless told otherwise) for 2025/2026 in its own transaction. */
  invoice: (
    lines: InvoiceLineInput[],
    over?: Partial<IssueInvoiceInput>,
  ) => Promise<{ id: number; number: string; totalCents: number }>
}

const T = '2025-08-01T08:00:00.000Z'

export const line = (label: string, amountCents: number): InvoiceLineInput => ({
  category: 'cotisation',
  label,
  rule: `Tarif : ${amountCents / 100} €`,
  amountCents,
})

export async function buildBillingWorld(db: Db): Promise<BillingWorld> {
  const w = await buildWorld(db)
  await db('guardians').insert([
    {
      family_id: 1,
      site_id: 1,
      rank: 1,
      civility: 'Madame',
      last_name: 'ABOLANT',
      first_name: 'Jocelyne',
      address: '3 rue des Lilas',
      postal_code: '77100',
      city: 'MEAUX',
      email: 'jocelyne.abolant@example.org',
      created_at: T,
      updated_at: T,
    },
    {
      family_id: 2,
      site_id: 2,
      rank: 1,
      civility: 'Madame',
      last_name: 'TORRICE',
      first_name: 'Emilie',
      address: '',
      postal_code: '83120',
      city: 'SAINTE MAXIME',
      email: '',
      created_at: T,
      updated_at: T,
    },
  ])
  const billing: BillingActor = { staffUserId: 1, clientIp: '127.0.0.1', clock: w.clock }
  return {
    ...w,
    billing,
    invoice: (lines, over = {}) =>
      db.transaction((trx: Trx) =>
        issueInvoice(
          trx,
          {
            familyId: w.families.abolant,
            schoolYearId: w.years.y2025,
            period: 'annee',
            lines,
            instalments: 1,
            firstDueOn: '2025-11-05',
            ...over,
          },
          billing,
        ),
      ),
  }
}

const LEDGER_TABLES = [
  'invoices',
  'invoice_lines',
  'invoice_instalments',
  'payments',
  'billing_sequences',
  'billing_runs',
  'audit_log',
]

/** Every row of the ledger's tables and the audit log: what a refused action must leave. */
export async function ledgerSnapshot(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {}
  for (const table of LEDGER_TABLES) out[table] = await db(table).orderBy('rowid').select()
  return out
}
