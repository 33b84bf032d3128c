import type { Knex } from 'knex'

// Family accounts and mail: the outbox, the one-time password links, the login throttling.

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('outbox', (t) => {
    t.increments('id')
    t.string('created_at', 30).notNullable()
    t.integer('site_id').references('sites.id').onDelete('SET NULL')
    t.integer('guardian_id').references('guardians.id').onDelete('SET NULL')
    t.string('kind', 40).notNullable() // access, reset, password_changed, test…
    t.string('to_address', 200).notNullable()
    t.string('subject', 300).notNullable()
    t.text('text').notNullable()
    t.text('html').notNullable()
    t.string('message_id', 200).notNullable() // the same on every attempt
    t.string('status', 10).notNullable().defaultTo('pending') // pending, sending, sent, failed
    t.integer('attempts').notNullable().defaultTo(0)
    t.string('next_attempt_at', 30).notNullable()
    t.text('last_error').notNullable().defaultTo('')
    t.string('sent_at', 30)
    t.index(['status', 'next_attempt_at'])
  })

  await knex.schema.createTable('password_tokens', (t) => {
    t.increments('id')
    t.string('token_hash', 64).notNullable().unique() // sha-256 of the token of the link
    t.integer('guardian_id').notNullable().references('guardians.id').onDelete('CASCADE')
    t.string('purpose', 10).notNullable() // access (sent by staff), reset (Mot de passe perdu)
    t.string('created_at', 30).notNullable()
    t.string('expires_at', 30).notNullable()
    t.string('used_at', 30)
    t.index(['guardian_id'])
  })

  await knex.schema.createTable('throttle_events', (t) => {
    t.increments('id')
    t.string('bucket', 120).notNullable() // login-account:1:dupont1, login-ip:203.0.113.9, reset-…
    t.string('at', 30).notNullable()
    t.index(['bucket', 'at'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('throttle_events')
  await knex.schema.dropTableIfExists('password_tokens')
  await knex.schema.dropTableIfExists('outbox')
}
