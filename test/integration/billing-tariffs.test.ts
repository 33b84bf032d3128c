import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TARIFF_MESSAGES as M } from '../../db/rules/tariffs.ts'
import { priceFamilies } from '../../db/services/billing/pricing-batch.ts'
import { priceFamily } from '../../db/services/billing/pricing.ts'
import { asStaff, staffCookie, type Client } from '../support/api.ts'
import { buildDemoGrid, multipartForm, type DemoGrid } from '../support/billing-tariffs.ts'
import { FILES } from '../support/reenrolment.ts'
import { clearDemoBilling } from '../support/billing.ts'
import { startTestServer, type TestServer } from '../support/server.ts'

// The tariffs through HTTP, on the demo: comptabilité builds 2026/2027's grid, sets ABOLANT's
// quotient with its proof, rents Adrien a trumpet, reads the simulation; the other roles and the
// staff of another site are refused.

let server: TestServer
let compta: Client
let secretariat: Client
let direction: Client
let antenne: Client
let grid: DemoGrid
const ids = { year: 0, nextYear: 0, abolant: 0, adrien: 0, dupont: 0, cursus: 0, fm: 0 }

const one = async (q: PromiseLike<unknown>): Promise<{ id: number }> => (await q) as { id: number }

beforeAll(async () => {
  server = await startTestServer({ demoFamilies: 10 })
  await clearDemoBilling(server.db, { settings: true })
  compta = asStaff(server, await staffCookie(server, 'comptabilite'))
  secretariat = asStaff(server, await staffCookie(server, 'secretariat'))
  direction = asStaff(server, await staffCookie(server, 'direction'))
  antenne = asStaff(server, await staffCookie(server, 'antenne'))
  const db = server.db
  ids.year = (await one(db('school_years').where({ label: '2026/2027' }).first('id'))).id
  ids.nextYear = (await one(db('school_years').where({ label: '2027/2028' }).first('id'))).id
  ids.abolant = (await one(db('families').where({ name: 'ABOLANT' }).first('id'))).id
  ids.dupont = (await one(db('families').where({ name: 'DUPONT', site_id: 1 }).first('id'))).id
  ids.adrien = (await one(db('pupils').where({ first_name: 'Adrien' }).first('id'))).id
  ids.cursus = (await one(db('cursus').where({ name: 'Musique cursus diplômant' }).first('id'))).id
  ids.fm = (await one(db('disciplines').where({ name: 'Formation musicale' }).first('id'))).id
  grid = await buildDemoGrid(compta, ids.year, ids.cursus, ids.fm)
})
afterAll(() => server.close())

const simulation = (client: Client, familyId: number, period = 'annee') =>
  client.get(`/api/staff/families/${familyId}/simulation?schoolYearId=${ids.year}&period=${period}`)

describe('the grid of a school year', () => {
  it('is read by every billing reader, changed by the bill roles only', async () => {
    const read = await secretariat.read(`/api/staff/tariffs?schoolYearId=${ids.year}`)
    expect(read.brackets.map((b: { range: string }) => b.range)).toEqual([
      'QF jusqu’à 599 €',
      'QF de 600 à 899 €',
      'QF de 900 à 1 199 €',
      'QF à partir de 1 200 €',
    ])
    expect(read.tariffs.map((t: { name: string }) => t.name)).toEqual([
      'Musique cursus diplômant',
      'Formation musicale',
      'Pratique collective',
    ])
    expect(read.tariffs[0].prices).toHaveLength(12)
    expect(read.reductions).toEqual([
      { rank: 2, rateBp: 1000 },
      { rank: 3, rateBp: 2000 },
    ])
    expect(read.rentalRate).toEqual({ priceCents: 12_000, depositCents: 15_000 })
    const price = { bracketId: grid.brackets[0], residence: 'commune', amountCents: 1 }
    for (const client of [secretariat, direction])
      expect((await client.put(`/api/staff/tariffs/${grid.cursus}/prices`, price)).statusCode).toBe(
        403,
      )
  })

  it('refuses a second bracket at the same bound, and a second tariff for one target', async () => {
    const bracket = await compta.post('/api/staff/quotient-brackets', {
      schoolYearId: ids.year,
      label: 'Tranche B bis',
      lowerBoundEuros: 600,
    })
    expect(bracket.statusCode).toBe(400)
    expect(bracket.body.details).toEqual({ lowerBound: M.boundTaken })
    const tariff = await compta.post('/api/staff/tariffs', {
      schoolYearId: ids.year,
      target: 'cursus',
      cursusId: ids.cursus,
      proRata: false,
    })
    expect(tariff.body.details).toEqual({ target: M.tariffTaken })
  })

  it('copies the grid to the next year once, with every price', async () => {
    const copy = await compta.post('/api/staff/tariffs/copy', { schoolYearId: ids.nextYear })
    expect(copy.body).toEqual({ brackets: 4, tariffs: 3, fees: 1 })
    const next = await compta.read(`/api/staff/tariffs?schoolYearId=${ids.nextYear}`)
    expect(next.tariffs[0].prices).toHaveLength(12)
    expect(next.rentalRate).toEqual({ priceCents: 12_000, depositCents: 15_000 })
    const again = await compta.post('/api/staff/tariffs/copy', { schoolYearId: ids.nextYear })
    expect(again.statusCode).toBe(409)
    expect(again.body.message).toBe(M.alreadyPriced)
  })
})

