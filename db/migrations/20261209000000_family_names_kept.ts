import type { Knex } from 'knex'

// The Familles list of the back office reads its pages by name along the active families' names
// (families_active_name_text_index), checking each for the words searched: « lea » passed over
// some 420 of them for a page, then fetched its 25 families. The server now keeps the active
// families in memory for each connection, in that order, with what the list shows of them
// (db/services/kept-family-names.ts), and the revision kept_revisions 'family_names', which these
// triggers set to a new random number at every change of what it keeps, whatever the connection.
// Random rather than a count, as the other kept revisions (migration 20261208000000): a change
// rolled back leaves the revision before it, and the revision of the change never comes back; a
// new one here, so that families kept before the restore of a backup are never taken for those
// after it.

/** A new revision of the families kept (also the start of each trigger of migration 20261210000000). */
export const NAMES = `UPDATE kept_revisions SET value = (random() >> 11) WHERE name = 'family_names';`

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

/**
 * Each trigger: its name, its event and table, and when it runs (every time, when empty). Made
 * again by migration 20261210000000, on the same events.
 */
export const TRIGGERS: [name: string, event: string, when: string][] = [
  ['families_names_ai', 'INSERT ON families', ''],
  ['families_names_au', `UPDATE OF ${KEPT_COLUMNS.join(', ')} ON families`, changed(KEPT_COLUMNS)],
  ['families_names_ad', 'DELETE ON families', ''],
  // The name of the site each family's row shows.
  ['sites_family_names_au', 'UPDATE OF name ON sites', changed(['name'])],
]

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`INSERT INTO kept_revisions (name, value) VALUES ('family_names', random() >> 11)`)
  for (const [name, event, when] of TRIGGERS)
    await knex.raw(`CREATE TRIGGER ${name} AFTER ${event} ${when} BEGIN ${NAMES} END`)
}

export async function down(knex: Knex): Promise<void> {
  for (const [name] of [...TRIGGERS].reverse()) await knex.raw(`DROP TRIGGER IF EXISTS ${name}`)
  await knex.raw(`DELETE FROM kept_revisions WHERE name = 'family_names'`)
}
