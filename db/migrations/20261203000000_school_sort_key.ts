import type { Knex } from 'knex'

// Each school keeps the key that sorts the list as a French reader expects (the folded name, then
// the folded commune: french_key, db/connection.ts), kept in step by triggers, so that the list a
// family's « Établissement scolaire » is chosen from sorts in SQLite, without folding every name
// again in JavaScript at each comparison of each request. char(1) sorts before any character of a
// folded name: « Lycée » comes before « Lycée Bonaparte » whatever the communes.

const KEY = `french_key(new.name) || char(1) || french_key(new.city)`

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE schools ADD COLUMN sort_key TEXT NOT NULL DEFAULT ''`)
  await knex.raw(`UPDATE schools SET sort_key = french_key(name) || char(1) || french_key(city)`)
  await knex.raw(`CREATE TRIGGER schools_sort_key_ai AFTER INSERT ON schools BEGIN
    UPDATE schools SET sort_key = ${KEY} WHERE id = new.id;
  END`)
  await knex.raw(`CREATE TRIGGER schools_sort_key_au AFTER UPDATE OF name, city ON schools BEGIN
    UPDATE schools SET sort_key = ${KEY} WHERE id = new.id;
  END`)
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS schools_sort_key_au')
  await knex.raw('DROP TRIGGER IF EXISTS schools_sort_key_ai')
  await knex.raw('ALTER TABLE schools DROP COLUMN sort_key')
}
