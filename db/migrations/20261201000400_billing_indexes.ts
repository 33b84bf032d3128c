import type { Knex } from 'knex'

// Indexes billing reads by: the credit notes of an invoice (every line of a family's account adds
// them up: without it, each invoice read every invoice of the year, and the family's Facturation
// page of the 20 000-family demo answered in 2 s), and the payment of an instalment (SEPA exports).

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('invoices', (t) => {
    t.index(['credits_invoice_id'])
  })
  await knex.schema.alterTable('payments', (t) => {
    t.index(['instalment_id'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('payments', (t) => {
    t.dropIndex(['instalment_id'])
  })
  await knex.schema.alterTable('invoices', (t) => {
    t.dropIndex(['credits_invoice_id'])
  })
}
