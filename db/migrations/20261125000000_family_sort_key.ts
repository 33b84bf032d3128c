import type { Knex } from 'knex'

// The Familles list sorts as a French reader expects: « Émile », « Étienne », « eude », « Zola »,
// whatever the accents and the case. SQLite compares bytes, so each family keeps its name folded
// (the folding of frenchSortKey in db/rules/text.ts, written out here: migrations are history).

function sortKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/\s+/g, ' ')
    .trim()
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('families', (t) => {
    t.string('sort_key', 120).notNullable().defaultTo('')
  })
  const families = await knex('families').select<{ id: number; name: string }[]>('id', 'name')
  for (const family of families) {
    await knex('families')
      .where({ id: family.id })
      .update({ sort_key: sortKey(family.name) })
  }
  await knex.schema.alterTable('families', (t) => {
    t.dropIndex(['name', 'id'])
    t.index(['sort_key', 'id'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('families', (t) => {
    t.dropIndex(['sort_key', 'id'])
    t.index(['name', 'id'])
  })
  // SQLite's own DROP COLUMN, not knex's dropColumn: knex rebuilds the table, and dropping
  // families while guardians and pupils point at it fails (or cascades) with foreign keys on.
  await knex.raw('ALTER TABLE families DROP COLUMN sort_key')
}
