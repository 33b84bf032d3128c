// What priceFamily reads: the year's grid (brackets, tariffs and their prices, reductions, fees),
// the family's quotient and residence, its pupils' enrolments of the year, its rentals.
import type { Trx } from '../../connection.ts'
import { DomainError } from '../../errors.ts'
import type { Residence } from '../../rules/reenrolment.ts'
import type {
  Bracket,
  CourseKind,
  FeePer,
  ReductionRank,
  TariffTarget,
} from '../../rules/tariffs.ts'
import { TARIFF_MESSAGES as M } from '../../rules/tariffs.ts'

export interface GridTariff {
  id: number
  target: TariffTarget
  cursusId: number | null
  disciplineId: number | null
  courseKind: CourseKind | null
  label: string
  proRata: boolean
  /** `${bracketId}:${residence}` → cents. */
  prices: Map<string, number>
}

export interface Grid {
  brackets: Bracket[]
  tariffs: GridTariff[]
  reductions: Partial<Record<ReductionRank, number>>
  fees: { id: number; label: string; amountCents: number; per: FeePer }[]
}

export const priceKey = (bracketId: number, residence: Residence) => `${bracketId}:${residence}`

/** The tariff grid of a school year. */
export async function loadGrid(trx: Trx, schoolYearId: number): Promise<Grid> {
  const brackets = await trx('quotient_brackets')
    .where({ school_year_id: schoolYearId })
    .orderBy('lower_bound_euros')
    .select<Bracket[]>('id', 'label', 'lower_bound_euros as lowerBoundEuros')
  const rows = await trx('tariffs').where({ school_year_id: schoolYearId }).orderBy('id').select<
    {
      id: number
      target: TariffTarget
      cursus_id: number | null
      discipline_id: number | null
      course_kind: CourseKind | null
      label: string
      pro_rata: number | boolean
    }[]
  >('id', 'target', 'cursus_id', 'discipline_id', 'course_kind', 'label', 'pro_rata')
  const prices = await trx('tariff_prices as p')
    .join('tariffs as t', 't.id', 'p.tariff_id')
    .where('t.school_year_id', schoolYearId)
    .select<
      { tariff_id: number; bracket_id: number; residence: Residence; amount_cents: number }[]
    >('p.tariff_id', 'p.bracket_id', 'p.residence', 'p.amount_cents')
  const tariffs = rows.map<GridTariff>((r) => ({
    id: r.id,
    target: r.target,
    cursusId: r.cursus_id,
    disciplineId: r.discipline_id,
    courseKind: r.course_kind,
    label: r.label,
    proRata: Boolean(r.pro_rata),
    prices: new Map(),
  }))
  const byId = new Map(tariffs.map((t) => [t.id, t]))
  for (const p of prices)
    byId.get(p.tariff_id)?.prices.set(priceKey(p.bracket_id, p.residence), p.amount_cents)
  const reductionRows = await trx('family_reductions')
    .where({ school_year_id: schoolYearId })
    .select<{ rank: ReductionRank; rate_bp: number }[]>('rank', 'rate_bp')
  const reductions: Grid['reductions'] = {}
  for (const r of reductionRows) reductions[r.rank] = r.rate_bp
  const fees = await trx('billing_fees')
    .where({ school_year_id: schoolYearId })
    .orderBy('id')
    .select<Grid['fees']>('id', 'label', 'amount_cents as amountCents', 'per')
  return { brackets, tariffs, reductions, fees }
}

export interface FamilySituation {
  quotient: number | null
  residence: Residence | null
}

export async function familySituation(trx: Trx, familyId: number): Promise<FamilySituation> {
  const row = await trx('families')
    .where({ id: familyId })
    .first<{ quotient_familial: number | null; residence: Residence | null } | undefined>(
      'quotient_familial',
      'residence',
    )
  if (!row) throw new DomainError('NOT_FOUND', M.familyNotFound)
  return { quotient: row.quotient_familial, residence: row.residence }
}

export interface YearEnrolment {
  id: number
  pupilId: number
  pupilName: string
  courseLabel: string
  courseKind: CourseKind
  disciplineId: number
  disciplineName: string
  cursusId: number | null
  cursusName: string | null
  startsOn: string
  endsOn: string | null
}

/**
 * Every enrolment of the family's pupils in the courses of the school year. The family's pupils
 * come first (CROSS JOIN fixes SQLite's order): without statistics SQLite would start from the
 * year's courses and read every enrolment of the year for each family, and billing 3 000
 * families took 90 s instead of a few.
 */
export async function yearEnrolments(
  trx: Trx,
  familyId: number,
  schoolYearId: number,
): Promise<YearEnrolment[]> {
  return trx('pupils as p')
    .crossJoin(trx.raw('enrolments as e on e.pupil_id = p.id'))
    .join('courses as c', 'c.id', 'e.course_id')
    .join('disciplines as d', 'd.id', 'c.discipline_id')
    .leftJoin('cursus as cu', 'cu.id', 'e.cursus_id')
    .where({ 'p.family_id': familyId, 'c.school_year_id': schoolYearId })
    .orderBy([{ column: 'p.id' }, { column: 'e.starts_on' }, { column: 'e.id' }])
    .select<YearEnrolment[]>(
      'e.id',
      'e.pupil_id as pupilId',
      trx.raw(`p.last_name || ' ' || p.first_name as "pupilName"`),
      'c.label as courseLabel',
      'c.kind as courseKind',
      'c.discipline_id as disciplineId',
      'd.name as disciplineName',
      'e.cursus_id as cursusId',
      'cu.name as cursusName',
      'e.starts_on as startsOn',
      'e.ends_on as endsOn',
    )
}

export interface YearRental {
  id: number
  pupilId: number | null
  pupilName: string | null
  instrumentName: string
  inventoryNumber: string
  startsOn: string
  endsOn: string | null
  priceCents: number
  depositCents: number
}

/** The family's instrument rentals of the school year. */
export async function yearRentals(
  trx: Trx,
  familyId: number,
  schoolYearId: number,
): Promise<YearRental[]> {
  return trx('instrument_rentals as r')
    .join('instruments as i', 'i.id', 'r.instrument_id')
    .leftJoin('pupils as p', 'p.id', 'r.pupil_id')
    .where({ 'r.family_id': familyId, 'r.school_year_id': schoolYearId })
    .orderBy([{ column: 'r.starts_on' }, { column: 'r.id' }])
    .select<YearRental[]>(
      'r.id',
      'r.pupil_id as pupilId',
      trx.raw(`p.last_name || ' ' || p.first_name as "pupilName"`),
      'i.name as instrumentName',
      'i.inventory_number as inventoryNumber',
      'r.starts_on as startsOn',
      'r.ends_on as endsOn',
      'r.price_cents as priceCents',
      'r.deposit_cents as depositCents',
    )
}