describe('a family’s quotient, rentals and simulation', () => {
  it('prices a family with no quotient at the highest bracket', async () => {
    const sim = (await simulation(compta, ids.abolant)).body
    expect(sim.cotisations[0]).toEqual({
      category: 'cotisation',
      label: 'Musique cursus diplômant — ABOLANT Adrien',
      rule: 'Tranche D (quotient familial non fourni : tranche la plus haute, QF à partir de 1 200 €), commune : 300,00 € ; un tarif pour le cursus : Trompette — 3e cycle, Ensemble de cuivres',
      amountCents: 30_000,
    })
  })

  it('sets the quotient with its proof file, audited; the simulation follows', async () => {
    const form = multipartForm(
      { quotientFamilial: '750', residence: 'commune', appliesFrom: '01/09/2026', proofName: '' },
      { name: 'attestation-caf.pdf', bytes: FILES.pdf },
    )
    const url = `/api/staff/families/${ids.abolant}/situation`
    expect((await secretariat.post(url, form.payload, { headers: form.headers })).statusCode).toBe(
      403,
    )
    const set = await compta.post(url, form.payload, { headers: form.headers })
    expect(set.statusCode, set.payload).toBe(200)
    const view = await compta.read(url)
    expect(view).toMatchObject({ quotientFamilial: 750, residence: 'commune' })
    expect(view.history[0]).toMatchObject({
      quotientFamilial: 750,
      appliesFrom: '2026-09-01',
      proofName: 'attestation-caf.pdf',
      recordedBy: expect.any(String),
    })
    const file = await direction.get(view.history[0].fileUrl)
    expect(file.statusCode).toBe(200)
    expect(file.rawPayload.equals(FILES.pdf)).toBe(true)
    const audit = await server
      .db('audit_log')
      .where({ action: 'staff.family_situation_set', family_id: ids.abolant })
      .first()
    expect(JSON.parse(audit.details).changes['Quotient familial']).toEqual({
      old: 'Non fourni',
      new: '750 €',
    })
    const sim = (await simulation(direction, ids.abolant)).body
    expect(
      sim.cotisations.map((l: { rule: string; amountCents: number }) => l.amountCents),
    ).toEqual([18_000, 2000])
    expect(sim.cotisations[0].rule).toMatch(/^Tranche B \(QF de 600 à 899 €\), commune : 180,00 €/)
    expect(sim.totalCents).toBe(20_000)
  })

  it('takes a situation as JSON with a proof’s name, and refuses one without proof', async () => {
    const url = `/api/staff/families/${ids.dupont}/situation`
    const body = { quotientFamilial: 1000, residence: 'communaute', appliesFrom: '2026-09-01' }
    const none = await compta.post(url, body)
    expect(none.body.details).toEqual({ proofName: M.proofRequired })
    const named = await compta.post(url, { ...body, proofName: 'Avis CAF 2026' })
    expect(named.statusCode).toBe(200)
    expect((await compta.read(url)).history[0]).toMatchObject({ fileUrl: null })
  })

  it('rents an instrument once at a time, billed pro rata with its deposit said', async () => {
    const { id: instrumentId } = (
      await compta.post('/api/staff/instruments', {
        name: 'Trompette Yamaha YTR-2330',
        inventoryNumber: 'INV-0012',
      })
    ).body
    const rental = {
      instrumentId,
      pupilId: ids.adrien,
      schoolYearId: ids.year,
      startsOn: '04/01/2027',
      endsOn: null,
      priceCents: 12_000,
      depositCents: 15_000,
    }
    const rentals = `/api/staff/families/${ids.abolant}/rentals`
    expect((await compta.post(rentals, rental)).statusCode).toBe(200)
    const other = await compta.post(`/api/staff/families/${ids.dupont}/rentals`, {
      ...rental,
      pupilId: null,
    })
    expect(other.body.details).toEqual({ instrumentId: M.instrumentRented })
    const sim = (await simulation(compta, ids.abolant)).body
    expect(sim.locations).toEqual([
      {
        category: 'location',
        label: 'Location Trompette Yamaha YTR-2330 (n° INV-0012) — ABOLANT Adrien',
        rule: 'Location 2026/2027 : 120,00 € ; Pro rata : 2 trimestres sur 3 ; caution 150,00 € (non facturée)',
        amountCents: 8_000,
      },
    ])
    expect(sim.totalCents).toBe(28_000)
    expect((await secretariat.read(rentals))[0]).toMatchObject({ inventoryNumber: 'INV-0012' })
  })

  it('answers 404 to the staff of another site for a family, its situation and rentals', async () => {
    for (const url of [
      `/api/staff/families/${ids.abolant}/simulation?schoolYearId=${ids.year}`,
      `/api/staff/families/${ids.abolant}/situation`,
      `/api/staff/families/${ids.abolant}/rentals`,
    ])
      expect((await antenne.get(url)).statusCode, url).toBe(404)
  })
})

describe('priceFamilies', () => {
  it('gives every family of the demo exactly priceFamily’s lines', async () => {
    const familyIds = (await server.db('families').select('id')).map((f: { id: number }) => f.id)
    for (const period of ['annee', 'trimestre_2'] as const) {
      const input = { familyIds: [...familyIds, 987654], schoolYearId: ids.year, period }
      const batch = await server.db.transaction((trx) => priceFamilies(trx, input))
      expect([...batch.keys()]).toEqual(familyIds)
      for (const familyId of familyIds) {
        const one = await server.db.transaction((trx) =>
          priceFamily(trx, { familyId, schoolYearId: ids.year, period }),
        )
        expect(batch.get(familyId)).toEqual(one)
      }
    }
  })
})
