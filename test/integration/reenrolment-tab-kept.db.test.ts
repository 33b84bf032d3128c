import Database from 'better-sqlite3'
import { beforeEach, describe, expect, it } from 'vitest'
import { sqlOf, withSql, type Sql } from '../../db/prepared.ts'
import { cancelEnrolment, enrolPupil } from '../../db/services/pedagogy/enrolments.ts'
import { familyReenrolmentTab } from '../../db/services/reenrolment/family-tab.ts'
import { freshDatabases } from '../support/db.ts'
import { buildWorld, type World } from '../support/pedagogy.ts'
import { makeCampaign, nextYear, type CampaignFixture } from '../support/reenrolment.ts'

// The family's Réinscription tab keeps each pupil's lines and pièces in memory for its connection
// (kept-tabs.ts), with the revisions that triggers give the pupil's courses, the courses'
// catalogue and the request's lines and documents at every change: each change shows at the next
// read, whoever made it, and a change rolled back is gone.

const freshDb = freshDatabases('portee-tab-kept-')
let w: World
let campaign: CampaignFixture
/** The course of 2026/2027 copied from the Ensemble de cuivres. */
let copy: number

const T = '2025-10-01T08:00:00.000Z'

beforeEach(async () => {
  w = await buildWorld(freshDb())
  await enrol(w.courses.cuivres)
  const next = await nextYear(w)
  copy = (await w.db('courses').where({ previous_course_id: w.courses.cuivres }).first('id')).id
  campaign = await makeCampaign(w.db, {
    siteId: w.sites.conservatoire,
    schoolYearId: next,
    opensAt: '2025-10-01T00:00:00.000Z',
    closesAt: '2025-11-30T00:00:00.000Z',
    pieces: [
      { name: 'justif. d’identité' },
      { name: 'certificat médical', appliesTo: 'departement', departmentId: w.departments.danse },
    ],
  })
})

const enrol = (courseId: number) =>
  w.run((trx) =>
    enrolPupil(
      trx,
      {
        pupilId: w.pupils.adrien,
        courseId,
        schoolYearId: w.years.y2025,
        cursusId: w.cursus.diplomant,
        cycleId: w.cycles['3C3'],
        startsOn: '01/09/2025',
      },
      w.actor,
    ),
  )

/** ABOLANT Adrien's tab, a text per line (and its choices) and per pièce (and its state). */
function shown(sql: Sql): string[] {
  const tab = familyReenrolmentTab(sql, {
    familyId: w.families.abolant,
    siteId: w.sites.conservatoire,
    pupilId: w.pupils.adrien,
    now: w.clock.now(),
  })
  return [
    ...tab.lines.map(
      (l) =>
        `${l.cursus} | ${l.course} | ${l.cycle}${l.reenrol ? ' | coché' : ''} → ` +
        l.options.map((o) => `${o.label} (${o.detail})`).join(' ; '),
    ),
    ...tab.pieces.map((p) => `${p.name} : ${p.stateLabel}`),
  ]
}

const readTab = () => withSql(w.db, shown)

const CUIVRES = 'Musique cursus diplômant | Ensemble de cuivres | 3C3'
const COPY = 'Ensemble de cuivres (T. BAMELONG, mercredi 14:00–15:00)'
const IDENTITY = 'justif. d’identité : A fournir'

/** A course of 2026/2027 that continues the Ensemble de cuivres, as staff make a second group. */
async function secondGroup(): Promise<number> {
  const row = await w.db('courses').where({ id: copy }).first()
  const [group] = await w
    .db('courses')
    .insert({ ...row, id: undefined, label: 'Ensemble de cuivres B', teacher_id: null })
    .returning<{ id: number }[]>('id')
  if (!group) throw new Error('no second group')
  return group.id
}

