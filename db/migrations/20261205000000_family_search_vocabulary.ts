import type { Knex } from 'knex'

// The vocabulary of the Familles search index (FTS5's fts5vocab): each trigram and how many
// families hold it. A search asks the index for the rarest trigram of each word, then checks the
// families found for the whole words (db/services/search-trigrams.ts).

export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `CREATE VIRTUAL TABLE families_search_vocabulary USING fts5vocab(families_search, 'row')`,
  )
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS families_search_vocabulary')
}
