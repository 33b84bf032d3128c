import Database from 'better-sqlite3'
import { beforeEach, describe, expect, it } from 'vitest'
import { sqlOf, withSql } from '../../db/prepared.ts'
import type { PieceInput } from '../../db/services/reenrolment/campaign-pieces.ts'
import { saveCampaign, type CampaignInput } from '../../db/services/reenrolment/campaigns.ts'
import { familyReenrolmentTab } from '../../db/services/reenrolment/family-tab.ts'
import { freshDatabases } from '../support/db.ts'
import { buildWorld, type World } from '../support/pedagogy.ts'
import { nextYear } from '../support/reenrolment.ts'

// The family's Réinscription tab keeps a campaign's pièces in memory for its connection
// (kept-pieces.ts), with the revision that triggers give the campaign at every change of its
// pièces: each change shows at the next read, whoever made it, and a change rolled back is gone.

const freshDb = freshDatabases('portee-tab-pieces-')
let w: World
let campaignId: number
let input: CampaignInput

const piece = (name: string, over: Partial<PieceInput> = {}): PieceInput => ({
  name,
  required: true,
  appliesTo: 'tous',
  ...over,
})

beforeEach(async () => {
  w = await buildWorld(freshDb())
  input = {
    siteId: w.sites.conservatoire,
    schoolYearId: await nextYear(w),
    opensOn: '01/10/2025',
    opensTime: '09:00',
    closesOn: '30/11/2025',
    closesTime: '18:00',
    message: 'La réinscription est ouverte.',
    pieces: [piece('justif. d’identité'), piece('justif. de domicile', { required: false })],
  }
  campaignId = (await save(input)).id
})

const save = (campaign: CampaignInput, id?: number) =>
  w.run((trx) => saveCampaign(trx, { ...campaign, id, siteIds: null }, w.actor))

/** The pièces as ABOLANT Adrien's tab lists them: name, and « * » when required. */
const piecesOfTab = (sql: Parameters<typeof familyReenrolmentTab>[0]) =>
  familyReenrolmentTab(sql, {
    familyId: w.families.abolant,
    siteId: w.sites.conservatoire,
    pupilId: w.pupils.adrien,
    now: w.clock.now(),
  }).pieces.map((p) => `${p.name}${p.required ? ' *' : ''}`)

const readTab = () => withSql(w.db, piecesOfTab)

/** The campaign's pièces with their ids, as the back office sends them back when it saves. */
async function savedPieces(): Promise<PieceInput[]> {
  const rows = await w
    .db('campaign_pieces')
    .where({ campaign_id: campaignId })
    .whereNull('archived_at')
    .orderBy('position')
  return rows.map((r: { id: number; name: string; required: number }) =>
    piece(r.name, { id: r.id, required: Boolean(r.required) }),
  )
}

describe('the pièces of the Réinscription tab', () => {
  it('shows at the next read each pièce staff add, change or take off', async () => {
    expect(await readTab()).toEqual(['justif. d’identité *', 'justif. de domicile'])
    const [identity, residence] = await savedPieces()
    if (!identity || !residence) throw new Error('the pièces were not saved')
    await save({ ...input, pieces: [identity, { ...residence, required: true }] }, campaignId)
    expect(await readTab()).toEqual(['justif. d’identité *', 'justif. de domicile *'])
    await save(
      { ...input, pieces: [piece('RIB'), { ...identity, name: 'pièce d’identité' }] },
      campaignId,
    )
    expect(await readTab()).toEqual(['RIB *', 'pièce d’identité *'])
  })

  it('forgets a change rolled back, even when another change follows', async () => {
    expect(await readTab()).toEqual(['justif. d’identité *', 'justif. de domicile'])
    const rollback = new Error('rolled back')
    await expect(
      w.run(async (trx) => {
        await trx('campaign_pieces')
          .where({ name: 'justif. d’identité' })
          .update({ required: false })
        // Read inside the transaction, on the same connection: the change is seen there.
        expect(piecesOfTab(await sqlOf(trx))).toEqual(['justif. d’identité', 'justif. de domicile'])
        throw rollback
      }),
    ).rejects.toBe(rollback)
    // One row changed, as by the change rolled back: another revision all the same, and the
    // change rolled back is not there.
    await w
      .db('campaign_pieces')
      .where({ name: 'justif. de domicile' })
      .update({ name: 'quittance' })
    expect(await readTab()).toEqual(['justif. d’identité *', 'quittance'])
  })

  it('shows a change made by another connection to the same file', async () => {
    expect(await readTab()).toEqual(['justif. d’identité *', 'justif. de domicile'])
    const [main] = (await w.db.raw('PRAGMA database_list')) as { file: string }[]
    if (!main) throw new Error('no database file')
    const other = new Database(main.file)
    try {
      other.prepare(`DELETE FROM campaign_pieces WHERE name = 'justif. de domicile'`).run()
    } finally {
      other.close()
    }
    expect(await readTab()).toEqual(['justif. d’identité *'])
  })
})
