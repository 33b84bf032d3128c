import type { Knex } from 'knex'

// PayFiP online payments (the PayFiP part): one row per attempt of a family to pay an invoice
// online. The attempt is written before PayFiP is asked for an operation (`idop`); the payment is
// recorded (`payment_id`) only once PayFiP's own details of the operation say it was paid, for
// this attempt's amount and reference: a notification replayed, late or forged records nothing
// twice (`payment_id` is unique, and the settling reads the attempt in its transaction).
//
// - `refdet`: the reference PayFiP knows the debt by, unique per attempt (PayFiP takes 1 to 30
//   letters and digits): the invoice number without its dashes, "P" and the attempt's number.
// - `state`: created (sent to PayFiP, no answer yet), paid, refused, abandoned, error (PayFiP's
//   answer does not match the attempt, or the invoice was paid otherwise meanwhile: `problem`
//   says what, and nothing was recorded).
// - PayFiP's answers are kept as it gave them: resultrans (P/V paid, R/Z refused, A abandoned),
//   numauto (the card's authorisation), dattrans (DDMMYYYY), heurtrans (HHMM).

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('online_payments', (t) => {
    t.increments('id')
    t.integer('invoice_id').notNullable().references('invoices.id').onDelete('RESTRICT')
    t.integer('family_id').notNullable().references('families.id').onDelete('RESTRICT')
    t.integer('guardian_id').references('guardians.id').onDelete('SET NULL')
    t.integer('attempt').notNullable() // 1, 2… per invoice
    t.integer('amount_cents').notNullable()
    t.string('refdet', 30).notNullable().unique()
    t.string('exer', 4).notNullable()
    t.string('numcli', 6).notNullable()
    t.string('saisie', 1).notNullable() // T test, X activation, W production
    t.string('mel', 200).notNullable()
    t.string('idop', 64).unique() // PayFiP's operation id, once it gave one
    t.string('state', 12).notNullable().defaultTo('created')
    t.string('problem', 200).notNullable().defaultTo('')
    t.string('resultrans', 1).notNullable().defaultTo('')
    t.string('numauto', 20).notNullable().defaultTo('')
    t.string('dattrans', 8).notNullable().defaultTo('')
    t.string('heurtrans', 4).notNullable().defaultTo('')
    t.integer('payment_id').unique().references('payments.id').onDelete('RESTRICT')
    t.string('created_at', 30).notNullable()
    t.string('notified_at', 30) // PayFiP's last notification
    t.string('checked_at', 30) // the last time PayFiP was asked for the operation's details
    t.unique(['invoice_id', 'attempt'])
    t.index(['family_id', 'created_at'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('online_payments')
}
