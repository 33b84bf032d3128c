import type { Knex } from 'knex'

// The link to choose a password is made when the mail is sent, never stored: the outbox keeps a
// placeholder and the kind of link (access, reset). Links already stored in mail bodies are taken
// out, so that no token stays readable in the database.

const PLACEHOLDER = '[lien personnel créé à l’envoi du courriel]'
const LINK = /https?:\/\/[^\s"<]*choisir-mot-de-passe\?jeton=[\w-]+/g

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox', (t) => {
    t.string('link_purpose', 10) // 'access' | 'reset' | null
  })
  const rows = await knex('outbox')
    .whereIn('kind', ['access', 'reset'])
    .select<{ id: number; kind: string; text: string; html: string }[]>(
      'id',
      'kind',
      'text',
      'html',
    )
  for (const row of rows) {
    await knex('outbox')
      .where({ id: row.id })
      .update({
        text: row.text.replace(LINK, PLACEHOLDER),
        html: row.html.replace(LINK, PLACEHOLDER),
        link_purpose: row.kind,
      })
  }
}

export async function down(knex: Knex): Promise<void> {
  // SQLite's own DROP COLUMN (knex's rebuilds the table; see the migrations test).
  await knex.raw('ALTER TABLE outbox DROP COLUMN link_purpose')
}
