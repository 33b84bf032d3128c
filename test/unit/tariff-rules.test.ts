import { describe, expect, it } from 'vitest'
import {
  billedTerms,
  bracketOf,
  bracketRange,
  meetsTerm,
  percent,
  periodDates,
  priceWords,
  proRataCents,
  proRataWords,
  qfEuros,
  rankPupils,
  reductionCents,
  reductionRate,
  reductionWords,
  termsOf,
} from '../../db/rules/tariffs.ts'

const A = { id: 1, label: 'Tranche A', lowerBoundEuros: 0 }
const B = { id: 2, label: 'Tranche B', lowerBoundEuros: 600 }
const C = { id: 3, label: 'Tranche C', lowerBoundEuros: 900 }
const D = { id: 4, label: 'Tranche D', lowerBoundEuros: 1200 }
// Given out of order: the rules sort by lower bound.
const BRACKETS = [C, A, D, B]

const YEAR = { starts_on: '2026-09-01', ends_on: '2027-07-04' }
const TERMS = termsOf(YEAR)

describe('the bracket of a quotient familial', () => {
  it.each([
    [0, A],
    [1, A],
    [599, A],
    [600, B],
    [601, B],
    [899, B],
    [900, C],
    [1199, C],
    [1200, D],
    [1201, D],
    [25_000, D],
  ])('QF %i € is in %o', (qf, bracket) => {
    expect(bracketOf(BRACKETS, qf)).toBe(bracket)
  })

  it('puts a family with no quotient in the highest bracket', () => {
    expect(bracketOf(BRACKETS, null)).toBe(D)
  })

  it('puts a quotient below the lowest bound in the lowest bracket', () => {
    const from100 = [{ ...A, lowerBoundEuros: 100 }, B]
    expect(bracketOf(from100, 50)).toEqual(from100[0])
  })

  it('has no bracket when the year has none', () => {
    expect(bracketOf([], 500)).toBeNull()
    expect(bracketOf([], null)).toBeNull()
  })

  it('says each bracket’s range in words', () => {
    expect(bracketRange(BRACKETS, A)).toBe('QF jusqu’à 599 €')
    expect(bracketRange(BRACKETS, B)).toBe('QF de 600 à 899 €')
    expect(bracketRange(BRACKETS, C)).toBe('QF de 900 à 1 199 €')
    expect(bracketRange(BRACKETS, D)).toBe('QF à partir de 1 200 €')
    expect(qfEuros(12_345)).toBe('12 345 €')
  })
})

describe('the words of a price, by residence', () => {
  const price = { brackets: BRACKETS, bracket: B, quotient: 750, amountCents: 18_000 }
  it.each([
    ['commune', 'Tranche B (QF de 600 à 899 €), commune : 180,00 €'],
    ['communaute', 'Tranche B (QF de 600 à 899 €), communauté de communes : 180,00 €'],
    ['exterieur', 'Tranche B (QF de 600 à 899 €), extérieur : 180,00 €'],
  ] as const)('%s', (residence, words) => {
    expect(priceWords({ ...price, residence })).toBe(words)
  })

  it('says the family has no residence on record: priced as extérieur', () => {
    expect(priceWords({ ...price, residence: null })).toBe(
      'Tranche B (QF de 600 à 899 €), résidence non renseignée : extérieur : 180,00 €',
    )
  })

  it('says the family gave no quotient: the highest bracket', () => {
    expect(priceWords({ ...price, bracket: D, quotient: null, residence: 'commune' })).toBe(
      'Tranche D (quotient familial non fourni : tranche la plus haute, QF à partir de 1 200 €), commune : 180,00 €',
    )
  })
})

