import type { Knex } from 'knex'

// The conservatoire's identity: one row (id 1), written by the first run's step and "Paramètres".
// The logo is kept here as well (a few hundred kilobytes at most), so that a backup of the
// database holds it.

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('conservatoire', (t) => {
    t.integer('id').primary() // always 1: the table holds one row
    t.string('name', 200).notNullable()
    t.string('address', 200).notNullable().defaultTo('')
    t.string('postal_code', 10).notNullable().defaultTo('')
    t.string('city', 100).notNullable().defaultTo('')
    t.string('phone', 30).notNullable().defaultTo('')
    t.string('email', 200).notNullable().defaultTo('')
    t.string('website', 200).notNullable().defaultTo('')
    t.string('siret', 14).notNullable().defaultTo('')
    t.string('controller_name', 200).notNullable().defaultTo('') // responsable du traitement
    t.string('controller_email', 200).notNullable().defaultTo('')
    t.string('dpo_name', 200).notNullable().defaultTo('') // délégué à la protection des données
    t.string('dpo_email', 200).notNullable().defaultTo('')
    t.text('home_text').notNullable().defaultTo('') // the family Accueil
    t.binary('logo')
    t.string('logo_type', 40) // image/png, image/jpeg, image/svg+xml: decided from the bytes
    t.string('logo_version', 40) // changes with the logo: the address families' browsers cache
    t.string('created_at', 30).notNullable()
    t.string('updated_at', 30).notNullable()
  })
}

export async function down(knex: Knex): Promise<void> {
  // Nothing references this table: dropping it touches no other row.
  await knex.schema.dropTable('conservatoire')
}
