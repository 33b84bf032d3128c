import type { Knex } from 'knex'

// What the family's Réinscription tab reads, the morning a campaign opens, for every family.
//
// The open campaign of a site: read along (site_id, opens_at), the latest opened first, where
// SQLite sorted the site's campaigns for each tab.
//
// A campaign's pièces are read by every family that opens its Réinscription tab (the morning a
// campaign opens, thousands of them) and change a few times a year: the server keeps them in
// memory (db/services/reenrolment/kept-pieces.ts) with the campaign's pieces_revision, which these
// triggers set to a new random number at every change of its pièces, whatever the connection. A
// random number rather than a count: a change rolled back leaves the revision before it, and the
// revision of the change never comes back, so one revision names one state of the pièces (a
// restored backup's too). 53 bits, as a JavaScript number holds them exactly. 0: never any pièce.

const NEW_REVISION = '(random() >> 11)'

const bump = (campaign: string) =>
  `UPDATE reenrolment_campaigns SET pieces_revision = ${NEW_REVISION} WHERE id = ${campaign};`

export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    'CREATE INDEX reenrolment_campaigns_site_opens_index ON reenrolment_campaigns (site_id, opens_at)',
  )
  await knex.raw(
    'ALTER TABLE reenrolment_campaigns ADD COLUMN pieces_revision integer NOT NULL DEFAULT 0',
  )
  await knex.raw(
    `UPDATE reenrolment_campaigns SET pieces_revision = ${NEW_REVISION}
     WHERE id IN (SELECT campaign_id FROM campaign_pieces)`,
  )
  await knex.raw(`CREATE TRIGGER campaign_pieces_revision_ai AFTER INSERT ON campaign_pieces BEGIN
    ${bump('new.campaign_id')}
  END`)
  await knex.raw(`CREATE TRIGGER campaign_pieces_revision_au AFTER UPDATE ON campaign_pieces BEGIN
    ${bump('old.campaign_id')}
    ${bump('new.campaign_id')}
  END`)
  await knex.raw(`CREATE TRIGGER campaign_pieces_revision_ad AFTER DELETE ON campaign_pieces BEGIN
    ${bump('old.campaign_id')}
  END`)
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS campaign_pieces_revision_ad')
  await knex.raw('DROP TRIGGER IF EXISTS campaign_pieces_revision_au')
  await knex.raw('DROP TRIGGER IF EXISTS campaign_pieces_revision_ai')
  await knex.raw('ALTER TABLE reenrolment_campaigns DROP COLUMN pieces_revision')
  await knex.raw('DROP INDEX IF EXISTS reenrolment_campaigns_site_opens_index')
}
