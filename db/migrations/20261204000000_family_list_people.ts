import type { Knex } from 'knex'

// The Familles list shows, on each row, the family's active guardians and pupils. Read from their
// tables for every page, they cost most of the page (two more statements, some 600 values turned
// into JavaScript and back into JSON for 25 families). Each family now keeps them as the JSON the
// list sends (families.guardians_json, pupils_json: GuardianSummary[] by rank, PupilSummary[] by
// id, db/rules/records.ts), rewritten by triggers whenever one of those columns changes, whatever
// the code that changes it.
//
// A page of a search that finds many families (« lea »: one in sixteen) reads the families in
// name order and keeps those whose folded text holds every word: the index below holds that text,
// so that the families passed over are read from the index alone.

const GUARDIANS = (family: string) => `(SELECT json_group_array(json_object(
    'id', g.id, 'rank', g.rank, 'civility', g.civility, 'lastName', g.last_name,
    'firstName', g.first_name, 'login', g.login) ORDER BY g.rank)
  FROM guardians g WHERE g.family_id = ${family} AND g.archived_at IS NULL)`

const PUPILS = (family: string) => `(SELECT json_group_array(json_object(
    'id', p.id, 'lastName', p.last_name, 'firstName', p.first_name) ORDER BY p.id)
  FROM pupils p WHERE p.family_id = ${family} AND p.archived_at IS NULL)`

const GUARDIAN_COLUMNS = 'family_id, rank, civility, last_name, first_name, login, archived_at'
const PUPIL_COLUMNS = 'family_id, last_name, first_name, archived_at'

/** The triggers that rewrite `column` from `list` after any change of `table`'s `columns`. */
function triggers(
  table: string,
  column: string,
  list: (family: string) => string,
  columns: string,
): string[] {
  const rewrite = (family: string) =>
    `UPDATE families SET ${column} = ${list(family)} WHERE id = ${family};`
  return [
    `CREATE TRIGGER ${table}_list_ai AFTER INSERT ON ${table} BEGIN ${rewrite('new.family_id')} END`,
    `CREATE TRIGGER ${table}_list_au AFTER UPDATE OF ${columns} ON ${table} BEGIN
      ${rewrite('new.family_id')}
      UPDATE families SET ${column} = ${list('old.family_id')}
        WHERE id = old.family_id AND old.family_id <> new.family_id;
    END`,
    `CREATE TRIGGER ${table}_list_ad AFTER DELETE ON ${table} BEGIN ${rewrite('old.family_id')} END`,
  ]
}

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE families ADD COLUMN guardians_json TEXT NOT NULL DEFAULT '[]'`)
  await knex.raw(`ALTER TABLE families ADD COLUMN pupils_json TEXT NOT NULL DEFAULT '[]'`)
  await knex.raw(
    `UPDATE families SET guardians_json = ${GUARDIANS('families.id')}, pupils_json = ${PUPILS('families.id')}`,
  )
  for (const source of [
    ...triggers('guardians', 'guardians_json', GUARDIANS, GUARDIAN_COLUMNS),
    ...triggers('pupils', 'pupils_json', PUPILS, PUPIL_COLUMNS),
  ])
    await knex.raw(source)
  await knex.raw(`CREATE INDEX families_active_name_text_index
    ON families (sort_key, id, site_id, search_text) WHERE archived_at IS NULL`)
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS families_active_name_text_index')
  for (const table of ['guardians', 'pupils'])
    for (const suffix of ['ai', 'au', 'ad'])
      await knex.raw(`DROP TRIGGER IF EXISTS ${table}_list_${suffix}`)
  await knex.raw('ALTER TABLE families DROP COLUMN pupils_json')
  await knex.raw('ALTER TABLE families DROP COLUMN guardians_json')
}
