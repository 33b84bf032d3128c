// The tariff grid of a school year (« Facturation » → « Tarifs »): its quotient brackets, its
// tariffs with their prices by bracket and residence, the family reductions, the fixed fees and
// the rental rate. Read by readBilling, changed by bill; every change goes into the audit log.
import { isoNow } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import { DomainError } from '../../errors.ts'
import { RESIDENCES, type Residence } from '../../rules/reenrolment.ts'
import type { FeeInput, TariffGridView } from '../../rules/tariff-views.ts'
import {
  bracketRange,
  COURSE_KIND_LABELS,
  FEE_PER,
  REDUCTION_RANKS,
  TARIFF_MESSAGES as M,
  type ReductionRank,
} from '../../rules/tariffs.ts'
import { recordAudit } from '../audit.ts'
import type { BillingActor } from './common.ts'
import { schoolYear } from './common.ts'
import { loadGrid } from './pricing-data.ts'

const invalid = (field: string, message: string) =>
  new DomainError('VALIDATION', message, { [field]: message })

/** A change of the grid: in the audit log (no family: the grid is everyone's). */
export async function auditTariffs(
  trx: Trx,
  actor: BillingActor,
  action: string,
  entity: { type: string; id: number },
  details: Record<string, unknown>,
): Promise<void> {
  await recordAudit(trx, {
    clock: actor.clock,
    actorType: 'staff',
    actorId: actor.staffUserId ?? null,
    action,
    entityType: entity.type,
    entityId: entity.id,
    clientIp: actor.clientIp,
    details,
  })
}

export function checkAmount(field: string, cents: unknown): number {
  if (typeof cents !== 'number' || !Number.isSafeInteger(cents)) throw invalid(field, M.badAmount)
  if (cents < 0) throw invalid(field, M.negativeAmount)
  return cents
}

/** The grid of a school year, as « Tarifs » shows it. */
export async function tariffGrid(trx: Trx, schoolYearId: number): Promise<TariffGridView> {
  const year = await schoolYear(trx, schoolYearId)
  const grid = await loadGrid(trx, year.id)
  const cursus = await trx('cursus')
    .whereNull('archived_at')
    .orderBy('name')
    .select<{ id: number; name: string }[]>('id', 'name')
  const disciplines = await trx('disciplines')
    .whereNull('archived_at')
    .orderBy('name')
    .select<{ id: number; name: string }[]>('id', 'name')
  const allCursus = await trx('cursus').select<{ id: number; name: string }[]>('id', 'name')
  const allDisciplines = await trx('disciplines').select<{ id: number; name: string }[]>(
    'id',
    'name',
  )
  const nameOf = (rows: { id: number; name: string }[], id: number | null) =>
    rows.find((r) => r.id === id)?.name ?? ''
  const rate = await trx('rental_rates')
    .where({ school_year_id: year.id })
    .first<{ price_cents: number; deposit_cents: number } | undefined>()
  return {
    schoolYear: { id: year.id, label: year.label },
    brackets: grid.brackets.map((b) => ({ ...b, range: bracketRange(grid.brackets, b) })),
    tariffs: grid.tariffs.map((t) => ({
      id: t.id,
      target: t.target,
      cursusId: t.cursusId,
      disciplineId: t.disciplineId,
      courseKind: t.courseKind,
      label: t.label,
      name:
        t.label ||
        (t.target === 'cursus'
          ? nameOf(allCursus, t.cursusId)
          : t.target === 'discipline'
            ? nameOf(allDisciplines, t.disciplineId)
            : t.courseKind
              ? COURSE_KIND_LABELS[t.courseKind]
              : ''),
      proRata: t.proRata,
      prices: [...t.prices.entries()].map(([key, amountCents]) => {
        const [bracketId, residence] = key.split(':')
        return { bracketId: Number(bracketId), residence: residence as Residence, amountCents }
      }),
    })),
    reductions: REDUCTION_RANKS.map((rank) => ({ rank, rateBp: grid.reductions[rank] ?? 0 })),
    fees: grid.fees,
    rentalRate: rate ? { priceCents: rate.price_cents, depositCents: rate.deposit_cents } : null,
    options: { cursus, disciplines },
  }
}

