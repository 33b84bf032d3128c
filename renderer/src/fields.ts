import { GUARDIAN_FIELDS, PUPIL_FIELDS, type FieldDef } from '../../db/rules/record-fields.ts'
import type { RecordValue } from '../../extranet/api/types.ts'

export function fieldsOfTarget(type: 'guardian' | 'pupil'): readonly FieldDef[] {
  return type === 'guardian' ? GUARDIAN_FIELDS : PUPIL_FIELDS
}

/** The values of a record's fields, as the record form shows them. */
export function valuesOf(fields: readonly FieldDef[], record: object): Record<string, RecordValue> {
  const values = record as Record<string, RecordValue | undefined>
  return Object.fromEntries(fields.map((f) => [f.key, values[f.key] ?? '']))
}

/** "DUPONT Léa". */
export function fullName(person: { lastName: string; firstName: string }): string {
  return `${person.lastName} ${person.firstName}`
}
