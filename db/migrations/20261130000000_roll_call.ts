import type { Knex } from 'knex'

// Each pupil keeps the key that sorts them by name as a French reader expects (the folded last
// name, then the folded first name: french_key, db/connection.ts), so that a class list and a roll
// call sort in SQLite without calling back into JavaScript for every row. Triggers keep it in step
// with the names, whatever writes them (records, change requests, imports, the demo): every
// connection Portée opens has french_key. char(1) sorts before any character of a folded name, so
// « Dupont Léa » comes before « Dupont-Martin Abel », as with the two keys compared in turn.
//
// The index of enrolments by course and end date gets the start date and the pupil too: a roll
// call reads its enrolments of a date from the index alone (one seek fewer per pupil), and the
// effectif of a course (no end date) still counts on it.

const KEY = `french_key(new.last_name) || char(1) || french_key(new.first_name)`

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('enrolments', (t) => {
    t.dropIndex(['course_id', 'ends_on'])
    t.index(['course_id', 'ends_on', 'starts_on', 'pupil_id'])
  })
  await knex.raw(`ALTER TABLE pupils ADD COLUMN sort_key TEXT NOT NULL DEFAULT ''`)
  await knex.raw(
    `UPDATE pupils SET sort_key = french_key(last_name) || char(1) || french_key(first_name)`,
  )
  await knex.raw(`CREATE TRIGGER pupils_sort_key_ai AFTER INSERT ON pupils BEGIN
    UPDATE pupils SET sort_key = ${KEY} WHERE id = new.id;
  END`)
  await knex.raw(`CREATE TRIGGER pupils_sort_key_au AFTER UPDATE OF last_name, first_name ON pupils BEGIN
    UPDATE pupils SET sort_key = ${KEY} WHERE id = new.id;
  END`)
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS pupils_sort_key_au')
  await knex.raw('DROP TRIGGER IF EXISTS pupils_sort_key_ai')
  // SQLite's own DROP COLUMN (knex would rebuild the table, which others refer to).
  await knex.raw('ALTER TABLE pupils DROP COLUMN sort_key')
  await knex.schema.alterTable('enrolments', (t) => {
    t.dropIndex(['course_id', 'ends_on', 'starts_on', 'pupil_id'])
    t.index(['course_id', 'ends_on'])
  })
}
