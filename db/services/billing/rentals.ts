// The conservatoire's instruments (name, inventory number) and their rentals to a family's pupil
// for a school year: dates, price for the year (billed by term, pro rata, db/services/billing/
// pricing.ts), deposit (« caution »: kept, never billed). An instrument is rented to one family at
// a time. Changed by the bill role; every change in the audit log (and the family's journal).
import { isoNow } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import { DomainError } from '../../errors.ts'
import { parseDay } from '../../rules/pedagogy.ts'
import type { InstrumentView, RentalInput, RentalView } from '../../rules/tariff-views.ts'
import { TARIFF_MESSAGES as M } from '../../rules/tariffs.ts'
import { auditBilling, schoolYear, type BillingActor } from './common.ts'
import { auditTariffs, checkAmount } from './tariffs.ts'

const invalid = (field: string, message: string) =>
  new DomainError('VALIDATION', message, { [field]: message })

export const RENTAL_BILLED = 'Cette location a déjà été facturée : indiquez plutôt sa date de fin.'

export async function listInstruments(trx: Trx): Promise<InstrumentView[]> {
  const rows = await trx('instruments')
    .orderBy([{ column: 'name' }, { column: 'inventory_number' }])
    .select<{ id: number; name: string; inventory_number: string; archived_at: string | null }[]>(
      'id',
      'name',
      'inventory_number',
      'archived_at',
    )
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    inventoryNumber: r.inventory_number,
    archived: r.archived_at !== null,
  }))
}

/** Adds an instrument, or changes one (`id`); `archived` takes it out of the new rentals' list. */
export async function saveInstrument(
  trx: Trx,
  actor: BillingActor,
  input: { id?: number; name: string; inventoryNumber: string; archived?: boolean },
): Promise<{ id: number }> {
  const name = (input.name ?? '').trim().slice(0, 120)
  const inventory = (input.inventoryNumber ?? '').trim().slice(0, 40)
  if (!name) throw invalid('name', M.labelRequired)
  if (!inventory) throw invalid('inventoryNumber', M.labelRequired)
  const taken = await trx('instruments')
    .where({ inventory_number: inventory })
    .first<{ id: number } | undefined>('id')
  if (taken && taken.id !== input.id) throw invalid('inventoryNumber', M.inventoryTaken)
  const now = isoNow(actor.clock)
  const row = {
    name,
    inventory_number: inventory,
    archived_at: input.archived ? now : null,
    updated_at: now,
  }
  let id = input.id
  if (id !== undefined) {
    const n = await trx('instruments').where({ id }).update(row)
    if (n === 0) throw new DomainError('NOT_FOUND', M.instrumentNotFound)
  } else {
    const [inserted] = await trx('instruments')
      .insert({ ...row, created_at: now })
      .returning<{ id: number }[]>('id')
    id = (inserted as { id: number }).id
  }
  await auditTariffs(
    trx,
    actor,
    'staff.instrument_saved',
    { type: 'instrument', id },
    {
      name,
      inventoryNumber: inventory,
      archived: Boolean(input.archived),
    },
  )
  return { id }
}

/** The family's rentals, every year, the latest first. */
export async function familyRentals(trx: Trx, familyId: number): Promise<RentalView[]> {
  return trx('instrument_rentals as r')
    .join('instruments as i', 'i.id', 'r.instrument_id')
    .join('school_years as y', 'y.id', 'r.school_year_id')
    .leftJoin('pupils as p', 'p.id', 'r.pupil_id')
    .where('r.family_id', familyId)
    .orderBy([
      { column: 'r.starts_on', order: 'desc' },
      { column: 'r.id', order: 'desc' },
    ])
    .select<RentalView[]>(
      'r.id',
      'r.instrument_id as instrumentId',
      'i.name as instrument',
      'i.inventory_number as inventoryNumber',
      'r.pupil_id as pupilId',
      trx.raw(`p.last_name || ' ' || p.first_name as pupil`),
      'r.school_year_id as schoolYearId',
      'y.label as schoolYear',
      'r.starts_on as startsOn',
      'r.ends_on as endsOn',
      'r.price_cents as priceCents',
      'r.deposit_cents as depositCents',
    )
}

