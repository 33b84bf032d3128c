// A family's SEPA mandates: added by staff from the signed form (holder, IBAN, BIC, date of
// signature) under the next RUM of the family, revoked when the family stops direct debit. A
// family has one mandate in force at most; a revoked one stays, with its RUM, for the record.
import { isoNow } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import { DomainError } from '../../errors.ts'
import { BILLING_MESSAGES } from '../../rules/billing.ts'
import { parisDay, parseDay } from '../../rules/pedagogy.ts'
import {
  bicError,
  bicOf,
  ibanError,
  ibanOf,
  mandateReference,
  maskedIban,
  SEPA_MESSAGES as M,
} from '../../rules/sepa.ts'
import type { MandateInput, MandateView } from '../../rules/sepa-views.ts'
import { auditBilling, type BillingActor } from './common.ts'

interface MandateRow {
  id: number
  family_id: number
  rum: string
  holder_name: string
  iban: string
  bic: string
  signed_on: string
  first_batch_id: number | null
  revoked_at: string | null
  created_at: string
}

const COLUMNS = [
  'id',
  'family_id',
  'rum',
  'holder_name',
  'iban',
  'bic',
  'signed_on',
  'first_batch_id',
  'revoked_at',
  'created_at',
] as const

function present(row: MandateRow): MandateView {
  return {
    id: row.id,
    familyId: row.family_id,
    rum: row.rum,
    holderName: row.holder_name,
    ibanMasked: maskedIban(row.iban),
    bic: row.bic,
    signedOn: row.signed_on,
    nextSequence: row.first_batch_id === null ? 'FRST' : 'RCUR',
    revokedAt: row.revoked_at,
    createdAt: row.created_at,
  }
}

/** The family's mandates, the one in force first, then the revoked ones, newest first. */
export async function familyMandates(trx: Trx, familyId: number): Promise<MandateView[]> {
  const family = await trx('families')
    .where({ id: familyId })
    .first<{ id: number } | undefined>('id')
  if (!family) throw new DomainError('NOT_FOUND', BILLING_MESSAGES.familyNotFound)
  const rows = await trx('sepa_mandates')
    .where({ family_id: familyId })
    .orderByRaw('revoked_at IS NOT NULL, number DESC')
    .select<MandateRow[]>(COLUMNS)
  return rows.map(present)
}

function checkMandate(input: MandateInput, today: string): Record<string, string> {
  const errors: Record<string, string> = {}
  const holder = input.holderName.trim()
  if (!holder) errors['holderName'] = M.holderRequired
  else if (holder.length > 70) errors['holderName'] = M.holderTooLong
  const iban = ibanError(input.iban)
  if (iban) errors['iban'] = iban
  const bic = bicError(input.bic)
  if (bic) errors['bic'] = bic
  const signedOn = parseDay(input.signedOn)
  if (!signedOn) errors['signedOn'] = M.badSignedOn
  else if (signedOn > today) errors['signedOn'] = M.futureSignedOn
  return errors
}

/** Adds a mandate to a family, under its next RUM (PORTEE-<family>-<n>). */
export async function addMandate(
  trx: Trx,
  familyId: number,
  input: MandateInput,
  actor: BillingActor,
): Promise<MandateView> {
  const errors = checkMandate(input, parisDay(actor.clock.now()))
  const [first] = Object.values(errors)
  if (first) throw new DomainError('VALIDATION', first, errors)
  const family = await trx('families')
    .where({ id: familyId })
    .first<{ id: number } | undefined>('id')
  if (!family) throw new DomainError('NOT_FOUND', BILLING_MESSAGES.familyNotFound)
  const active = await trx('sepa_mandates')
    .where({ family_id: familyId })
    .whereNull('revoked_at')
    .first<{ id: number } | undefined>('id')
  if (active) throw new DomainError('CONFLICT', M.activeMandate)
  const last = await trx('sepa_mandates')
    .where({ family_id: familyId })
    .max<{ n: number | null }>({ n: 'number' })
    .first()
  const number = (last?.n ?? 0) + 1
  const now = isoNow(actor.clock)
  const rum = mandateReference(familyId, number)
  const [id] = await trx('sepa_mandates').insert({
    family_id: familyId,
    number,
    rum,
    holder_name: input.holderName.trim(),
    iban: ibanOf(input.iban),
    bic: bicOf(input.bic),
    signed_on: parseDay(input.signedOn),
    created_at: now,
    created_by_staff_user_id: actor.staffUserId ?? null,
    updated_at: now,
  })
  const mandateId = Number(id)
  await auditBilling(
    trx,
    actor,
    'sepa.mandate.add',
    { type: 'sepa_mandate', id: mandateId, familyId },
    { rum, iban: maskedIban(input.iban), signedOn: parseDay(input.signedOn) },
  )
  return present(await mandateRow(trx, mandateId))
}

async function mandateRow(trx: Trx, mandateId: number): Promise<MandateRow> {
  const row = await trx('sepa_mandates')
    .where({ id: mandateId })
    .first<MandateRow | undefined>(COLUMNS)
  if (!row) throw new DomainError('NOT_FOUND', M.mandateNotFound)
  return row
}

/** Revokes a mandate: no debit is collected on it any more (exports already made stay). */
export async function revokeMandate(
  trx: Trx,
  mandateId: number,
  actor: BillingActor,
): Promise<MandateView> {
  const row = await mandateRow(trx, mandateId)
  if (row.revoked_at) throw new DomainError('CONFLICT', M.alreadyRevoked)
  const now = isoNow(actor.clock)
  await trx('sepa_mandates')
    .where({ id: mandateId })
    .update({
      revoked_at: now,
      revoked_by_staff_user_id: actor.staffUserId ?? null,
      updated_at: now,
    })
  await auditBilling(
    trx,
    actor,
    'sepa.mandate.revoke',
    { type: 'sepa_mandate', id: mandateId, familyId: row.family_id },
    { rum: row.rum },
  )
  return present({ ...row, revoked_at: now })
}
