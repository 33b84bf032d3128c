import { beforeEach, describe, expect, it } from 'vitest'
import type { BillingPeriod } from '../../db/rules/billing.ts'
import { priceFamily } from '../../db/services/billing/pricing.ts'
import { freshDatabases } from '../support/db.ts'
import { buildWorld, type World } from '../support/pedagogy.ts'

// priceFamily on a real SQLite file: the pedagogy World (ABOLANT Adrien and Léa, site 1; the year
// 2025/2026 from 2025-09-01 to 2026-07-04), a grid written straight into the tariffs' tables.

const open = freshDatabases('portee-pricing-')
const T = '2025-08-01T08:00:00.000Z'
let w: World
let grid: { brackets: Record<'A' | 'B' | 'C', number>; cursus: number; fm: number; kind: number }

async function addTariff(
  fields: Record<string, unknown>,
  prices: Record<'A' | 'B' | 'C', [number, number, number]>,
): Promise<number> {
  const [id] = await w.db('tariffs').insert({
    school_year_id: w.years.y2025,
    created_at: T,
    updated_at: T,
    ...fields,
  })
  const rows = Object.entries(prices).flatMap(([bracket, [commune, communaute, exterieur]]) =>
    (
      [
        ['commune', commune],
        ['communaute', communaute],
        ['exterieur', exterieur],
      ] as const
    ).map(([residence, amount]) => ({
      tariff_id: id,
      bracket_id: grid.brackets[bracket as 'A' | 'B' | 'C'],
      residence,
      amount_cents: amount,
    })),
  )
  await w.db('tariff_prices').insert(rows)
  return id as number
}

async function enrol(
  pupilId: number,
  courseId: number,
  startsOn = '2025-09-01',
  endsOn: string | null = null,
  cursusId: number | null = null,
): Promise<number> {
  const [id] = await w.db('enrolments').insert({
    pupil_id: pupilId,
    course_id: courseId,
    cursus_id: cursusId,
    starts_on: startsOn,
    ends_on: endsOn,
    created_at: T,
    updated_at: T,
  })
  return id as number
}

const situation = (quotient: number | null, residence: string | null) =>
  w
    .db('families')
    .where({ id: w.families.abolant })
    .update({ quotient_familial: quotient, residence })

const price = (period: BillingPeriod = 'annee') =>
  w.run((trx) =>
    priceFamily(trx, { familyId: w.families.abolant, schoolYearId: w.years.y2025, period }),
  )

beforeEach(async () => {
  w = await buildWorld(open())
  const y = w.years.y2025
  const bracket = async (label: string, lower: number) =>
    (
      await w.db('quotient_brackets').insert({
        school_year_id: y,
        label,
        lower_bound_euros: lower,
        created_at: T,
        updated_at: T,
      })
    )[0] as number
  grid = {
    brackets: {
      A: await bracket('Tranche A', 0),
      B: await bracket('Tranche B', 600),
      C: await bracket('Tranche C', 900),
    },
    cursus: 0,
    fm: 0,
    kind: 0,
  }
  grid.cursus = await addTariff(
    { target: 'cursus', cursus_id: w.cursus.diplomant, pro_rata: true },
    { A: [12_000, 15_000, 24_000], B: [18_000, 21_000, 30_000], C: [24_000, 27_000, 36_000] },
  )
  grid.fm = await addTariff(
    { target: 'discipline', discipline_id: w.disciplines.fm, pro_rata: true },
    { A: [6_000, 7_000, 9_000], B: [8_000, 9_000, 12_000], C: [10_000, 11_000, 15_000] },
  )
  grid.kind = await addTariff(
    { target: 'course_kind', course_kind: 'collectif', pro_rata: false },
    { A: [3_000, 3_500, 4_500], B: [4_000, 4_500, 6_000], C: [5_000, 5_500, 7_500] },
  )
  await w.db('family_reductions').insert([
    { school_year_id: y, rank: 2, rate_bp: 1000 },
    { school_year_id: y, rank: 3, rate_bp: 2000 },
  ])
  await w.db('billing_fees').insert({
    school_year_id: y,
    label: 'Frais de dossier',
    amount_cents: 2000,
    per: 'famille',
    created_at: T,
    updated_at: T,
  })
})