/** Sets the reductions of the 2nd pupil and of the 3rd and more (basis points, 0 to 10 000). */
export async function setReductions(
  trx: Trx,
  actor: BillingActor,
  input: { schoolYearId: number; reductions: { rank: ReductionRank; rateBp: number }[] },
): Promise<void> {
  const year = await schoolYear(trx, input.schoolYearId)
  for (const r of input.reductions) {
    if (!REDUCTION_RANKS.includes(r.rank)) throw invalid('rank', M.badRate)
    if (!Number.isInteger(r.rateBp) || r.rateBp < 0 || r.rateBp > 10_000)
      throw invalid(`rate${r.rank}`, M.badRate)
  }
  for (const r of input.reductions)
    await trx('family_reductions')
      .insert({ school_year_id: year.id, rank: r.rank, rate_bp: r.rateBp })
      .onConflict(['school_year_id', 'rank'])
      .merge()
  await auditTariffs(
    trx,
    actor,
    'staff.reductions_set',
    { type: 'school_year', id: year.id },
    {
      reductions: input.reductions,
    },
  )
}

function checkFee(input: FeeInput): FeeInput {
  const label = typeof input.label === 'string' ? input.label.trim() : ''
  if (!label) throw invalid('label', M.labelRequired)
  if (!FEE_PER.includes(input.per)) throw invalid('per', M.targetRequired)
  return {
    label: label.slice(0, 120),
    amountCents: checkAmount('amount', input.amountCents),
    per: input.per,
  }
}

/** Adds a fixed fee to the year, or changes one (`id`). */
export async function saveFee(
  trx: Trx,
  actor: BillingActor,
  input: FeeInput & { schoolYearId: number; id?: number },
): Promise<{ id: number }> {
  const year = await schoolYear(trx, input.schoolYearId)
  const fee = checkFee(input)
  const now = isoNow(actor.clock)
  const row = { label: fee.label, amount_cents: fee.amountCents, per: fee.per, updated_at: now }
  let id = input.id
  if (id !== undefined) {
    const n = await trx('billing_fees').where({ id, school_year_id: year.id }).update(row)
    if (n === 0) throw new DomainError('NOT_FOUND', M.feeNotFound)
  } else {
    const [inserted] = await trx('billing_fees')
      .insert({ ...row, school_year_id: year.id, created_at: now })
      .returning<{ id: number }[]>('id')
    id = (inserted as { id: number }).id
  }
  await auditTariffs(trx, actor, 'staff.fee_saved', { type: 'billing_fee', id }, { ...fee })
  return { id }
}

export async function removeFee(trx: Trx, actor: BillingActor, id: number): Promise<void> {
  const n = await trx('billing_fees').where({ id }).delete()
  if (n === 0) throw new DomainError('NOT_FOUND', M.feeNotFound)
  await auditTariffs(trx, actor, 'staff.fee_removed', { type: 'billing_fee', id }, {})
}

/** The year's rental price and deposit (what a new rental gets). */
export async function setRentalRate(
  trx: Trx,
  actor: BillingActor,
  input: { schoolYearId: number; priceCents: number; depositCents: number },
): Promise<void> {
  const year = await schoolYear(trx, input.schoolYearId)
  const row = {
    school_year_id: year.id,
    price_cents: checkAmount('price', input.priceCents),
    deposit_cents: checkAmount('deposit', input.depositCents),
  }
  await trx('rental_rates').insert(row).onConflict('school_year_id').merge()
  await auditTariffs(
    trx,
    actor,
    'staff.rental_rate_set',
    { type: 'school_year', id: year.id },
    {
      priceCents: row.price_cents,
      depositCents: row.deposit_cents,
    },
  )
}

/** Whether a residence is one of the list. */
export function isResidence(value: unknown): value is Residence {
  return RESIDENCES.includes(value as Residence)
}
