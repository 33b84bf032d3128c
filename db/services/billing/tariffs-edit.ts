// The brackets and tariffs of a year's grid, and their prices by bracket and residence.
import { isoNow } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import { DomainError } from '../../errors.ts'
import type { Residence } from '../../rules/reenrolment.ts'
import type { BracketInput, TariffInput } from '../../rules/tariff-views.ts'
import { COURSE_KINDS, TARIFF_MESSAGES as M, TARIFF_TARGETS } from '../../rules/tariffs.ts'
import { schoolYear, type BillingActor } from './common.ts'
import { auditTariffs, checkAmount, isResidence } from './tariffs.ts'

const invalid = (field: string, message: string) =>
  new DomainError('VALIDATION', message, { [field]: message })

async function bracketsOf(trx: Trx, yearId: number) {
  return trx('quotient_brackets')
    .where({ school_year_id: yearId })
    .select<{ id: number; lower_bound_euros: number }[]>('id', 'lower_bound_euros')
}

/**
 * Adds a bracket to the year, or changes one (`id`). Its lower bound is whole euros, unique in
 * the year; the lowest bracket starts at 0 € (every quotient has a bracket).
 */
export async function saveBracket(
  trx: Trx,
  actor: BillingActor,
  input: BracketInput & { schoolYearId: number; id?: number },
): Promise<{ id: number }> {
  const year = await schoolYear(trx, input.schoolYearId)
  const label = typeof input.label === 'string' ? input.label.trim().slice(0, 60) : ''
  if (!label) throw invalid('label', M.labelRequired)
  const lower = input.lowerBoundEuros
  if (!Number.isSafeInteger(lower) || lower < 0) throw invalid('lowerBound', M.badBound)
  const all = await bracketsOf(trx, year.id)
  if (input.id !== undefined && !all.some((b) => b.id === input.id))
    throw new DomainError('NOT_FOUND', M.bracketNotFound)
  const others = all.filter((b) => b.id !== input.id)
  if (others.some((b) => b.lower_bound_euros === lower)) throw invalid('lowerBound', M.boundTaken)
  if (lower !== 0 && !others.some((b) => b.lower_bound_euros === 0))
    throw invalid('lowerBound', M.firstBracketAtZero)
  const now = isoNow(actor.clock)
  let id = input.id
  if (id !== undefined)
    await trx('quotient_brackets')
      .where({ id })
      .update({ label, lower_bound_euros: lower, updated_at: now })
  else {
    const [row] = await trx('quotient_brackets')
      .insert({
        school_year_id: year.id,
        label,
        lower_bound_euros: lower,
        created_at: now,
        updated_at: now,
      })
      .returning<{ id: number }[]>('id')
    id = (row as { id: number }).id
  }
  await auditTariffs(
    trx,
    actor,
    'staff.bracket_saved',
    { type: 'quotient_bracket', id },
    {
      label,
      lowerBoundEuros: lower,
    },
  )
  return { id }
}

/** Removes a bracket and its prices; the one at 0 € stays while others exist. */
export async function removeBracket(trx: Trx, actor: BillingActor, id: number): Promise<void> {
  const row = await trx('quotient_brackets')
    .where({ id })
    .first<{ school_year_id: number; lower_bound_euros: number; label: string } | undefined>()
  if (!row) throw new DomainError('NOT_FOUND', M.bracketNotFound)
  const count = (await bracketsOf(trx, row.school_year_id)).length
  if (row.lower_bound_euros === 0 && count > 1) throw invalid('lowerBound', M.firstBracketAtZero)
  await trx('tariff_prices').where({ bracket_id: id }).delete()
  await trx('quotient_brackets').where({ id }).delete()
  await auditTariffs(
    trx,
    actor,
    'staff.bracket_removed',
    { type: 'quotient_bracket', id },
    {
      label: row.label,
    },
  )
}

/** The target columns of a tariff: exactly one of cursus, discipline, course kind. */
function targetOf(input: TariffInput) {
  if (!TARIFF_TARGETS.includes(input.target)) throw invalid('target', M.targetRequired)
  const none = { cursus_id: null, discipline_id: null, course_kind: null }
  if (input.target === 'cursus' && input.cursusId)
    return { ...none, target: 'cursus', cursus_id: input.cursusId }
  if (input.target === 'discipline' && input.disciplineId)
    return { ...none, target: 'discipline', discipline_id: input.disciplineId }
  if (input.target === 'course_kind' && input.courseKind && COURSE_KINDS.includes(input.courseKind))
    return { ...none, target: 'course_kind', course_kind: input.courseKind }
  throw invalid('target', M.targetRequired)
}

