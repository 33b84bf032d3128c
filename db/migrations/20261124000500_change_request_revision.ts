import type { Knex } from 'knex'

// A request's revision goes up with every change of the family and every decision of staff: a
// decision names the revision it was made on, so staff never accept a value they have not seen.

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('change_requests', (t) => {
    t.integer('revision').notNullable().defaultTo(1)
  })
}

export async function down(knex: Knex): Promise<void> {
  // SQLite's own DROP COLUMN: knex's dropColumn rebuilds the table, and dropping change_requests with
  // foreign keys on cascades to the rows that point at it (test/integration/migrations.db.test.ts).
  await knex.raw('ALTER TABLE change_requests DROP COLUMN revision')
}
