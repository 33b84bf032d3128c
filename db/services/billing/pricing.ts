// What the tariffs give a family for a school year or a term, line by line, each line with the
// words of the rule that gave it (the simulation shows exactly these lines; billing runs issue
// them). The contract between the tariffs part and the invoicing part (/work/billing-common.md).
//
// What is billed: the enrolments of the family's pupils in the courses of the school year that
// meet the period (active, or ended within it). Each enrolment is priced, in this order, by:
// 1. its cursus, when the year has a tariff for it: ONE line per pupil and cursus, whatever the
//    number of the cursus's courses the pupil follows (a cursus tariff covers its courses: FM,
//    instrument, pratique collective); its terms are those any of these enrolments meets;
// 2. else its course's discipline: one line per pupil and discipline (a change of course within
//    the discipline — one enrolment ended, another started — is one line over their terms);
// 3. else its course's kind (individuel, collectif): one line per enrolment (each course is an
//    activity of its own);
// 4. else nothing: a line of 0,00 € saying no tariff applies, so that staff see it.
// A price is the tariff's price for the family's bracket (no quotient: the highest) and residence
// (none: extérieur). A pro rata tariff bills a third of the year's price per term met; a term's
// billing (trimestre_1…3) bills a third. Then the family reductions (db/rules/tariffs.ts
// rankPupils: the most expensive pupil pays in full, the 2nd gets rank 2's rate, the 3rd and
// after rank 3's), then the fixed fees: billed once a year, in the first period the family (or
// pupil, for fees per pupil) is billed in. Rentals (category 'location') follow the same thirds,
// always pro rata; their deposit is never billed. Every amount is rounded once, on its line.
import type { Trx } from '../../connection.ts'
import { euros, type BillingPeriod } from '../../rules/billing.ts'
import { RESIDENCE_LABELS } from '../../rules/reenrolment.ts'
import { COURSE_KIND_LABELS, FEE_PER_LABELS } from '../../rules/tariffs.ts'
import {
  billedTerms,
  bracketOf,
  meetsTerm,
  periodDates,
  priceWords,
  proRataCents,
  proRataWords,
  rankPupils,
  reductionCents,
  reductionRate,
  reductionWords,
  RESIDENCE_WHEN_UNKNOWN,
  termsOf,
  type Term,
} from '../../rules/tariffs.ts'
import { schoolYear } from './common.ts'
import type { InvoiceLineInput } from './invoices.ts'
import {
  familySituation,
  loadGrid,
  priceKey,
  yearEnrolments,
  yearRentals,
  type FamilySituation,
  type Grid,
  type GridTariff,
  type YearEnrolment,
} from './pricing-data.ts'

export interface FamilyPricing {
  /** Enrolments, reductions, fees: in the order of the invoice. */
  cotisations: InvoiceLineInput[]
  /** Rentals (category 'location'). */
  locations: InvoiceLineInput[]
}

interface Group {
  key: string
  tariff: GridTariff | null
  enrolments: YearEnrolment[]
}

/** The tariff of an enrolment and the key of its line (see the order above). */
function tariffOf(grid: Grid, e: YearEnrolment): { key: string; tariff: GridTariff | null } {
  const byCursus = e.cursusId && grid.tariffs.find((t) => t.cursusId === e.cursusId)
  if (byCursus) return { key: `t${byCursus.id}`, tariff: byCursus }
  const byDiscipline = grid.tariffs.find((t) => t.disciplineId === e.disciplineId)
  if (byDiscipline) return { key: `t${byDiscipline.id}`, tariff: byDiscipline }
  const byKind = grid.tariffs.find((t) => t.courseKind === e.courseKind)
  if (byKind) return { key: `t${byKind.id}e${e.id}`, tariff: byKind }
  return { key: `none${e.id}`, tariff: null }
}

function lineName(group: Group): string {
  const first = group.enrolments[0] as YearEnrolment
  const t = group.tariff
  if (!t) return first.courseLabel
  if (t.label) return t.label
  if (t.target === 'cursus') return first.cursusName ?? first.courseLabel
  if (t.target === 'discipline') return first.disciplineName
  return first.courseLabel
}

const clip = (text: string) => (text.length > 300 ? `${text.slice(0, 299)}…` : text)

function groupLine(
  group: Group,
  ctx: { grid: Grid; situation: FamilySituation; terms: Term[]; period: BillingPeriod },
): InvoiceLineInput | null {
  const first = group.enrolments[0] as YearEnrolment
  const spans = group.enrolments
  const base = {
    category: 'cotisation' as const,
    pupilId: first.pupilId,
    enrolmentId: first.id,
    label: `${lineName(group)} — ${first.pupilName}`,
  }
  if (!group.tariff)
    return {
      ...base,
      rule: `Aucun tarif pour ce cours (${first.disciplineName}, ${COURSE_KIND_LABELS[first.courseKind].toLowerCase()}) : 0,00 €`,
      amountCents: 0,
    }
  const { grid, situation, terms, period } = ctx
  const billed = billedTerms({ terms, period, spans, proRata: group.tariff.proRata })
  if (billed.terms === 0) return null
  const bracket = bracketOf(grid.brackets, situation.quotient)
  const residence = situation.residence ?? RESIDENCE_WHEN_UNKNOWN
  const price = bracket ? group.tariff.prices.get(priceKey(bracket.id, residence)) : undefined
  if (!bracket || price === undefined)
    return {
      ...base,
      rule: `Aucun prix pour ${bracket?.label ?? 'cette tranche'}, ${RESIDENCE_LABELS[residence].toLowerCase()} : 0,00 €`,
      amountCents: 0,
    }
  const words = [priceWords({ brackets: grid.brackets, bracket, ...situation, amountCents: price })]
  const proRata = proRataWords(period, billed.terms, billed.whole)
  if (proRata) words.push(proRata)
  if (group.tariff.target === 'cursus' && spans.length > 1)
    words.push(`un tarif pour le cursus : ${spans.map((s) => s.courseLabel).join(', ')}`)
  return { ...base, rule: clip(words.join(' ; ')), amountCents: proRataCents(price, billed.terms) }
}

