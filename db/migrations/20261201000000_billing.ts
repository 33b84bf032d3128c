import type { Knex } from 'knex'

// Billing's ledger: what was billed to a family (invoices and credit notes, their lines and their
// instalments) and what the family paid (payments, each with its receipt). Money is in integer
// cents everywhere; an amount is rounded once, on its line (README « La facturation »).
//
// - An issued invoice never changes: a correction is a credit note (kind 'avoir', its lines and
//   total negative, `credits_invoice_id` the invoice it corrects).
// - Numbers are sequential per school year and kind, with no gap: `billing_sequences` holds the
//   last number given; it is read and raised in the transaction that writes the invoice (or the
//   payment's receipt), and SQLite has one writer at a time. The unique indexes refuse a double.
// - The payer (guardian 1: name and address) is copied onto the invoice when it is issued: the
//   invoice shows who it was addressed to even after the family moves.
// - `account`: the family's « Cotisations » or « Locations » (seed 002's two tabs, each with its
//   totals); rentals are billed on invoices of their own unless billing_settings.separate_rentals
//   is off (then their lines go on the cotisations' invoice).
// - Payments belong to one invoice (partial payments allowed, never more than what is left);
//   `mode` is one of db/rules/billing.ts PAYMENT_MODES.
// - `billing_settings` (one row, id 1) holds how the conservatoire bills: 'tresor_public' (a
//   public conservatoire: "AVIS DES SOMMES A PAYER", the Trésor Public collects) or 'regie' (a
//   private school, or a régie: "FACTURE"), the PayFiP client number and mode, the SEPA creditor.
// Tariffs and rentals (20261201000100), SEPA mandates (20261201000200) and PayFiP operations
// (20261201000300) have their own migrations.

