import { GUARDIAN_FIELDS, PUPIL_FIELDS, type FieldDef } from '../../db/rules/record-fields.ts'

export function fieldsOfTarget(type: 'guardian' | 'pupil'): readonly FieldDef[] {
  return type === 'guardian' ? GUARDIAN_FIELDS : PUPIL_FIELDS
}
