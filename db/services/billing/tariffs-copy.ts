// « Copier les tarifs de l'année précédente »: a year with no grid yet gets the grid of the school
// year before it (brackets, tariffs and prices, reductions, fees, rental rate), to change after.
import { isoNow } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import { DomainError } from '../../errors.ts'
import { TARIFF_MESSAGES as M } from '../../rules/tariffs.ts'
import { schoolYear, type BillingActor } from './common.ts'
import { auditTariffs } from './tariffs.ts'

/** The school year that starts last before this one. */
async function previousYear(trx: Trx, startsOn: string): Promise<{ id: number; label: string }> {
  const row = await trx('school_years')
    .where('starts_on', '<', startsOn)
    .orderBy('starts_on', 'desc')
    .first<{ id: number; label: string } | undefined>('id', 'label')
  if (!row) throw new DomainError('CONFLICT', M.noPreviousYear)
  return row
}

export async function copyPreviousYearTariffs(
  trx: Trx,
  actor: BillingActor,
  schoolYearId: number,
): Promise<{ brackets: number; tariffs: number; fees: number }> {
  const year = await schoolYear(trx, schoolYearId)
  const from = await previousYear(trx, year.starts_on)
  const has = async (table: string) =>
    Boolean(await trx(table).where({ school_year_id: year.id }).first('school_year_id'))
  if ((await has('quotient_brackets')) || (await has('tariffs')) || (await has('billing_fees')))
    throw new DomainError('CONFLICT', M.alreadyPriced)
  const now = isoNow(actor.clock)
  const stamp = { school_year_id: year.id, created_at: now, updated_at: now }

  const bracketIds = new Map<number, number>()
  const brackets = await trx('quotient_brackets')
    .where({ school_year_id: from.id })
    .select<{ id: number; label: string; lower_bound_euros: number }[]>()
  const tariffs = await trx('tariffs').where({ school_year_id: from.id }).select<
    {
      id: number
      target: string
      cursus_id: number | null
      discipline_id: number | null
      course_kind: string | null
      label: string
      pro_rata: number
    }[]
  >()
  const fees = await trx('billing_fees')
    .where({ school_year_id: from.id })
    .select<{ label: string; amount_cents: number; per: string }[]>('label', 'amount_cents', 'per')
  if (brackets.length === 0 && tariffs.length === 0 && fees.length === 0)
    throw new DomainError('CONFLICT', M.nothingToCopy)

  for (const b of brackets) {
    const [row] = await trx('quotient_brackets')
      .insert({ ...stamp, label: b.label, lower_bound_euros: b.lower_bound_euros })
      .returning<{ id: number }[]>('id')
    bracketIds.set(b.id, (row as { id: number }).id)
  }
  for (const t of tariffs) {
    const { id: oldId, ...fields } = t
    const [row] = await trx('tariffs')
      .insert({ ...fields, ...stamp })
      .returning<{ id: number }[]>('id')
    const prices = await trx('tariff_prices')
      .where({ tariff_id: oldId })
      .select<{ bracket_id: number; residence: string; amount_cents: number }[]>()
    const copied = prices
      .filter((p) => bracketIds.has(p.bracket_id))
      .map((p) => ({
        tariff_id: (row as { id: number }).id,
        bracket_id: bracketIds.get(p.bracket_id),
        residence: p.residence,
        amount_cents: p.amount_cents,
      }))
    if (copied.length > 0) await trx('tariff_prices').insert(copied)
  }
  for (const f of fees) await trx('billing_fees').insert({ ...f, ...stamp })
  const reductions = await trx('family_reductions')
    .where({ school_year_id: from.id })
    .select<{ rank: number; rate_bp: number }[]>('rank', 'rate_bp')
  for (const r of reductions)
    await trx('family_reductions').insert({ ...r, school_year_id: year.id })
  const rate = await trx('rental_rates')
    .where({ school_year_id: from.id })
    .first<{ price_cents: number; deposit_cents: number } | undefined>(
      'price_cents',
      'deposit_cents',
    )
  if (rate) await trx('rental_rates').insert({ ...rate, school_year_id: year.id })
  const counts = { brackets: brackets.length, tariffs: tariffs.length, fees: fees.length }
  await auditTariffs(
    trx,
    actor,
    'staff.tariffs_copied',
    { type: 'school_year', id: year.id },
    {
      from: from.label,
      ...counts,
    },
  )
  return counts
}
