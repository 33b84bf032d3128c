import type { Knex } from 'knex'

/**
 * Every table of billing (db/demo/billing.ts fills them), those that point at others first: a test
 * that builds its own pedagogy or billing from nothing takes the demo's away with them.
 */
const BILLING_TABLES = [
  'online_payments',
  'sepa_debits',
  'sepa_mandates',
  'sepa_batches',
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

/**
 * Takes the demo's billing away: its invoices, payments, mandates, tariffs and rentals; with
 * `settings`, its billing settings (no PayFiP, no SEPA creditor) and the families' quotients too,
 * for a test that starts billing from nothing.
 */
export async function clearDemoBilling(
  db: Knex,
  options: { settings?: boolean } = {},
): Promise<void> {
  for (const table of BILLING_TABLES) await db(table).del()
  if (!options.settings) return
  await db('billing_settings').del()
  await db('families').update({ quotient_familial: null })
}

/**
 * Takes the demo's invoices away, with what stands on them (payments, SEPA debits and exports,
 * online payments, runs, numbers), and keeps its tariffs, rentals and mandates: the year can be
 * billed again from nothing (the billing bench does).
 */
export async function clearDemoInvoices(db: Knex): Promise<void> {
  await db('sepa_mandates').update({ first_batch_id: null })
  for (const table of BILLING_TABLES.slice(0, BILLING_TABLES.indexOf('billing_sequences') + 1))
    if (table !== 'sepa_mandates') await db(table).del()
}
