import type { Trx } from '../../db/connection.ts'

/**
 * Every table of billing (db/demo/billing.ts fills them), those that point at others first: a test
 * that builds its own pedagogy or billing from nothing takes the demo's away with them.
 */
const BILLING_TABLES = [
  'online_payments',
  'sepa_debits',
  'sepa_batches',
  'sepa_mandates',
  'payments',
  'invoice_instalments',
  'invoice_lines',
  'invoices',
  'billing_runs',
  'billing_sequences',
  'instrument_rentals',
  'instruments',
  'family_situations',
  'rental_rates',
  'billing_fees',
  'family_reductions',
  'tariff_prices',
  'tariffs',
  'quotient_brackets',
] as const

/** Takes the demo's billing away (its settings and the families' quotients stay). */
export async function clearDemoBilling(trx: Trx): Promise<void> {
  for (const table of BILLING_TABLES) if (await trx.schema.hasTable(table)) await trx(table).del()
}
