import type { Knex } from 'knex'

// A guardian can leave a family (archived) while the family stays.

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('guardians', (t) => {
    t.string('archived_at', 30)
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('guardians', (t) => {
    t.dropColumn('archived_at')
  })
}