describe('the lines and pièces kept of the Réinscription tab', () => {
  it('shows at the next read each change of the pupil’s courses', async () => {
    expect(await readTab()).toEqual([`${CUIVRES} → ${COPY}`, IDENTITY])
    const { enrolmentId } = await enrol(w.courses.formation)
    const formation =
      'Musique cursus diplômant | Musique cursus diplômant | 3C3 → ' +
      'Musique cursus diplômant (G. BRANTOME, mardi 17:30–19:00)'
    expect(await readTab()).toEqual([`${CUIVRES} → ${COPY}`, formation, IDENTITY])
    await w.db('enrolments').where({ id: enrolmentId }).update({ cycle_id: w.cycles['3C2'] })
    expect(await readTab()).toEqual([
      `${CUIVRES} → ${COPY}`,
      formation.replace('3C3', '3C2'),
      IDENTITY,
    ])
    await w.run((trx) => cancelEnrolment(trx, enrolmentId, w.actor))
    expect(await readTab()).toEqual([`${CUIVRES} → ${COPY}`, IDENTITY])
  })

  it('shows at the next read each change of the courses, disciplines, cursus, cycles and teachers it shows', async () => {
    expect(await readTab()).toEqual([`${CUIVRES} → ${COPY}`, IDENTITY])
    await w.db('courses').where({ id: w.courses.cuivres }).update({ label: 'Cuivres' })
    const cuivres = CUIVRES.replace('| Ensemble de cuivres', '| Cuivres')
    expect(await readTab()).toEqual([`${cuivres} → ${COPY}`, IDENTITY])
    await w.db('cursus').where({ id: w.cursus.diplomant }).update({ name: 'Cursus diplômant' })
    const line = 'Cursus diplômant | Cuivres | 3C3'
    expect(await readTab()).toEqual([`${line} → ${COPY}`, IDENTITY])
    await w.db('cycles').where({ id: w.cycles['3C3'] }).update({ code: '3C-3' })
    expect(await readTab()).toEqual([`${line.replace('3C3', '3C-3')} → ${COPY}`, IDENTITY])
    await w.db('cycles').where({ id: w.cycles['3C3'] }).update({ code: '3C3' })
    await w.db('teachers').where({ id: w.teachers.bamelong }).update({ last_name: 'BAMELONG-RIVE' })
    const copyNow = COPY.replace('BAMELONG', 'BAMELONG-RIVE')
    expect(await readTab()).toEqual([`${line} → ${copyNow}`, IDENTITY])
    // In Danse, the Ensemble de cuivres asks for the Danse pièce.
    await w
      .db('disciplines')
      .where({ id: w.disciplines.cuivres })
      .update({ department_id: w.departments.danse })
    const medical = 'certificat médical : A fournir'
    expect(await readTab()).toEqual([`${line} → ${copyNow}`, IDENTITY, medical])
    const group = await secondGroup()
    const two = `${copyNow} ; Ensemble de cuivres B (mercredi 14:00–15:00)`
    expect(await readTab()).toEqual([`${line} → ${two}`, IDENTITY, medical])
    await w.db('courses').where({ id: group }).del()
    expect(await readTab()).toEqual([`${line} → ${copyNow}`, IDENTITY, medical])
    await w.db('courses').where({ id: copy }).update({ archived_at: T })
    expect(await readTab()).toEqual([`${line} → `, IDENTITY, medical])
  })

  it('shows at the next read each change of the request’s lines and documents', async () => {
    const [request] = await w
      .db('reenrolment_requests')
      .insert({
        campaign_id: campaign.id,
        pupil_id: w.pupils.adrien,
        family_id: w.families.abolant,
        created_at: T,
        updated_at: T,
      })
      .returning<{ id: number }[]>('id')
    const requestId = request?.id
    expect(await readTab()).toEqual([`${CUIVRES} → ${COPY}`, IDENTITY])
    const enrolment = await w.db('enrolments').where({ pupil_id: w.pupils.adrien }).first('id')
    const line = { request_id: requestId, enrolment_id: enrolment.id }
    await w.db('reenrolment_lines').insert({ ...line, reenrol: true })
    expect(await readTab()).toEqual([`${CUIVRES} | coché → ${COPY}`, IDENTITY])
    await w.db('reenrolment_lines').where(line).update({ reenrol: false })
    expect(await readTab()).toEqual([`${CUIVRES} → ${COPY}`, IDENTITY])
    await w.db('reenrolment_lines').where(line).update({ reenrol: true })
    expect(await readTab()).toEqual([`${CUIVRES} | coché → ${COPY}`, IDENTITY])
    await w.db('reenrolment_lines').where(line).del()
    expect(await readTab()).toEqual([`${CUIVRES} → ${COPY}`, IDENTITY])
    const document = {
      request_id: requestId,
      piece_id: campaign.pieceIds[0],
      pupil_id: w.pupils.adrien,
      family_id: w.families.abolant,
      file_name: 'identite.pdf',
      mime_type: 'application/pdf',
      size_bytes: 1000,
      sha256: '0'.repeat(64),
      uploaded_at: T,
    }
    await w.db('reenrolment_documents').insert({ ...document, stored_name: 'a.pdf' })
    expect(await readTab()).toEqual([`${CUIVRES} → ${COPY}`, 'justif. d’identité : Fourni'])
    await w
      .db('reenrolment_documents')
      .where({ stored_name: 'a.pdf' })
      .update({ state: 'refuse', refusal_reason: 'illisible' })
    const refused = 'justif. d’identité : Refusé : illisible'
    expect(await readTab()).toEqual([`${CUIVRES} → ${COPY}`, refused])
    await w.db('reenrolment_documents').where({ stored_name: 'a.pdf' }).del()
    expect(await readTab()).toEqual([`${CUIVRES} → ${COPY}`, IDENTITY])
  })

  it('forgets a change rolled back, even when another change follows', async () => {
    expect(await readTab()).toEqual([`${CUIVRES} → ${COPY}`, IDENTITY])
    const rollback = new Error('rolled back')
    await expect(
      w.run(async (trx) => {
        await trx('teachers').where({ id: w.teachers.bamelong }).update({ last_name: 'RIVE' })
        // Read inside the transaction, on the same connection: the change is seen there.
        expect(shown(await sqlOf(trx))).toEqual([
          `${CUIVRES} → ${COPY.replace('BAMELONG', 'RIVE')}`,
          IDENTITY,
        ])
        throw rollback
      }),
    ).rejects.toBe(rollback)
    // One change to the catalogue, as the one rolled back: another revision all the same, and the
    // change rolled back is not there.
    await w.db('cursus').where({ id: w.cursus.diplomant }).update({ name: 'Cursus diplômant' })
    expect(await readTab()).toEqual([
      `${CUIVRES.replace('Musique cursus', 'Cursus')} → ${COPY}`,
      IDENTITY,
    ])
  })

  it('shows a change made by another connection to the same file', async () => {
    expect(await readTab()).toEqual([`${CUIVRES} → ${COPY}`, IDENTITY])
    const [main] = (await w.db.raw('PRAGMA database_list')) as { file: string }[]
    if (!main) throw new Error('no database file')
    const other = new Database(main.file)
    try {
      other
        .prepare(`UPDATE enrolments SET cycle_id = ? WHERE pupil_id = ?`)
        .run(w.cycles['3C2'], w.pupils.adrien)
    } finally {
      other.close()
    }
    expect(await readTab()).toEqual([`${CUIVRES.replace('3C3', '3C2')} → ${COPY}`, IDENTITY])
  })
})
