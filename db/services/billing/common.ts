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
 * The next number of a series (invoices, credit notes or receipts of a school year), taken in
 * the caller's transaction: a rollback gives it back, so the numbers have no gap.
 */
export async function nextNumber(
  trx: Trx,
  year: SchoolYearRow,
  kind: InvoiceKind | 'recu',
): Promise<{ sequence: number; number: string }> {
  // One statement: the row is raised and read at once (SQLite's RETURNING), under the write lock.
  const rows = await trx.raw<{ last_number: number }[]>(
    `INSERT INTO billing_sequences (school_year_id, kind, last_number) VALUES (?, ?, 1)
       ON CONFLICT (school_year_id, kind) DO UPDATE SET last_number = last_number + 1
       RETURNING last_number`,
    [year.id, kind],
  )
  const row = rows[0]
  if (!row) throw new Error('billing_sequences: no number returned')
  return { sequence: row.last_number, number: documentNumber(year.label, kind, row.last_number) }
}

/** The payer of a family's invoices: its responsable 1 (the family's first active guardian). */
export interface Payer {
  name: string
  address: string
  postalCode: string
  city: string
  email: string
}

export async function familyPayer(
  trx: Trx,
  familyId: number,
): Promise<{ siteId: number; payer: Payer }> {
  const family = await trx('families')
    .where({ id: familyId })
    .first<{ id: number; site_id: number } | undefined>('id', 'site_id')
  if (!family) throw new DomainError('NOT_FOUND', M.familyNotFound)
  const g = await trx('guardians')
    .where({ family_id: familyId })
    .whereNull('archived_at')
    .orderBy('rank')
    .first<
      | {
          civility: string
          last_name: string
          first_name: string
          address: string
          postal_code: string
          city: string
          email: string
        }
      | undefined
    >('civility', 'last_name', 'first_name', 'address', 'postal_code', 'city', 'email')
  const payer: Payer = g
    ? {
        name: [g.civility, g.last_name, g.first_name].filter(Boolean).join(' '),
        address: g.address,
        postalCode: g.postal_code,
        city: g.city,
        email: g.email,
      }
    : { name: '', address: '', postalCode: '', city: '', email: '' }
  return { siteId: family.site_id, payer }
}
