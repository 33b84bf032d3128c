import type { Knex } from 'knex'

// Staff accounts created by the administrator get a mail with a one-time link to choose their
// password. Their tokens live beside the families' (same shape, same rules) in a table of their
// own: `password_tokens.guardian_id` is NOT NULL, and relaxing it would copy that table; a staff
// link can then never open a family's page, nor the other way round. The outbox names the staff
// member a mail is for (its link is made at sending), without a foreign key so that `down` can
// drop the column with SQLite's own DROP COLUMN (no copy of the table).

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('staff_password_tokens', (t) => {
    t.increments('id')
    t.string('token_hash', 64).notNullable().unique() // sha-256 of the token of the link
    t.integer('staff_user_id').notNullable().references('staff_users.id').onDelete('CASCADE')
    t.string('purpose', 10).notNullable() // access (a new account)
    t.string('created_at', 30).notNullable()
    t.string('expires_at', 30).notNullable()
    t.string('used_at', 30)
    t.index(['staff_user_id'])
  })
  await knex.schema.alterTable('outbox', (t) => {
    t.integer('staff_user_id') // the staff member a mail is for (staff_users.id)
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE outbox DROP COLUMN staff_user_id')
  await knex.schema.dropTable('staff_password_tokens')
}
