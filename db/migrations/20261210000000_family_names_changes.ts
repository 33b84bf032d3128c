import type { Knex } from 'knex'

// The active families the Familles list keeps in memory (db/services/kept-family-names.ts) were
// read again whole after any change of what they hold (20,000 families: 50 to 150 ms on the event
// loop, at the next page of the list). The triggers of migration 20261209000000 now also write
// which family changed, with the revision the change gave, in family_name_changes: families kept
// at a revision found there take the changes written after it, family by family. A revision not
// found there (kept inside a transaction rolled back, or older than the changes kept) has them
// read again whole, as before; so does a site renamed (no family named: every family shows it).

/** The changes kept: those before are deleted as new ones come. */
const CHANGES_KEPT = 1000

const NEW_REVISION = `UPDATE kept_revisions SET value = (random() >> 11) WHERE name = 'family_names';`

/** The revision changed, and the change written with the family it is of (SQL, or NULL). */
const changeOf = (family: string) => `${NEW_REVISION}
  INSERT INTO family_name_changes (family_id, revision)
    SELECT ${family}, value FROM kept_revisions WHERE name = 'family_names';
  DELETE FROM family_name_changes
    WHERE seq <= (SELECT max(seq) FROM family_name_changes) - ${CHANGES_KEPT};`

/** The columns of families kept (the id never changes). */
const KEPT_COLUMNS = [
  'name',
  'site_id',
  'archived_at',
  'sort_key',
  'search_text',
  'guardians_json',
  'pupils_json',
]

/** Updated to what they were (a family's search columns written again): nothing to read again. */
const changed = (columns: string[]) =>
  `WHEN ${columns.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ')}`

/** Each trigger: its name, its event and table, when it runs, and the family it changes. */
const TRIGGERS: [name: string, event: string, when: string, family: string][] = [
  ['families_names_ai', 'INSERT ON families', '', 'new.id'],
  [
    'families_names_au',
    `UPDATE OF ${KEPT_COLUMNS.join(', ')} ON families`,
    changed(KEPT_COLUMNS),
    'new.id',
  ],
  ['families_names_ad', 'DELETE ON families', '', 'old.id'],
  // The name of the site each family's row shows.
  ['sites_family_names_au', 'UPDATE OF name ON sites', changed(['name']), 'NULL'],
]

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE TABLE family_name_changes (
    seq INTEGER PRIMARY KEY,
    family_id INTEGER,
    revision INTEGER NOT NULL
  )`)
  await knex.raw('CREATE INDEX family_name_changes_revision ON family_name_changes (revision)')
  for (const [name, event, when, family] of TRIGGERS) {
    await knex.raw(`DROP TRIGGER ${name}`)
    await knex.raw(`CREATE TRIGGER ${name} AFTER ${event} ${when} BEGIN ${changeOf(family)} END`)
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const [name, event, when] of TRIGGERS) {
    await knex.raw(`DROP TRIGGER ${name}`)
    await knex.raw(`CREATE TRIGGER ${name} AFTER ${event} ${when} BEGIN ${NEW_REVISION} END`)
  }
  await knex.raw('DROP TABLE family_name_changes')
}
