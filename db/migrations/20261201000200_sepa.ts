import type { Knex } from 'knex'

// SEPA direct debit: the families' mandates and the monthly exports of their debits.
//
// - `sepa_mandates`: what a family signed (the account holder, the IBAN in its electronic form,
//   the BIC, the date of signature) under its RUM (« référence unique du mandat »,
//   PORTEE-<family>-<n>, n counting the family's mandates from 1). A revoked mandate stays (its
//   RUM is never given again); a family has at most one mandate that is not revoked.
//   `first_batch_id`: the export that first collected on it (null: the next debit is a FRST,
//   then RCUR).
// - `sepa_batches`: one export of a month's debits (pain.008.001.02), the XML kept whole so
//   that the very file given to the bank can be downloaded again.
// - `sepa_debits`: the transactions of an export, one per instalment (unique: an instalment is
//   never collected twice), with the payment recorded for it.
// `invoice_instalments.sepa_batch_id` (20261201000000) names the export that collected it.

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sepa_batches', (t) => {
    t.increments('id')
    t.string('message_id', 35).notNullable().unique() // GrpHdr/MsgId
    t.string('month', 7).notNullable() // YYYY-MM: the due dates it collected
    t.string('collection_date', 10).notNullable() // ReqdColltnDt
    t.integer('transactions').notNullable()
    t.integer('total_cents').notNullable()
    t.string('file_name', 80).notNullable()
    t.text('xml').notNullable()
    t.string('created_at', 30).notNullable()
    t.integer('created_by_staff_user_id').references('staff_users.id').onDelete('SET NULL')
    t.index(['month'])
  })

  await knex.schema.createTable('sepa_mandates', (t) => {
    t.increments('id')
    t.integer('family_id').notNullable().references('families.id').onDelete('RESTRICT')
    t.integer('number').notNullable() // n of the RUM: 1, 2… per family
    t.string('rum', 35).notNullable().unique()
    t.string('holder_name', 70).notNullable()
    t.string('iban', 34).notNullable() // electronic format: FR7630006000011234567890189
    t.string('bic', 11).notNullable()
    t.string('signed_on', 10).notNullable()
    t.integer('first_batch_id').references('sepa_batches.id').onDelete('RESTRICT')
    t.string('revoked_at', 30)
    t.integer('revoked_by_staff_user_id').references('staff_users.id').onDelete('SET NULL')
    t.string('created_at', 30).notNullable()
    t.integer('created_by_staff_user_id').references('staff_users.id').onDelete('SET NULL')
    t.string('updated_at', 30).notNullable()
    t.unique(['family_id', 'number'])
  })
  // One mandate in force per family.
  await knex.raw(
    'CREATE UNIQUE INDEX sepa_mandates_one_active ON sepa_mandates (family_id) WHERE revoked_at IS NULL',
  )

  await knex.schema.createTable('sepa_debits', (t) => {
    t.increments('id')
    t.integer('batch_id').notNullable().references('sepa_batches.id').onDelete('RESTRICT')
    t.integer('instalment_id')
      .notNullable()
      .unique()
      .references('invoice_instalments.id')
      .onDelete('RESTRICT')
    t.integer('mandate_id').notNullable().references('sepa_mandates.id').onDelete('RESTRICT')
    t.integer('payment_id').notNullable().references('payments.id').onDelete('RESTRICT')
    t.string('end_to_end_id', 35).notNullable().unique()
    t.string('sequence_type', 4).notNullable() // FRST, RCUR
    t.integer('amount_cents').notNullable()
    t.index(['batch_id'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex('invoice_instalments').update({ sepa_batch_id: null })
  await knex.schema.dropTableIfExists('sepa_debits')
  await knex.schema.dropTableIfExists('sepa_mandates')
  await knex.schema.dropTableIfExists('sepa_batches')
}
