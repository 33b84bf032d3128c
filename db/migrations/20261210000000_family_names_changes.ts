import type { Knex } from 'knex'
import { NAMES, TRIGGERS } from './20261209000000_family_names_kept.ts'

// The active families the Familles list keeps in memory (db/services/kept-family-names.ts) were
// read again whole after any change of what they hold (20,000 families: 50 to 150 ms on the event
// loop, at the next page of the list). The triggers of migration 20261209000000 now also write
// which family changed, with the revision the change gave, in family_name_changes: families kept
// at a revision found there take the changes written after it, family by family. A revision not
// found there (kept inside a transaction rolled back, or older than the changes kept) has them
// read again whole, as before; so does a site renamed (no family named: every family shows it).

/** The changes kept: those before are deleted as new ones come. */
const CHANGES_KEPT = 1000

/** The revision changed, and the change written with the family it is of (SQL, or NULL). */
const changeOf = (family: string) => `${NAMES}
  INSERT INTO family_name_changes (family_id, revision)
    SELECT ${family}, value FROM kept_revisions WHERE name = 'family_names';
  DELETE FROM family_name_changes
    WHERE seq <= (SELECT max(seq) FROM family_name_changes) - ${CHANGES_KEPT};`

/** The family each trigger of migration 20261209000000 changes: the row's, or none (a site). */
const FAMILY: Record<string, string> = {
  families_names_ai: 'new.id',
  families_names_au: 'new.id',
  families_names_ad: 'old.id',
  sites_family_names_au: 'NULL',
}

/** The family of a trigger, which this migration must know. */
function familyOf(trigger: string): string {
  const family = FAMILY[trigger]
  if (family === undefined) throw new Error(`no family known for the trigger ${trigger}`)
  return family
}

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE TABLE family_name_changes (
    seq INTEGER PRIMARY KEY,
    family_id INTEGER,
    revision INTEGER NOT NULL
  )`)
  await knex.raw('CREATE INDEX family_name_changes_revision ON family_name_changes (revision)')
  for (const [name, event, when] of TRIGGERS) {
    await knex.raw(`DROP TRIGGER ${name}`)
    await knex.raw(
      `CREATE TRIGGER ${name} AFTER ${event} ${when} BEGIN ${changeOf(familyOf(name))} END`,
    )
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const [name, event, when] of TRIGGERS) {
    await knex.raw(`DROP TRIGGER ${name}`)
    await knex.raw(`CREATE TRIGGER ${name} AFTER ${event} ${when} BEGIN ${NAMES} END`)
  }
  await knex.raw('DROP TABLE family_name_changes')
}
