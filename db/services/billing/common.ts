// What the billing services share: who acts, the audit entry, the numbering without gaps, the
// school year and the family's payer.
import type { Clock } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import { DomainError } from '../../errors.ts'
import { BILLING_MESSAGES as M, documentNumber, type InvoiceKind } from '../../rules/billing.ts'
import { recordAudit } from '../audit.ts'

/**
 * Who acts: a staff member (billing, recording a payment), or a family's guardian (an online
 * payment, recorded once the provider confirmed it), or the system (the provider's notification).
 */
export interface BillingActor {
  staffUserId?: number | null
  guardianId?: number | null
  clientIp: string
  clock: Clock
}

/** Every billing action goes into the audit log, and into the family's journal. */
export async function auditBilling(
  trx: Trx,
  actor: BillingActor,
  action: string,
  entity: { type: string; id: number; familyId: number },
  details: Record<string, unknown>,
): Promise<void> {
  await recordAudit(trx, {
    clock: actor.clock,
    actorType: actor.staffUserId ? 'staff' : actor.guardianId ? 'family' : 'system',
    actorId: actor.staffUserId ?? actor.guardianId ?? null,
    action,
    entityType: entity.type,
    entityId: entity.id,
    familyId: entity.familyId,
    clientIp: actor.clientIp,
    details,
  })
}

export interface SchoolYearRow {
  id: number
  label: string
  starts_on: string
  ends_on: string
}

export async function schoolYear(trx: Trx, schoolYearId: number): Promise<SchoolYearRow> {
  const year = await trx('school_years')
    .where({ id: schoolYearId })
    .first<SchoolYearRow | undefined>('id', 'label', 'starts_on', 'ends_on')
  if (!year) throw new DomainError('NOT_FOUND', M.yearNotFound)
  return year
}

/**
 * The next `count` numbers of a series (invoices, credit notes or receipts of a school year),
 * taken in the caller's transaction: a rollback gives them back, so the numbers have no gap.
 * The row is raised and read in one statement (SQLite's RETURNING), under the write lock.
 */
export async function nextNumbers(
  trx: Trx,
  year: SchoolYearRow,
  kind: InvoiceKind | 'recu',
  count: number,
): Promise<{ sequence: number; number: string }[]> {
  const rows = await trx.raw<{ last_number: number }[]>(
    `INSERT INTO billing_sequences (school_year_id, kind, last_number) VALUES (?, ?, ?)
       ON CONFLICT (school_year_id, kind) DO UPDATE SET last_number = last_number + excluded.last_number
       RETURNING last_number`,
    [year.id, kind, count],
  )
  const last = rows[0]?.last_number
  if (last === undefined) throw new Error('billing_sequences: no number returned')
  return Array.from({ length: count }, (_, i) => {
    const sequence = last - count + 1 + i
    return { sequence, number: documentNumber(year.label, kind, sequence) }
  })
}

/** The next number of a series. */
export async function nextNumber(
  trx: Trx,
  year: SchoolYearRow,
  kind: InvoiceKind | 'recu',
): Promise<{ sequence: number; number: string }> {
  const [next] = await nextNumbers(trx, year, kind, 1)
  if (!next) throw new Error('billing_sequences: no number')
  return next
}

/** The payer of a family's invoices: its responsable 1 (the family's first active guardian). */
export interface Payer {
  name: string
  address: string
  postalCode: string
  city: string
  email: string
}

const PAYER_COLUMNS = [
  'family_id',
  'civility',
  'last_name',
  'first_name',
  'address',
  'postal_code',
  'city',
  'email',
] as const
interface GuardianPayerRow {
  family_id: number
  civility: string
  last_name: string
  first_name: string
  address: string
  postal_code: string
  city: string
  email: string
}

function payerOf(g: GuardianPayerRow | undefined): Payer {
  return g
    ? {
        name: [g.civility, g.last_name, g.first_name].filter(Boolean).join(' '),
        address: g.address,
        postalCode: g.postal_code,
        city: g.city,
        email: g.email,
      }
    : { name: '', address: '', postalCode: '', city: '', email: '' }
}

/** The site and payer of several families at once (a billing run's chunk): two statements. */
export async function familyPayers(
  trx: Trx,
  familyIds: readonly number[],
): Promise<Map<number, { siteId: number; payer: Payer }>> {
  const families = await trx('families')
    .whereIn('id', familyIds)
    .select<{ id: number; site_id: number }[]>('id', 'site_id')
  const guardians = await trx('guardians as g')
    .whereIn('g.family_id', familyIds)
    .whereNull('g.archived_at')
    .whereRaw(
      'g.rank = (SELECT MIN(o.rank) FROM guardians o WHERE o.family_id = g.family_id AND o.archived_at IS NULL)',
    )
    .select<GuardianPayerRow[]>(PAYER_COLUMNS.map((c) => `g.${c}`))
  const byFamily = new Map<number, GuardianPayerRow>(guardians.map((g) => [g.family_id, g]))
  return new Map(
    families.map((f) => [f.id, { siteId: f.site_id, payer: payerOf(byFamily.get(f.id)) }]),
  )
}

export async function familyPayer(
  trx: Trx,
  familyId: number,
): Promise<{ siteId: number; payer: Payer }> {
  const found = (await familyPayers(trx, [familyId])).get(familyId)
  if (!found) throw new DomainError('NOT_FOUND', M.familyNotFound)
  return found
}