async function checkedRental(trx: Trx, familyId: number, input: RentalInput) {
  const year = await schoolYear(trx, input.schoolYearId)
  const instrument = await trx('instruments').where({ id: input.instrumentId }).first('id')
  if (!instrument) throw invalid('instrumentId', M.instrumentNotFound)
  if (input.pupilId !== null) {
    const pupil = await trx('pupils').where({ id: input.pupilId, family_id: familyId }).first('id')
    if (!pupil) throw invalid('pupilId', M.pupilNotFound)
  }
  const startsOn = parseDay(input.startsOn)
  if (!startsOn) throw invalid('startsOn', M.badDate)
  const endsOn = input.endsOn ? parseDay(input.endsOn) : null
  if (input.endsOn && !endsOn) throw invalid('endsOn', M.badDate)
  if (endsOn && endsOn < startsOn) throw invalid('endsOn', M.endBeforeStart)
  if (startsOn < year.starts_on || startsOn > year.ends_on || (endsOn && endsOn > year.ends_on))
    throw invalid('startsOn', M.outsideYear)
  return {
    instrument_id: input.instrumentId,
    pupil_id: input.pupilId,
    school_year_id: year.id,
    starts_on: startsOn,
    ends_on: endsOn,
    price_cents: checkAmount('price', input.priceCents),
    deposit_cents: checkAmount('deposit', input.depositCents),
    year,
  }
}

/** Adds a rental to the family, or changes one of its own (`id`). */
export async function saveRental(
  trx: Trx,
  actor: BillingActor,
  input: RentalInput & { familyId: number; id?: number },
): Promise<{ id: number }> {
  const family = await trx('families').where({ id: input.familyId }).first('id')
  if (!family) throw new DomainError('NOT_FOUND', M.familyNotFound)
  const { year, ...row } = await checkedRental(trx, input.familyId, input)
  // The instrument is not rented to anyone else on these dates.
  const clash = await trx('instrument_rentals')
    .where({ instrument_id: row.instrument_id })
    .whereNot('id', input.id ?? 0)
    .where((q) => q.whereNull('ends_on').orWhere('ends_on', '>=', row.starts_on))
    .where('starts_on', '<=', row.ends_on ?? year.ends_on)
    .first('id')
  if (clash) throw invalid('instrumentId', M.instrumentRented)
  const now = isoNow(actor.clock)
  let id = input.id
  if (id !== undefined) {
    const n = await trx('instrument_rentals')
      .where({ id, family_id: input.familyId })
      .update({ ...row, updated_at: now })
    if (n === 0) throw new DomainError('NOT_FOUND', M.rentalNotFound)
  } else {
    const [inserted] = await trx('instrument_rentals')
      .insert({ ...row, family_id: input.familyId, created_at: now, updated_at: now })
      .returning<{ id: number }[]>('id')
    id = (inserted as { id: number }).id
  }
  await auditBilling(
    trx,
    actor,
    'staff.rental_saved',
    { type: 'rental', id, familyId: input.familyId },
    { ...row },
  )
  return { id }
}

/** Removes a rental never billed (a billed one gets an end date instead). */
export async function removeRental(
  trx: Trx,
  actor: BillingActor,
  input: { familyId: number; rentalId: number },
): Promise<void> {
  const rental = await trx('instrument_rentals')
    .where({ id: input.rentalId, family_id: input.familyId })
    .first<{ pupil_id: number | null } | undefined>('pupil_id')
  if (!rental) throw new DomainError('NOT_FOUND', M.rentalNotFound)
  if (await trx('invoice_lines').where({ rental_id: input.rentalId }).first('id'))
    throw new DomainError('CONFLICT', RENTAL_BILLED)
  await trx('instrument_rentals').where({ id: input.rentalId }).delete()
  await auditBilling(
    trx,
    actor,
    'staff.rental_removed',
    { type: 'rental', id: input.rentalId, familyId: input.familyId },
    // The row is gone: its pupil's id (null: the family's rental) names them in the journal.
    { pupilId: rental.pupil_id },
  )
}
