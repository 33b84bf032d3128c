import type { Knex } from 'knex'

// A guardian can leave a family (archived) while the family stays.

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('guardians', (t) => {
    t.string('archived_at', 30)
  })
}

export async function down(knex: Knex): Promise<void> {
  // SQLite's own DROP COLUMN: knex's dropColumn rebuilds the table, and dropping guardians with
  // foreign keys on cascades to the rows that point at it (test/integration/migrations.db.test.ts).
  await knex.raw('ALTER TABLE guardians DROP COLUMN archived_at')
}