/** The pupils' cotisation lines, each pupil followed by its reduction; pupils ranked. */
function cotisationLines(
  enrolments: YearEnrolment[],
  ctx: { grid: Grid; situation: FamilySituation; terms: Term[]; period: BillingPeriod },
): InvoiceLineInput[] {
  const groups = new Map<number, Map<string, Group>>()
  for (const e of enrolments) {
    const { key, tariff } = tariffOf(ctx.grid, e)
    const ofPupil = groups.get(e.pupilId) ?? new Map<string, Group>()
    groups.set(e.pupilId, ofPupil)
    const group = ofPupil.get(key) ?? { key, tariff, enrolments: [] }
    group.enrolments.push(e)
    ofPupil.set(key, group)
  }
  const pupils = [...groups.entries()].map(([pupilId, ofPupil]) => {
    const lines = [...ofPupil.values()]
      .map((g) => groupLine(g, ctx))
      .filter((l): l is InvoiceLineInput => l !== null)
    return { pupilId, lines, totalCents: lines.reduce((s, l) => s + l.amountCents, 0) }
  })
  const out: InvoiceLineInput[] = []
  rankPupils(pupils.filter((p) => p.lines.length > 0)).forEach((pupil, i) => {
    out.push(...pupil.lines)
    const { rate } = reductionRate(i + 1, ctx.grid.reductions)
    const amount = reductionCents(pupil.totalCents, rate)
    if (rate > 0 && amount !== 0)
      out.push({
        category: 'reduction',
        pupilId: pupil.pupilId,
        label: `Réduction famille — ${enrolments.find((e) => e.pupilId === pupil.pupilId)?.pupilName ?? ''}`,
        rule: `${reductionWords(i + 1, rate)} de ${euros(pupil.totalCents)}`,
        amountCents: amount,
      })
  })
  return out
}

/**
 * The fixed fees: once a year, in the first period the family (per family) or the pupil (per
 * pupil) is billed in — a pupil with an enrolment meeting an earlier term paid them then.
 */
function feeLines(
  all: YearEnrolment[],
  billedPupils: number[],
  ctx: { grid: Grid; terms: Term[]; period: BillingPeriod },
): InvoiceLineInput[] {
  const start = periodDates(ctx.terms, ctx.period)?.startsOn ?? ''
  const earlier = ctx.terms.filter((t) => t.endsOn < start)
  const billedBefore = (pupilId: number) =>
    all.some((e) => e.pupilId === pupilId && earlier.some((t) => meetsTerm(e, t)))
  const newPupils = billedPupils.filter((id) => !billedBefore(id))
  const familyNew = billedPupils.length > 0 && billedPupils.every((id) => !billedBefore(id))
  const nameOf = (id: number) => all.find((e) => e.pupilId === id)?.pupilName ?? ''
  const lines: InvoiceLineInput[] = []
  for (const fee of ctx.grid.fees) {
    const rule = `${fee.label} : ${euros(fee.amountCents)} ${FEE_PER_LABELS[fee.per]}`
    if (fee.per === 'famille' && familyNew)
      lines.push({ category: 'frais', label: fee.label, rule, amountCents: fee.amountCents })
    if (fee.per === 'eleve')
      for (const id of newPupils)
        lines.push({
          category: 'frais',
          pupilId: id,
          label: `${fee.label} — ${nameOf(id)}`,
          rule,
          amountCents: fee.amountCents,
        })
  }
  return lines
}

/** What the tariffs give a family for a school year (period 'annee') or one of its terms. */
export async function priceFamily(
  trx: Trx,
  input: { familyId: number; schoolYearId: number; period: BillingPeriod },
): Promise<FamilyPricing> {
  const situation = await familySituation(trx, input.familyId)
  const year = await schoolYear(trx, input.schoolYearId)
  const grid = await loadGrid(trx, year.id)
  const terms = termsOf(year)
  const dates = periodDates(terms, input.period) as Term
  const all = await yearEnrolments(trx, input.familyId, year.id)
  const inPeriod = all.filter((e) => meetsTerm(e, dates))
  const ctx = { grid, situation, terms, period: input.period }
  const cotisations = cotisationLines(inPeriod, ctx)
  const billedPupils = [...new Set(cotisations.map((l) => l.pupilId as number))]
  cotisations.push(...feeLines(all, billedPupils, ctx))
  const locations: InvoiceLineInput[] = []
  for (const r of await yearRentals(trx, input.familyId, year.id)) {
    const billed = billedTerms({ terms, period: input.period, spans: [r], proRata: true })
    if (billed.terms === 0) continue
    const words = [
      `Location ${year.label} : ${euros(r.priceCents)}`,
      proRataWords(input.period, billed.terms, billed.whole),
      r.depositCents > 0 ? `caution ${euros(r.depositCents)} (non facturée)` : '',
    ]
    locations.push({
      category: 'location',
      pupilId: r.pupilId,
      rentalId: r.id,
      label: `Location ${r.instrumentName} (n° ${r.inventoryNumber})${r.pupilName ? ` — ${r.pupilName}` : ''}`,
      rule: words.filter(Boolean).join(' ; '),
      amountCents: proRataCents(r.priceCents, billed.terms),
    })
  }
  return { cotisations, locations }
}
