// What every pedagogy service shares: who acts, the audit entry, the field errors, the choice
// between deleting what nothing refers to and archiving the rest.
import { isoNow, type Clock } from '../../clock.ts'
import type { Knex } from 'knex'
import type { Trx } from '../../connection.ts'
import { DomainError } from '../../errors.ts'
import { PEDAGOGY_MESSAGES as M } from '../../rules/pedagogy.ts'
import { recordAudit } from '../audit.ts'

/** An enrolment not ended before `day` (no end date, or `day` or later): in `.where(…)`. */
export const notEndedBefore = (day: string) => (q: Knex.QueryBuilder) =>
  void q.whereNull('ends_on').orWhere('ends_on', '>=', day)

/** Who changes the pedagogy: the staff member, their address, the clock. */
export interface PedagogyActor {
  staffUserId: number
  clientIp: string
  clock: Clock
}

/** Writes one entry of the audit log; `familyId` puts it in that family's journal too. */
export async function audit(
  trx: Trx,
  actor: PedagogyActor,
  action: string,
  entity: { type: string; id: number; familyId?: number | null },
  details: Record<string, unknown>,
): Promise<void> {
  await recordAudit(trx, {
    clock: actor.clock,
    actorType: 'staff',
    actorId: actor.staffUserId,
    action,
    entityType: entity.type,
    entityId: entity.id,
    familyId: entity.familyId ?? null,
    clientIp: actor.clientIp,
    details,
  })
}

/** VALIDATION with a French message per field (the forms show it under the field). */
export function fieldError(errors: Record<string, string>): DomainError {
  return new DomainError('VALIDATION', M.fix, errors)
}

/** A refusal that names one field: the message is both the answer's and the field's. */
export function refuse(
  code: 'VALIDATION' | 'CONFLICT',
  field: string,
  message: string,
): DomainError {
  return new DomainError(code, message, { [field]: message })
}

export function notFound(message: string): DomainError {
  return new DomainError('NOT_FOUND', message)
}

/** Throws VALIDATION when a check found errors. */
export function throwIfErrors(errors: Record<string, string>): void {
  if (Object.keys(errors).length) throw fieldError(errors)
}

/** A trimmed text with its spaces folded, or '' for anything else. */
export function cleanText(value: unknown): string {
  return typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : ''
}

/** A required text of at most `max` characters, or an error for `field`. */
export function requiredText(
  errors: Record<string, string>,
  field: string,
  value: unknown,
  max: number,
): string {
  const text = cleanText(value)
  if (!text) errors[field] = M.required
  else if (text.length > max) errors[field] = M.tooLong(max)
  return text
}

/** An optional text of at most `max` characters ('' when absent), or an error for `field`. */
export function optionalText(
  errors: Record<string, string>,
  field: string,
  value: unknown,
  max: number,
  multiline = false,
): string {
  const text = multiline ? (typeof value === 'string' ? value.trim() : '') : cleanText(value)
  if (text.length > max) errors[field] = M.tooLong(max)
  return text
}

/** Refuses a name already taken in `table` (accents kept, case ignored). */
export async function refuseTakenName(
  trx: Trx,
  table: string,
  name: string,
  id: number | null,
): Promise<void> {
  const twin = await trx(table)
    .whereRaw('lower(name) = lower(?)', [name])
    .modify((q) => {
      if (id !== null) void q.whereNot('id', id)
    })
    .first('id')
  if (twin) throw refuse('CONFLICT', 'name', M.nameTaken)
}

/**
 * Takes a row out of the lists: deleted when nothing refers to it (`referenced` false), archived
 * otherwise (its history keeps it). Says which.
 */
export async function deleteOrArchive(
  trx: Trx,
  table: string,
  id: number,
  referenced: boolean,
  clock: Clock,
): Promise<'deleted' | 'archived'> {
  if (referenced) {
    const now = isoNow(clock)
    await trx(table).where({ id }).update({ archived_at: now, updated_at: now })
    return 'archived'
  }
  await trx(table).where({ id }).delete()
  return 'deleted'
}

/**
 * Writes the row of a form: inserted when `id` is undefined (`values` with `created`, the columns
 * set once), else the row `id` (within `scope`) updated with `values`, refused with `missing` when
 * there is none. Returns the row's id.
 */
export async function insertOrUpdate(
  trx: Trx,
  table: string,
  row: {
    id: number | undefined
    values: Record<string, unknown>
    created: Record<string, unknown>
    scope?: Record<string, unknown>
    missing: string
  },
): Promise<number> {
  if (row.id === undefined) {
    const [inserted] = await trx(table)
      .insert({ ...row.values, ...row.created })
      .returning<{ id: number }[]>('id')
    if (!inserted) throw new Error(`${table} insert returned no id`)
    return inserted.id
  }
  const updated = await trx(table)
    .where({ ...row.scope, id: row.id })
    .update(row.values)
  if (!updated) throw notFound(row.missing)
  return row.id
}

/** Brings an archived row back into the lists. */
export async function restoreRow(trx: Trx, table: string, id: number, clock: Clock): Promise<void> {
  await trx(table)
    .where({ id })
    .update({ archived_at: null, updated_at: isoNow(clock) })
}

/** The integer id a form sent, or null when it sent none; an error for `field` otherwise. */
export function optionalId(
  errors: Record<string, string>,
  field: string,
  value: unknown,
): number | null {
  if (value === null || value === undefined || value === '') return null
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value
  errors[field] = M.choose
  return null
}

/** The message for an id that names nothing usable: none given, or not one of the list. */
export function missingChoice(value: unknown): string {
  return value === null || value === undefined || value === '' ? M.required : M.choose
}
