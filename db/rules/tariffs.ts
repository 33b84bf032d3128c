/**
 * Tariffs' rules, shared by the server and the back office: the bracket of a quotient familial,
 * the terms of a school year and the pro rata by term, the family reductions and their order, the
 * words of each rule as the invoice line shows them. Nothing here touches the database.
 */
import { euros, roundCents, type BillingPeriod } from './billing.ts'
import { RESIDENCE_LABELS, type Residence } from './reenrolment.ts'

/** What a tariff prices: an enrolment's cursus, its course's discipline, or its course's kind. */
export const TARIFF_TARGETS = ['cursus', 'discipline', 'course_kind'] as const
export type TariffTarget = (typeof TARIFF_TARGETS)[number]
export const TARIFF_TARGET_LABELS: Record<TariffTarget, string> = {
  cursus: 'Cursus',
  discipline: 'Discipline',
  course_kind: 'Type de cours',
}

export const COURSE_KINDS = ['individuel', 'collectif'] as const
export type CourseKind = (typeof COURSE_KINDS)[number]
export const COURSE_KIND_LABELS: Record<CourseKind, string> = {
  individuel: 'Cours individuel',
  collectif: 'Cours collectif',
}

/** A fixed fee is billed once per family, or once per pupil billed. */
export const FEE_PER = ['famille', 'eleve'] as const
export type FeePer = (typeof FEE_PER)[number]
export const FEE_PER_LABELS: Record<FeePer, string> = {
  famille: 'par famille',
  eleve: 'par élève',
}

/** The ranks a reduction is set for: the 2nd pupil, the 3rd and each one after. */
export const REDUCTION_RANKS = [2, 3] as const
export type ReductionRank = (typeof REDUCTION_RANKS)[number]
export const REDUCTION_RANK_LABELS: Record<ReductionRank, string> = {
  2: '2e élève',
  3: '3e élève et suivants',
}

/** The residence a family with none on record is priced at. */
export const RESIDENCE_WHEN_UNKNOWN: Residence = 'exterieur'

const WHOLE_EUROS = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 })

/** A quotient in whole euros, French: "1 200 €" (ordinary spaces, as euros()). */
export function qfEuros(value: number): string {
  return `${WHOLE_EUROS.format(value).replace(/[\u202f\u00a0]/g, ' ')} €`
}

/** A rate in basis points as a French percentage: 1000 → "10 %", 1250 → "12,5 %". */
export function percent(rateBp: number): string {
  return `${String(rateBp / 100).replace('.', ',')} %`
}

export interface Bracket {
  id: number
  label: string
  lowerBoundEuros: number
}

/** Brackets by lower bound, lowest first. */
export function sortBrackets<B extends Bracket>(brackets: readonly B[]): B[] {
  return [...brackets].sort((a, b) => a.lowerBoundEuros - b.lowerBoundEuros || a.id - b.id)
}

/**
 * The bracket of a quotient: the last one (by lower bound) whose lower bound ≤ the quotient. A
 * quotient below every bound falls in the lowest bracket; no quotient (not given): the highest
 * bracket. Null when the year has no bracket.
 */
export function bracketOf<B extends Bracket>(
  brackets: readonly B[],
  quotient: number | null,
): B | null {
  const sorted = sortBrackets(brackets)
  if (sorted.length === 0) return null
  if (quotient === null) return sorted[sorted.length - 1] ?? null
  let found = sorted[0] ?? null
  for (const bracket of sorted) if (bracket.lowerBoundEuros <= quotient) found = bracket
  return found
}

/** A bracket's range in words: "QF de 600 à 899 €", "QF à partir de 1 200 €", "QF jusqu’à 399 €". */
export function bracketRange(brackets: readonly Bracket[], bracket: Bracket): string {
  const sorted = sortBrackets(brackets)
  const index = sorted.findIndex((b) => b.id === bracket.id)
  const next = sorted[index + 1]
  if (!next) return `QF à partir de ${qfEuros(bracket.lowerBoundEuros)}`
  const upper = qfEuros(next.lowerBoundEuros - 1)
  if (bracket.lowerBoundEuros <= 0) return `QF jusqu’à ${upper}`
  return `QF de ${WHOLE_EUROS.format(bracket.lowerBoundEuros).replace(/[\u202f\u00a0]/g, ' ')} à ${upper}`
}

