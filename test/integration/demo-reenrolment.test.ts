// The demo's réinscription (db/demo/reenrolment.ts): 2027/2028 with its courses, the residences,
// an open campaign on the Conservatoire and a closed one on the antenne at the demo's clock, every
// stage of a request, next year's enrolments of the validated ones, a file for every document.
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { documentPath } from '../../db/document-files.ts'
import { campaignPhase } from '../../db/rules/reenrolment.ts'
import { asFamily, familyCookie } from '../support/api.ts'
import { startTestServer, type TestServer } from '../support/server.ts'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer({ demoFamilies: 120 })
})
afterAll(async () => {
  await server.close()
})

interface CampaignRow {
  id: number
  site_id: number
  opens_at: string
  closes_at: string
  label: string
}

async function campaigns(): Promise<[CampaignRow, CampaignRow]> {
  const rows: CampaignRow[] = await server
    .db('reenrolment_campaigns as c')
    .join('school_years as y', 'y.id', 'c.school_year_id')
    .orderBy('c.site_id')
    .select('c.id', 'c.site_id', 'c.opens_at', 'c.closes_at', 'y.label')
  const [first, second] = rows
  if (!first || !second) throw new Error('two campaigns expected')
  return [first, second]
}

describe('the demo réinscription', () => {
  it('makes 2027/2028 with a copy of the current courses, not current', async () => {
    const year = await server.db('school_years').where({ label: '2027/2028' }).first()
    expect(year).toMatchObject({ starts_on: '2027-09-01', ends_on: '2028-07-04' })
    expect(Boolean(year.is_current)).toBe(false)
    const count = async (label: string) =>
      Number(
        (
          await server
            .db('courses as c')
            .join('school_years as y', 'y.id', 'c.school_year_id')
            .where('y.label', label)
            .count({ n: '*' })
        )[0]?.n,
      )
    // Every course copied, and DUPONT Léa's Piano course in two groups (its copy, Wednesday).
    expect(await count('2027/2028')).toBe((await count('2026/2027')) + 1)
  })

  it('offers DUPONT Léa the choice between the two groups that continue her Piano course', async () => {
    const dupont = asFamily(server, await familyCookie(server, 1, 'dupont1'))
    const home = await dupont.read('/api/family/home')
    const lea = home.pupils.find((p: { firstName: string }) => p.firstName === 'Léa')
    const tab = await dupont.read(`/api/family/pupils/${lea.id}/reenrolment`)
    const piano = tab.lines.find((l: { course: string }) => l.course.startsWith('Piano'))
    expect(
      piano.options.map((o: { label: string; continues: boolean }) => [o.label, o.continues]),
    ).toEqual([
      [piano.course, true],
      [`${piano.course} (mercredi)`, true],
    ])
    const others = tab.lines.filter((l: { course: string }) => l !== piano)
    expect(others.map((l: { options: unknown[] }) => l.options.length)).toEqual(others.map(() => 1))
  })

  it('gives the families a residence, mostly the commune', async () => {
    const rows = await server
      .db('families')
      .groupBy('residence')
      .select('residence')
      .count<{ residence: string | null; n: number }[]>({ n: '*' })
    const by = Object.fromEntries(rows.map((r) => [r.residence, Number(r.n)]))
    expect(by['commune']).toBeGreaterThan(by['communaute'] ?? 0)
    expect(by['communaute']).toBeGreaterThan(0)
    expect(by['exterieur']).toBeGreaterThan(0)
    expect(by['null']).toBeUndefined()
  })

  it('opens a campaign on the Conservatoire and has closed the antenne’s, both into 2027/2028', async () => {
    const now = server.clock.now()
    const [conservatoire, antenne] = await campaigns()
    expect(conservatoire).toMatchObject({ site_id: 1, label: '2027/2028' })
    expect(campaignPhase(conservatoire.opens_at, conservatoire.closes_at, now)).toBe('ouverte')
    expect(antenne).toMatchObject({ site_id: 2, label: '2027/2028' })
    expect(campaignPhase(antenne.opens_at, antenne.closes_at, now)).toBe('fermee')
    const pieces = await server
      .db('campaign_pieces as p')
      .leftJoin('departments as d', 'd.id', 'p.department_id')
      .where('p.campaign_id', conservatoire.id)
      .orderBy('p.position')
      .select('p.name', 'p.applies_to', 'd.name as department')
    expect(pieces).toHaveLength(7)
    expect(pieces.find((p) => p.applies_to === 'departement')).toMatchObject({
      department: 'Danse',
    })
  })

  it('has requests at every stage on the Conservatoire, none for the named families', async () => {
    const [conservatoire] = await campaigns()
    const rows = await server
      .db('reenrolment_requests')
      .where({ campaign_id: conservatoire.id })
      .groupBy('status')
      .select('status')
      .count<{ status: string; n: number }[]>({ n: '*' })
    const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]))
    for (const status of ['brouillon', 'envoyee', 'validee', 'refusee'])
      expect(by[status], status).toBeGreaterThan(0)
    expect(by['envoyee']).toBeGreaterThan(by['validee'] ?? 0)
    const named = await server
      .db('reenrolment_requests as r')
      .join('pupils as p', 'p.id', 'r.pupil_id')
      .whereIn('p.last_name', ['DUPONT', 'ABOLANT', 'TORRICE'])
      .whereIn('r.family_id', [1, 2, 3, 4])
    expect(named).toEqual([])
    const refused = await server
      .db('reenrolment_requests')
      .where({ status: 'refusee' })
      .select('refusal_reason', 'decided_at')
    for (const r of refused) {
      expect(r.refusal_reason).not.toBe('')
      expect(r.decided_at).not.toBeNull()
    }
  })

  it('gives the validated ones their enrolments of 2027/2028: the copied course, the next cycle', async () => {
    const lines = await server
      .db('reenrolment_lines as l')
      .join('reenrolment_requests as r', 'r.id', 'l.request_id')
      .join('enrolments as old', 'old.id', 'l.enrolment_id')
      .leftJoin('enrolments as new', 'new.id', 'l.created_enrolment_id')
      .leftJoin('courses as nc', 'nc.id', 'new.course_id')
      .leftJoin('cycles as oy', 'oy.id', 'old.cycle_id')
      .where('r.status', 'validee')
      .where('l.reenrol', true)
      .select(
        'old.course_id as oldCourse',
        'old.cycle_id as oldCycle',
        'oy.next_cycle_id as nextCycle',
        'new.id as newId',
        'new.cycle_id as newCycle',
        'nc.previous_course_id as copiedFrom',
      )
    expect(lines.length).toBeGreaterThan(5)
    for (const l of lines) {
      expect(l.newId).not.toBeNull()
      expect(l.copiedFrom).toBe(l.oldCourse)
      expect(l.newCycle).toBe(l.oldCycle === null ? null : (l.nextCycle ?? l.oldCycle))
    }
    const others = await server
      .db('reenrolment_lines as l')
      .join('reenrolment_requests as r', 'r.id', 'l.request_id')
      .whereNot('r.status', 'validee')
      .whereNotNull('l.created_enrolment_id')
    expect(others).toEqual([])
  })

  it('keeps a file on disk for every document, some refused with a reason', async () => {
    const docs = await server
      .db('reenrolment_documents')
      .select('stored_name', 'size_bytes', 'state', 'refusal_reason')
    expect(docs.length).toBeGreaterThan(20)
    expect(new Set(docs.map((d) => d.stored_name)).size).toBe(docs.length)
    for (const d of docs) {
      const file = documentPath(server.dataDir, d.stored_name)
      expect(fs.statSync(file).size).toBe(d.size_bytes)
    }
    const first = fs.readFileSync(documentPath(server.dataDir, docs[0].stored_name))
    expect(first.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const refused = docs.filter((d) => d.state === 'refuse')
    expect(refused.length).toBeGreaterThan(0)
    for (const d of refused)
      expect(['Document illisible', 'Avis d’imposition de l’année précédente']).toContain(
        d.refusal_reason,
      )
    expect(docs.some((d) => d.state === 'accepte')).toBe(true)
    expect(docs.some((d) => d.state === 'fourni')).toBe(true)
  })
})
