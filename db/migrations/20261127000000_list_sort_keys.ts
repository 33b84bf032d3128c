import type { Knex } from 'knex'

// The Familles list sorts on its Responsables, Élèves and Site columns as fast as on its name, and
// reads its last page as fast as its first: each family keeps the folded name of its first
// guardian (« dupont gerard ») and of its first pupil (« lea dupont »), each site its folded name,
// indexed with the id (keyset pages seek them). The folding of frenchSortKey in db/rules/text.ts,
// written out here: migrations are history. An index on (site_id, archived_at), in place of the one
// on site_id, counts the rows of « n familles » without reading the families themselves (archived_at
// first would lure SQLite away from the sort indexes: nearly every family has it NULL).

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
    t.string('guardians_key', 200).notNullable().defaultTo('')
    t.string('pupils_key', 200).notNullable().defaultTo('')
  })
  await knex.schema.alterTable('sites', (t) => {
    t.string('sort_key', 120).notNullable().defaultTo('')
  })
  const families = await knex('families').select<
    { id: number; guardian: string | null; pupil: string | null }[]
  >(
    'id',
    knex.raw(`(SELECT g.last_name || ' ' || g.first_name FROM guardians g
      WHERE g.family_id = families.id AND g.archived_at IS NULL ORDER BY g.rank LIMIT 1) as guardian`),
    knex.raw(`(SELECT p.first_name || ' ' || p.last_name FROM pupils p
      WHERE p.family_id = families.id AND p.archived_at IS NULL ORDER BY p.id LIMIT 1) as pupil`),
  )
  for (const f of families) {
    await knex('families')
      .where({ id: f.id })
      .update({ guardians_key: sortKey(f.guardian ?? ''), pupils_key: sortKey(f.pupil ?? '') })
  }
  const sites = await knex('sites').select<{ id: number; name: string }[]>('id', 'name')
  for (const site of sites) {
    await knex('sites')
      .where({ id: site.id })
      .update({ sort_key: sortKey(site.name) })
  }
  await knex.schema.alterTable('families', (t) => {
    t.index(['guardians_key', 'id'])
    t.index(['pupils_key', 'id'])
    t.dropIndex(['site_id'])
    t.index(['site_id', 'archived_at'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('families', (t) => {
    t.dropIndex(['site_id', 'archived_at'])
    t.index(['site_id'])
    t.dropIndex(['pupils_key', 'id'])
    t.dropIndex(['guardians_key', 'id'])
  })
  // SQLite's own DROP COLUMN, not knex's dropColumn: knex rebuilds the table, and dropping
  // families while guardians and pupils point at it fails (or cascades) with foreign keys on.
  await knex.raw('ALTER TABLE families DROP COLUMN pupils_key')
  await knex.raw('ALTER TABLE families DROP COLUMN guardians_key')
  await knex.raw('ALTER TABLE sites DROP COLUMN sort_key')
}