/**
 * The words of a price: "Tranche B (QF de 600 à 899 €), commune : 180,00 €". A family with no
 * quotient on record is priced at the highest bracket, one with no residence as extérieur; the
 * words say so.
 */
export function priceWords(input: {
  brackets: readonly Bracket[]
  bracket: Bracket
  quotient: number | null
  residence: Residence | null
  amountCents: number
}): string {
  const range = bracketRange(input.brackets, input.bracket)
  const bracket =
    input.quotient === null
      ? `${input.bracket.label} (quotient familial non fourni : tranche la plus haute, ${range})`
      : `${input.bracket.label} (${range})`
  const residence =
    input.residence === null
      ? `résidence non renseignée : ${RESIDENCE_LABELS[RESIDENCE_WHEN_UNKNOWN].toLowerCase()}`
      : RESIDENCE_LABELS[input.residence].toLowerCase()
  return `${bracket}, ${residence} : ${euros(input.amountCents)}`
}

/** A term of a school year: its dates (YYYY-MM-DD, both included). */
export interface Term {
  number: 1 | 2 | 3
  startsOn: string
  endsOn: string
}

/**
 * The three terms of a school year, from its start and end: the start to 31 December, 1 January
 * to 31 March, 1 April to the end.
 */
export function termsOf(year: { starts_on: string; ends_on: string }): [Term, Term, Term] {
  const first = Number(year.starts_on.slice(0, 4))
  const next = first + 1
  return [
    { number: 1, startsOn: year.starts_on, endsOn: `${first}-12-31` },
    { number: 2, startsOn: `${next}-01-01`, endsOn: `${next}-03-31` },
    { number: 3, startsOn: `${next}-04-01`, endsOn: year.ends_on },
  ]
}

/** The terms a billing period covers: the year's three, or one. */
export function termsOfPeriod(terms: readonly Term[], period: BillingPeriod): Term[] {
  if (period === 'annee') return [...terms]
  const n = Number(period.slice(-1))
  return terms.filter((t) => t.number === n)
}

/** The dates a period runs (its first term's start, its last term's end). */
export function periodDates(terms: readonly Term[], period: BillingPeriod): Term | null {
  const covered = termsOfPeriod(terms, period)
  const first = covered[0]
  const last = covered[covered.length - 1]
  return first && last
    ? { number: first.number, startsOn: first.startsOn, endsOn: last.endsOn }
    : null
}

/** Whether dates (an enrolment, a rental; `endsOn` null: still running) meet a term. */
export function meetsTerm(span: { startsOn: string; endsOn: string | null }, term: Term): boolean {
  if (span.endsOn !== null && span.endsOn < span.startsOn) return false
  return span.startsOn <= term.endsOn && (span.endsOn === null || span.endsOn >= term.startsOn)
}

/**
 * The part of a year's price a period bills for spans (the enrolments of one cursus, or one
 * enrolment, or one rental): each term of the period that one of the spans meets counts for a
 * third. Without pro rata, every term of the period counts as soon as one span meets the period.
 * `terms`: how many thirds; `whole`: the period's terms all count (no pro rata words).
 */
export function billedTerms(input: {
  terms: readonly Term[]
  period: BillingPeriod
  spans: readonly { startsOn: string; endsOn: string | null }[]
  proRata: boolean
}): { terms: number; whole: boolean } {
  const periodTerms = termsOfPeriod(input.terms, input.period)
  const met = periodTerms.filter((term) => input.spans.some((s) => meetsTerm(s, term))).length
  const terms = input.proRata || met === 0 ? met : periodTerms.length
  return { terms, whole: terms === periodTerms.length }
}

/** A year's price for some thirds of it, rounded once (db/rules/billing.ts roundCents). */
export function proRataCents(yearCents: number, terms: number): number {
  return terms === 3 ? yearCents : roundCents((yearCents * terms) / 3)
}

const TERM_NAMES = ['1er trimestre', '2e trimestre', '3e trimestre'] as const

/** The words of a pro rata, or of a term's billing: "Pro rata : 2 trimestres sur 3". */
export function proRataWords(period: BillingPeriod, terms: number, whole: boolean): string {
  if (period !== 'annee') {
    const name = TERM_NAMES[Number(period.slice(-1)) - 1] ?? ''
    return `${name} : 1/3 du tarif annuel`
  }
  if (whole) return ''
  return `Pro rata : ${terms} trimestre${terms > 1 ? 's' : ''} sur 3`
}