describe('priceFamily', () => {
  it('prices a cursus once per pupil, covering its courses, then the fee', async () => {
    await situation(750, 'commune')
    await enrol(w.pupils.adrien, w.courses.formation, '2025-09-01', null, w.cursus.diplomant)
    await enrol(w.pupils.adrien, w.courses.trompette, '2025-09-01', null, w.cursus.diplomant)
    const { cotisations, locations } = await price()
    expect(cotisations).toEqual([
      {
        category: 'cotisation',
        pupilId: w.pupils.adrien,
        enrolmentId: expect.any(Number),
        label: 'Musique cursus diplômant — ABOLANT Adrien',
        rule: 'Tranche B (QF de 600 à 899 €), commune : 180,00 € ; un tarif pour le cursus : Musique cursus diplômant, Trompette',
        amountCents: 18_000,
      },
      {
        category: 'frais',
        label: 'Frais de dossier',
        rule: 'Frais de dossier : 20,00 € par famille',
        amountCents: 2000,
      },
    ])
    expect(locations).toEqual([])
  })

  it('prices by discipline outside a cursus tariff, else by course kind', async () => {
    await situation(100, 'communaute')
    await enrol(w.pupils.adrien, w.courses.formation) // Formation musicale: its discipline
    await enrol(w.pupils.adrien, w.courses.cuivres) // collectif: the kind's tariff
    const { cotisations } = await price()
    expect(cotisations.map((l) => [l.label, l.rule, l.amountCents])).toEqual([
      [
        'Formation musicale — ABOLANT Adrien',
        'Tranche A (QF jusqu’à 599 €), communauté de communes : 70,00 €',
        7_000,
      ],
      [
        'Ensemble de cuivres — ABOLANT Adrien',
        'Tranche A (QF jusqu’à 599 €), communauté de communes : 35,00 €',
        3_500,
      ],
      ['Frais de dossier', 'Frais de dossier : 20,00 € par famille', 2000],
    ])
  })

  it('prices a family with no quotient at the highest bracket, no residence as extérieur', async () => {
    await situation(null, null)
    await enrol(w.pupils.adrien, w.courses.formation)
    const [line] = (await price()).cotisations
    expect(line?.rule).toBe(
      'Tranche C (quotient familial non fourni : tranche la plus haute, QF à partir de 900 €), résidence non renseignée : extérieur : 150,00 €',
    )
    expect(line?.amountCents).toBe(15_000)
  })

  it('bills a late start pro rata, rounded once on the line', async () => {
    await situation(950, 'commune')
    await enrol(w.pupils.adrien, w.courses.formation, '2026-01-12')
    const [line] = (await price()).cotisations
    expect(line?.rule).toBe(
      'Tranche C (QF à partir de 900 €), commune : 100,00 € ; Pro rata : 2 trimestres sur 3',
    )
    expect(line?.amountCents).toBe(6_667)
  })

  it('bills a term a third of the year, and the fee only in the first period billed', async () => {
    await situation(950, 'commune')
    await enrol(w.pupils.adrien, w.courses.formation, '2025-09-01', '2026-02-15')
    const t2 = (await price('trimestre_2')).cotisations
    expect(t2.map((l) => [l.rule, l.amountCents])).toEqual([
      [
        'Tranche C (QF à partir de 900 €), commune : 100,00 € ; 2e trimestre : 1/3 du tarif annuel',
        3_333,
      ],
    ])
    expect((await price('trimestre_3')).cotisations).toEqual([])
    expect((await price('trimestre_1')).cotisations.map((l) => l.amountCents)).toEqual([
      3_333, 2000,
    ])
  })

  it('gives the reduction to the less expensive pupil, on a line of its own', async () => {
    await situation(650, 'exterieur')
    await enrol(w.pupils.lea, w.courses.formation) // FM: 120,00 €
    await enrol(w.pupils.adrien, w.courses.trompette, '2025-09-01', null, w.cursus.diplomant) // 300,00 €
    const { cotisations } = await price()
    expect(cotisations.map((l) => [l.category, l.pupilId ?? null, l.rule, l.amountCents])).toEqual([
      [
        'cotisation',
        w.pupils.adrien,
        'Tranche B (QF de 600 à 899 €), extérieur : 300,00 €',
        30_000,
      ],
      ['cotisation', w.pupils.lea, 'Tranche B (QF de 600 à 899 €), extérieur : 120,00 €', 12_000],
      ['reduction', w.pupils.lea, '2e élève : −10 % de 120,00 €', -1_200],
      ['frais', null, 'Frais de dossier : 20,00 € par famille', 2000],
    ])
    expect(cotisations[2]?.label).toBe('Réduction famille — ABOLANT Léa')
  })

  it('says when no tariff applies to a course', async () => {
    await w.db('tariffs').where({ id: grid.kind }).delete()
    await situation(650, 'commune')
    await enrol(w.pupils.adrien, w.courses.cuivres)
    const [line] = (await price()).cotisations
    expect(line).toMatchObject({
      amountCents: 0,
      rule: 'Aucun tarif pour ce cours (Ensemble de cuivres, cours collectif) : 0,00 €',
    })
  })

  it('bills a rental pro rata, its deposit never', async () => {
    await situation(650, 'commune')
    const [instrumentId] = await w.db('instruments').insert({
      name: 'Trompette Yamaha',
      inventory_number: 'INV-0012',
      created_at: T,
      updated_at: T,
    })
    const [rentalId] = await w.db('instrument_rentals').insert({
      instrument_id: instrumentId,
      family_id: w.families.abolant,
      pupil_id: w.pupils.adrien,
      school_year_id: w.years.y2025,
      starts_on: '2025-11-03',
      ends_on: '2026-03-20',
      price_cents: 12_000,
      deposit_cents: 15_000,
      created_at: T,
      updated_at: T,
    })
    const { cotisations, locations } = await price()
    expect(cotisations).toEqual([])
    expect(locations).toEqual([
      {
        category: 'location',
        pupilId: w.pupils.adrien,
        rentalId,
        label: 'Location Trompette Yamaha (n° INV-0012) — ABOLANT Adrien',
        rule: 'Location 2025/2026 : 120,00 € ; Pro rata : 2 trimestres sur 3 ; caution 150,00 € (non facturée)',
        amountCents: 8_000,
      },
    ])
  })

  it('bills nothing for enrolments of another year or another family', async () => {
    await situation(650, 'commune')
    await enrol(w.pupils.emilie, w.courses.classique)
    expect(await price()).toEqual({ cotisations: [], locations: [] })
  })
})
