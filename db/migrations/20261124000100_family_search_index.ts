import type { Knex } from 'knex'

// A trigram full-text index over families.search_text (folded names and identifiants), kept in
// step by triggers: the Familles search stays instant on tens of thousands of families.

export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `CREATE VIRTUAL TABLE families_search USING fts5(search_text, content='families', content_rowid='id', tokenize='trigram')`,
  )
  await knex.raw(`CREATE TRIGGER families_search_ai AFTER INSERT ON families BEGIN
    INSERT INTO families_search(rowid, search_text) VALUES (new.id, new.search_text);
  END`)
  await knex.raw(`CREATE TRIGGER families_search_ad AFTER DELETE ON families BEGIN
    INSERT INTO families_search(families_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
  END`)
  await knex.raw(`CREATE TRIGGER families_search_au AFTER UPDATE OF search_text ON families BEGIN
    INSERT INTO families_search(families_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO families_search(rowid, search_text) VALUES (new.id, new.search_text);
  END`)
  await knex.raw(`INSERT INTO families_search(families_search) VALUES ('rebuild')`)
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS families_search_au')
  await knex.raw('DROP TRIGGER IF EXISTS families_search_ad')
  await knex.raw('DROP TRIGGER IF EXISTS families_search_ai')
  await knex.raw('DROP TABLE IF EXISTS families_search')
}