/** Adds a tariff to the year, or changes one (`id`): what it prices, its label, its pro rata. */
export async function saveTariff(
  trx: Trx,
  actor: BillingActor,
  input: TariffInput & { schoolYearId: number; id?: number },
): Promise<{ id: number }> {
  const year = await schoolYear(trx, input.schoolYearId)
  const target = targetOf(input)
  if (target.cursus_id && !(await trx('cursus').where({ id: target.cursus_id }).first('id')))
    throw invalid('target', M.targetRequired)
  if (
    target.discipline_id &&
    !(await trx('disciplines').where({ id: target.discipline_id }).first('id'))
  )
    throw invalid('target', M.targetRequired)
  const same = await trx('tariffs')
    .where({ school_year_id: year.id })
    .where((q) => {
      if (target.cursus_id) q.where({ cursus_id: target.cursus_id })
      else if (target.discipline_id) q.where({ discipline_id: target.discipline_id })
      else q.where({ course_kind: target.course_kind })
    })
    .first<{ id: number } | undefined>('id')
  if (same && same.id !== input.id) throw invalid('target', M.tariffTaken)
  const now = isoNow(actor.clock)
  const row = {
    ...target,
    label: (input.label ?? '').trim().slice(0, 120),
    pro_rata: Boolean(input.proRata),
    updated_at: now,
  }
  let id = input.id
  if (id !== undefined) {
    const n = await trx('tariffs').where({ id, school_year_id: year.id }).update(row)
    if (n === 0) throw new DomainError('NOT_FOUND', M.tariffNotFound)
  } else {
    const [inserted] = await trx('tariffs')
      .insert({ ...row, school_year_id: year.id, created_at: now })
      .returning<{ id: number }[]>('id')
    id = (inserted as { id: number }).id
  }
  await auditTariffs(
    trx,
    actor,
    'staff.tariff_saved',
    { type: 'tariff', id },
    {
      ...target,
      label: row.label,
      proRata: row.pro_rata,
    },
  )
  return { id }
}

export async function removeTariff(trx: Trx, actor: BillingActor, id: number): Promise<void> {
  await trx('tariff_prices').where({ tariff_id: id }).delete()
  const n = await trx('tariffs').where({ id }).delete()
  if (n === 0) throw new DomainError('NOT_FOUND', M.tariffNotFound)
  await auditTariffs(trx, actor, 'staff.tariff_removed', { type: 'tariff', id }, {})
}

/** Sets (amount in cents) or clears (null) the price of a tariff for a bracket and a residence. */
export async function setTariffPrice(
  trx: Trx,
  actor: BillingActor,
  input: { tariffId: number; bracketId: number; residence: Residence; amountCents: number | null },
): Promise<void> {
  const tariff = await trx('tariffs')
    .where({ id: input.tariffId })
    .first<{ school_year_id: number } | undefined>('school_year_id')
  if (!tariff) throw new DomainError('NOT_FOUND', M.tariffNotFound)
  const bracket = await trx('quotient_brackets')
    .where({ id: input.bracketId, school_year_id: tariff.school_year_id })
    .first('id')
  if (!bracket) throw new DomainError('NOT_FOUND', M.bracketNotFound)
  if (!isResidence(input.residence)) throw invalid('residence', M.targetRequired)
  const key = { tariff_id: input.tariffId, bracket_id: input.bracketId, residence: input.residence }
  const old = await trx('tariff_prices').where(key).first<{ amount_cents: number } | undefined>()
  if (input.amountCents === null) await trx('tariff_prices').where(key).delete()
  else
    await trx('tariff_prices')
      .insert({ ...key, amount_cents: checkAmount('amount', input.amountCents) })
      .onConflict(['tariff_id', 'bracket_id', 'residence'])
      .merge()
  await auditTariffs(
    trx,
    actor,
    'staff.tariff_price_set',
    { type: 'tariff', id: input.tariffId },
    {
      bracketId: input.bracketId,
      residence: input.residence,
      oldCents: old?.amount_cents ?? null,
      newCents: input.amountCents,
    },
  )
}
