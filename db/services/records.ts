import { isoNow, type Clock } from '../clock.ts'
import type { Trx } from '../connection.ts'
import { DomainError } from '../errors.ts'
import {
  checkField,
  RECORD_FIELDS,
  type FieldDef,
  type FieldValue,
  type RecordType,
} from '../rules/record-fields.ts'

export type TargetType = RecordType

export interface Target {
  type: TargetType
  id: number
}

export function fieldsOf(type: TargetType): readonly FieldDef[] {
  return RECORD_FIELDS[type]
}

export function fieldDef(type: TargetType, key: string): FieldDef | undefined {
  return fieldsOf(type).find((f) => f.key === key)
}

/** lastName → last_name */
export function columnOf(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
}

export const TABLE: Record<TargetType, string> = { guardian: 'guardians', pupil: 'pupils' }

/** Checked values as the columns of their table (an empty date is stored as null). */
export function columns(
  type: TargetType,
  values: Record<string, FieldValue>,
): Record<string, unknown> {
  const row: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(values)) {
    const def = fieldDef(type, key)
    if (def) row[columnOf(key)] = def.kind === 'date' && value === '' ? null : value
  }
  return row
}

/** The record's values, keyed as the fields are (booleans as booleans, no null). */
export async function recordValues(trx: Trx, target: Target): Promise<Record<string, FieldValue>> {
  const row = await trx(TABLE[target.type])
    .where({ id: target.id })
    .first<Record<string, unknown> | undefined>()
  if (!row) throw new DomainError('NOT_FOUND', 'Cette fiche est introuvable.')
  const values: Record<string, FieldValue> = {}
  for (const def of fieldsOf(target.type)) {
    const raw = row[columnOf(def.key)]
    values[def.key] =
      def.kind === 'boolean' ? Boolean(raw) : raw === null || raw === undefined ? '' : String(raw)
  }
  return values
}

/**
 * The family a record belongs to, or NOT_FOUND: an archived record, or a record of an archived
 * family, is not found either.
 */
export async function familyOfTarget(trx: Trx, target: Target): Promise<number> {
  const table = TABLE[target.type]
  const row = await trx(table)
    .join('families', 'families.id', `${table}.family_id`)
    .where(`${table}.id`, target.id)
    .whereNull(`${table}.archived_at`)
    .whereNull('families.archived_at')
    .first<{ family_id: number } | undefined>(`${table}.family_id`)
  if (!row) throw new DomainError('NOT_FOUND', 'Cette fiche est introuvable.')
  return row.family_id
}

/**
 * Checks submitted values against the record's fields: an unknown key is refused (no
 * mass-assignment of ids, sites or statuses), each value is checked and put in its stored form.
 */
export function checkValues(
  type: TargetType,
  input: Record<string, unknown>,
): Record<string, FieldValue> {
  const errors: Record<string, string> = {}
  const values: Record<string, FieldValue> = {}
  for (const [key, raw] of Object.entries(input)) {
    const def = fieldDef(type, key)
    if (!def) {
      errors[key] = 'Ce champ ne peut pas être modifié.'
      continue
    }
    const checked = checkField(def, raw)
    if (checked.ok) values[key] = checked.value
    else errors[key] = checked.error
  }
  if (Object.keys(errors).length) {
    throw new DomainError('VALIDATION', 'Certains champs sont à corriger.', errors)
  }
  return values
}

/** Writes values into a record (staff edits, accepted requests). */
export async function writeValues(
  trx: Trx,
  target: Target,
  values: Record<string, FieldValue>,
  clock: Clock,
): Promise<void> {
  const update = { ...columns(target.type, values), updated_at: isoNow(clock) }
  await trx(TABLE[target.type]).where({ id: target.id }).update(update)
}
