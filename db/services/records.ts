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
  return valuesOfRow(target.type, row)
}

/** The fields of each type with their columns, named once (every page of a record reads them). */
const FIELD_COLUMNS: Record<TargetType, readonly (FieldDef & { column: string })[]> = {
  guardian: fieldsOf('guardian').map((def) => ({ ...def, column: columnOf(def.key) })),
  pupil: fieldsOf('pupil').map((def) => ({ ...def, column: columnOf(def.key) })),
}

/** The columns of a type's fields, for a SELECT (`guardians.`-prefixed with `table`). */
export function fieldColumns(type: TargetType, table?: string): string {
  return FIELD_COLUMNS[type].map((f) => (table ? `${table}.${f.column}` : f.column)).join(', ')
}

/** A row of `guardians` or `pupils` as the values of its record (see recordValues). */
export function valuesOfRow(
  type: TargetType,
  row: Record<string, unknown>,
): Record<string, FieldValue> {
  const values: Record<string, FieldValue> = {}
  for (const def of FIELD_COLUMNS[type]) {
    const raw = row[def.column]
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

/**
 * Writes values into a record (staff edits, accepted requests), then lets the pupils of the family
 * who use their guardian's address follow it (see followGuardianAddress).
 */
export async function writeValues(
  trx: Trx,
  target: Target,
  values: Record<string, FieldValue>,
  clock: Clock,
): Promise<void> {
  const update = { ...columns(target.type, values), updated_at: isoNow(clock) }
  await trx(TABLE[target.type]).where({ id: target.id }).update(update)
  const row = await trx(TABLE[target.type])
    .where({ id: target.id })
    .first<{ family_id: number } | undefined>('family_id')
  if (row) await followGuardianAddress(trx, row.family_id, clock)
}

const ADDRESS_COLUMNS = ['address', 'postal_code', 'city'] as const
type AddressRow = Record<(typeof ADDRESS_COLUMNS)[number], string>

/**
 * The guardian whose address a pupil uses ("Utiliser les coordonnées du responsable légal"): the
 * pupil's own guardian record when the pupil is a guardian of the family (an adult pupil), else
 * the family's first guardian. Undefined when the family has no guardian left.
 */
export function followedGuardian<G extends { id: number }>(
  guardians: G[],
  pupil: { guardian_id: number | null },
): G | undefined {
  return guardians.find((g) => g.id === pupil.guardian_id) ?? guardians[0]
}

/**
 * The one place where "Utiliser les coordonnées du responsable légal" is kept true: the pupils of
 * the family with the box ticked take their guardian's address, postal code and city. Called in
 * the transaction of every write of a record (a guardian's address changed by staff or accepted
 * from the sas, a pupil's box ticked, a pupil added), so the stored rows, which both apps, the
 * lists and the exports read, are always right.
 */
export async function followGuardianAddress(
  trx: Trx,
  familyId: number,
  clock: Clock,
): Promise<void> {
  const guardians = await trx('guardians')
    .where({ family_id: familyId })
    .whereNull('archived_at')
    .orderBy('rank')
    .select<(AddressRow & { id: number })[]>('id', ...ADDRESS_COLUMNS)
  const pupils = await trx('pupils')
    .where({ family_id: familyId, use_guardian_address: true })
    .whereNull('archived_at')
    .select<(AddressRow & { id: number; guardian_id: number | null })[]>(
      'id',
      'guardian_id',
      ...ADDRESS_COLUMNS,
    )
  for (const pupil of pupils) {
    const guardian = followedGuardian(guardians, pupil)
    if (!guardian || ADDRESS_COLUMNS.every((c) => pupil[c] === guardian[c])) continue
    const address = Object.fromEntries(ADDRESS_COLUMNS.map((c) => [c, guardian[c]]))
    await trx('pupils')
      .where({ id: pupil.id })
      .update({ ...address, updated_at: isoNow(clock) })
  }
}