/**
 * The order of the family reductions. A family's pupils are ranked by their cotisation total
 * (after pro rata), the highest first (ties: the pupil recorded first). The first pupil pays in
 * full; the reduction of rank 2 applies to the second, that of rank 3 to the third and each one
 * after. This is the common practice of French conservatoires (« la réduction s'applique sur la
 * ou les cotisations les moins élevées »): the family never gets its reduction on its most
 * expensive pupil, and adding a pupil never lowers what another already paid. A reduction is a
 * percentage of the pupil's cotisation lines (never of the fees or rentals), on one line of its
 * own, rounded once (db/rules/billing.ts roundCents), negative.
 */
export function rankPupils<P extends { pupilId: number; totalCents: number }>(
  pupils: readonly P[],
): P[] {
  return [...pupils].sort((a, b) => b.totalCents - a.totalCents || a.pupilId - b.pupilId)
}

/** The rate (basis points) of the pupil of a rank (1, 2, 3 …); 0 for the first or none set. */
export function reductionRate(
  rank: number,
  rates: Partial<Record<ReductionRank, number>>,
): { rate: number; rank: ReductionRank | null } {
  if (rank < 2) return { rate: 0, rank: null }
  const key: ReductionRank = rank >= 3 ? 3 : 2
  return { rate: rates[key] ?? 0, rank: key }
}

/** A reduction's amount: negative, rounded once on its line. */
export function reductionCents(totalCents: number, rateBp: number): number {
  return -roundCents((totalCents * rateBp) / 10_000)
}

/** "2e élève : −10 %", "4e élève : −20 %" (rank 3 applies to the 3rd and each one after). */
export function reductionWords(rank: number, rateBp: number): string {
  return `${rank}e élève : −${percent(rateBp)}`
}

/** Messages of the tariffs' services. */
export const TARIFF_MESSAGES = {
  yearNotFound: 'Cette année scolaire est introuvable.',
  familyNotFound: 'Cette famille est introuvable.',
  tariffNotFound: 'Ce tarif est introuvable.',
  bracketNotFound: 'Cette tranche est introuvable.',
  feeNotFound: 'Ces frais sont introuvables.',
  instrumentNotFound: 'Cet instrument est introuvable.',
  rentalNotFound: 'Cette location est introuvable.',
  pupilNotFound: 'Cet élève n’est pas de cette famille.',
  situationNotFound: 'Ce justificatif est introuvable.',
  labelRequired: 'Indiquez un libellé.',
  badBound: 'Saisissez un quotient en euros entiers, 0 ou plus.',
  boundTaken: 'Une autre tranche commence à ce quotient.',
  firstBracketAtZero: 'La première tranche doit commencer à 0 €.',
  bracketInUse: 'Cette tranche a des prix : supprimez-les d’abord ou gardez-la.',
  noBrackets: 'Définissez d’abord les tranches de quotient familial.',
  targetRequired: 'Choisissez ce que le tarif concerne.',
  tariffTaken: 'Cette année a déjà un tarif pour cela.',
  badAmount: 'Saisissez un montant en euros, par exemple 180,00.',
  negativeAmount: 'Le montant ne peut pas être négatif.',
  badRate: 'Saisissez un pourcentage entre 0 et 100.',
  badDate: 'Saisissez une date au format JJ/MM/AAAA.',
  endBeforeStart: 'La fin ne peut pas précéder le début.',
  outsideYear: 'Les dates doivent être dans l’année scolaire.',
  inventoryTaken: 'Un autre instrument a ce numéro d’inventaire.',
  instrumentRented: 'Cet instrument est déjà loué sur ces dates.',
  badQuotient: 'Saisissez un quotient familial en euros entiers, 0 ou plus.',
  proofRequired: 'Indiquez le justificatif (son nom ou un fichier).',
  nothingToCopy: 'L’année précédente n’a pas de tarifs.',
  alreadyPriced: 'Cette année a déjà des tarifs : la copie ne les remplace pas.',
  noPreviousYear: 'Il n’y a pas d’année scolaire précédente.',
} as const