describe('the terms and the pro rata', () => {
  it('cuts the school year in three terms', () => {
    expect(TERMS).toEqual([
      { number: 1, startsOn: '2026-09-01', endsOn: '2026-12-31' },
      { number: 2, startsOn: '2027-01-01', endsOn: '2027-03-31' },
      { number: 3, startsOn: '2027-04-01', endsOn: '2027-07-04' },
    ])
    expect(periodDates(TERMS, 'annee')).toEqual({
      number: 1,
      startsOn: '2026-09-01',
      endsOn: '2027-07-04',
    })
    expect(periodDates(TERMS, 'trimestre_2')).toEqual(TERMS[1])
  })

  it('meets a term from its first to its last day', () => {
    const t1 = TERMS[0]
    expect(meetsTerm({ startsOn: '2026-12-31', endsOn: null }, t1)).toBe(true)
    expect(meetsTerm({ startsOn: '2027-01-01', endsOn: null }, t1)).toBe(false)
    expect(meetsTerm({ startsOn: '2026-09-01', endsOn: '2026-09-01' }, t1)).toBe(true)
    expect(meetsTerm({ startsOn: '2026-06-01', endsOn: '2026-08-31' }, t1)).toBe(false)
    // An enrolment ended before it started (a mistake undone) meets nothing.
    expect(meetsTerm({ startsOn: '2026-10-01', endsOn: '2026-09-30' }, t1)).toBe(false)
  })

  const year = (startsOn: string, endsOn: string | null, proRata = true) =>
    billedTerms({ terms: TERMS, period: 'annee', spans: [{ startsOn, endsOn }], proRata })

  it.each([
    ['the whole year', '2026-09-01', null, 3, true],
    ['a start on the last day of term 1', '2026-12-31', null, 3, true],
    ['a start on the first day of term 2', '2027-01-01', null, 2, false],
    ['a start in term 3', '2027-05-10', null, 1, false],
    ['a stop on the last day of term 1', '2026-09-01', '2026-12-31', 1, false],
    ['a stop on the first day of term 2', '2026-09-01', '2027-01-01', 2, false],
    ['a stop on the last day of term 2', '2026-09-01', '2027-03-31', 2, false],
    ['a late start and early stop in term 2', '2027-02-01', '2027-03-01', 1, false],
  ])('counts %s', (_name, startsOn, endsOn, terms, whole) => {
    expect(year(startsOn, endsOn)).toEqual({ terms, whole })
  })

  it('bills the whole year without pro rata, as soon as a term is met', () => {
    expect(year('2027-05-10', null, false)).toEqual({ terms: 3, whole: true })
    expect(year('2026-09-01', '2026-10-01', false)).toEqual({ terms: 3, whole: true })
  })

  it('bills a term: a third when the term is met, nothing otherwise', () => {
    const span = [{ startsOn: '2027-01-15', endsOn: null }]
    const term = (period: 'trimestre_1' | 'trimestre_2', proRata: boolean) =>
      billedTerms({ terms: TERMS, period, spans: span, proRata })
    expect(term('trimestre_1', true)).toEqual({ terms: 0, whole: false })
    expect(term('trimestre_2', true)).toEqual({ terms: 1, whole: true })
    expect(term('trimestre_2', false)).toEqual({ terms: 1, whole: true })
  })

  it('counts the union of the terms of several spans (a cursus’s courses)', () => {
    const spans = [
      { startsOn: '2026-09-01', endsOn: '2026-11-30' },
      { startsOn: '2027-04-02', endsOn: null },
    ]
    expect(billedTerms({ terms: TERMS, period: 'annee', spans, proRata: true })).toEqual({
      terms: 2,
      whole: false,
    })
  })

  it('rounds the pro rata once, half a cent away from zero', () => {
    expect(proRataCents(18_000, 3)).toBe(18_000)
    expect(proRataCents(18_000, 2)).toBe(12_000)
    expect(proRataCents(10_000, 1)).toBe(3_333)
    expect(proRataCents(10_000, 2)).toBe(6_667)
    expect(proRataCents(5, 1)).toBe(2) // 1,666… cents
    expect(proRataCents(0, 2)).toBe(0)
  })

  it('says the pro rata in words', () => {
    expect(proRataWords('annee', 3, true)).toBe('')
    expect(proRataWords('annee', 2, false)).toBe('Pro rata : 2 trimestres sur 3')
    expect(proRataWords('annee', 1, false)).toBe('Pro rata : 1 trimestre sur 3')
    expect(proRataWords('trimestre_1', 1, true)).toBe('1er trimestre : 1/3 du tarif annuel')
    expect(proRataWords('trimestre_3', 1, true)).toBe('3e trimestre : 1/3 du tarif annuel')
  })
})

describe('the family reductions', () => {
  const rates = { 2: 1000, 3: 2000 }

  it('ranks the pupils by their cotisation total, the highest first, ties by pupil', () => {
    const ranked = rankPupils([
      { pupilId: 3, totalCents: 9_000 },
      { pupilId: 1, totalCents: 18_000 },
      { pupilId: 2, totalCents: 9_000 },
      { pupilId: 4, totalCents: 27_000 },
    ])
    expect(ranked.map((p) => p.pupilId)).toEqual([4, 1, 2, 3])
  })

  it('gives the 1st pupil nothing, the 2nd its rate, the 3rd and after the 3rd’s', () => {
    expect(reductionRate(1, rates)).toEqual({ rate: 0, rank: null })
    expect(reductionRate(2, rates)).toEqual({ rate: 1000, rank: 2 })
    expect(reductionRate(3, rates)).toEqual({ rate: 2000, rank: 3 })
    expect(reductionRate(5, rates)).toEqual({ rate: 2000, rank: 3 })
    expect(reductionRate(2, {})).toEqual({ rate: 0, rank: 2 })
    expect(reductionRate(4, { 2: 1000 })).toEqual({ rate: 0, rank: 3 })
  })

  it('computes a negative amount, rounded once on its line', () => {
    expect(reductionCents(18_000, 1000)).toBe(-1_800)
    expect(reductionCents(12_345, 1000)).toBe(-1_235) // 1 234,5 cents, half away from zero
    expect(reductionCents(3_333, 1500)).toBe(-500) // 499,95 cents
    expect(reductionCents(0, 1000) === 0).toBe(true)
  })

  it('says the reduction in words', () => {
    expect(reductionWords(2, 1000)).toBe('2e élève : −10 %')
    expect(reductionWords(4, 2000)).toBe('4e élève : −20 %')
    expect(percent(1250)).toBe('12,5 %')
  })
})