const TABLES = [
  'payments',
  'invoice_instalments',
  'invoice_lines',
  'invoices',
  'billing_runs',
  'billing_sequences',
  'billing_settings',
] as const

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('billing_settings', (t) => {
    t.integer('id').primary() // always 1
    t.string('mode', 20).notNullable().defaultTo('regie') // tresor_public | regie
    t.string('invoice_title', 60).notNullable().defaultTo('FACTURE')
    t.string('payfip_numcli', 6).notNullable().defaultTo('') // PayFiP client number (6 digits)
    t.string('payfip_saisie', 1).notNullable().defaultTo('T') // T test, X activation, W production
    t.string('sepa_creditor_id', 35).notNullable().defaultTo('') // ICS, e.g. FR12ZZZ123456
    t.string('sepa_creditor_name', 70).notNullable().defaultTo('')
    t.string('sepa_creditor_iban', 34).notNullable().defaultTo('')
    t.string('sepa_creditor_bic', 11).notNullable().defaultTo('')
    // Rentals on their own invoices (the family's « Locations » tab), or with the cotisations.
    t.boolean('separate_rentals').notNullable().defaultTo(true)
    t.string('updated_at', 30).notNullable()
  })

  await knex.schema.createTable('billing_sequences', (t) => {
    t.integer('school_year_id').notNullable().references('school_years.id').onDelete('RESTRICT')
    t.string('kind', 12).notNullable() // facture, avoir, recu
    t.integer('last_number').notNullable().defaultTo(0)
    t.primary(['school_year_id', 'kind'])
  })

  // One billing of a school year (or a term) for one family, a selection or everyone: its progress.
  await knex.schema.createTable('billing_runs', (t) => {
    t.increments('id')
    t.integer('school_year_id').notNullable().references('school_years.id').onDelete('RESTRICT')
    t.string('period', 20).notNullable() // annee, trimestre_1, trimestre_2, trimestre_3
    t.integer('instalments').notNullable() // 1, 3 or 10
    t.string('first_due_on', 10).notNullable()
    t.integer('families_total').notNullable()
    t.integer('families_done').notNullable().defaultTo(0)
    t.integer('invoices_issued').notNullable().defaultTo(0)
    t.string('started_at', 30).notNullable()
    t.string('finished_at', 30)
    t.integer('started_by_staff_user_id').references('staff_users.id').onDelete('SET NULL')
  })

  await knex.schema.createTable('invoices', (t) => {
    t.increments('id')
    t.integer('school_year_id').notNullable().references('school_years.id').onDelete('RESTRICT')
    t.string('kind', 12).notNullable() // facture, avoir
    t.integer('sequence').notNullable() // per school year and kind, from 1, no gap
    t.string('number', 20).notNullable().unique() // 2026-F-000123, 2026-A-000004
    t.integer('family_id').notNullable().references('families.id').onDelete('RESTRICT')
    t.integer('site_id').notNullable().references('sites.id').onDelete('RESTRICT')
    t.string('period', 20).notNullable() // annee, trimestre_1…
    t.string('account', 12).notNullable().defaultTo('cotisations') // cotisations | locations
    t.string('label', 120).notNullable() // "AVIS DES SOMMES A PAYER", "Avoir sur la facture …"
    t.string('issued_on', 10).notNullable() // YYYY-MM-DD, Paris
    t.string('issued_at', 30).notNullable()
    t.integer('issued_by_staff_user_id').references('staff_users.id').onDelete('SET NULL')
    t.integer('total_cents').notNullable() // the sum of the lines; negative for a credit note
    t.integer('credits_invoice_id').references('invoices.id').onDelete('RESTRICT')
    t.integer('billing_run_id').references('billing_runs.id').onDelete('SET NULL')
    t.string('payer_name', 200).notNullable().defaultTo('')
    t.string('payer_address', 200).notNullable().defaultTo('')
    t.string('payer_postal_code', 10).notNullable().defaultTo('')
    t.string('payer_city', 100).notNullable().defaultTo('')
    t.string('payer_email', 200).notNullable().defaultTo('')
    t.unique(['school_year_id', 'kind', 'sequence'])
    t.index(['family_id', 'issued_on'])
    t.index(['school_year_id', 'issued_on'])
  })

  await knex.schema.createTable('invoice_lines', (t) => {
    t.increments('id')
    t.integer('invoice_id').notNullable().references('invoices.id').onDelete('RESTRICT')
    t.integer('position').notNullable()
    t.string('category', 12).notNullable() // cotisation, location, frais, reduction
    t.integer('pupil_id').references('pupils.id').onDelete('RESTRICT')
    t.integer('enrolment_id').references('enrolments.id').onDelete('RESTRICT')
    t.integer('rental_id') // rentals (20261201000100): no reference, the table comes later
    t.string('label', 200).notNullable() // Trompette — ABOLANT Adrien
    t.string('rule', 300).notNullable().defaultTo('') // the tariff rule that gave the amount
    t.integer('amount_cents').notNullable() // rounded once, here; negative for a reduction
    t.index(['invoice_id', 'position'])
  })

  await knex.schema.createTable('invoice_instalments', (t) => {
    t.increments('id')
    t.integer('invoice_id').notNullable().references('invoices.id').onDelete('RESTRICT')
    t.integer('position').notNullable() // 1 … n
    t.string('due_on', 10).notNullable()
    t.integer('amount_cents').notNullable()
    t.boolean('direct_debit').notNullable().defaultTo(false) // collected by a SEPA debit
    t.integer('sepa_batch_id') // the export that collected it (20261201000200)
    t.unique(['invoice_id', 'position'])
    t.index(['due_on'])
  })

  await knex.schema.createTable('payments', (t) => {
    t.increments('id')
    t.integer('invoice_id').notNullable().references('invoices.id').onDelete('RESTRICT')
    t.integer('family_id').notNullable().references('families.id').onDelete('RESTRICT')
    t.integer('school_year_id').notNullable().references('school_years.id').onDelete('RESTRICT')
    t.string('mode', 20).notNullable() // db/rules/billing.ts PAYMENT_MODES
    t.integer('amount_cents').notNullable() // > 0
    t.string('paid_on', 10).notNullable()
    t.string('reference', 60).notNullable().defaultTo('') // cheque number, bank operation
    t.string('authorisation', 20).notNullable().defaultTo('') // card authorisation (numauto)
    t.integer('receipt_sequence').notNullable()
    t.string('receipt_number', 20).notNullable().unique() // 2026-R-000045
    t.string('recorded_at', 30).notNullable()
    t.integer('recorded_by_staff_user_id').references('staff_users.id').onDelete('SET NULL')
    t.integer('recorded_by_guardian_id').references('guardians.id').onDelete('SET NULL')
    t.integer('instalment_id').references('invoice_instalments.id').onDelete('SET NULL')
    t.unique(['school_year_id', 'receipt_sequence'])
    t.index(['family_id', 'paid_on'])
    t.index(['invoice_id'])
    t.index(['paid_on'])
  })
}

export async function down(knex: Knex): Promise<void> {
  for (const table of TABLES) await knex.schema.dropTableIfExists(table)
}
