import type { FieldDef } from '../../db/rules/record-fields.ts'
import type { RecordValue } from '../../extranet/api/types.ts'

/** « de Léa DUPONT », « d’ABOLANT Adrien » (db/rules/text.ts). */
export { ofName } from '../../db/rules/text.ts'

/** The values of a record's fields, as the record form shows them. */
export function valuesOf(fields: readonly FieldDef[], record: object): Record<string, RecordValue> {
  const values = record as Record<string, RecordValue | undefined>
  return Object.fromEntries(fields.map((f) => [f.key, values[f.key] ?? '']))
}

/** A record to create or edit in the dialog; `save` may resolve to the message to show. */
export interface Editing {
  title: string
  fields: readonly FieldDef[]
  values: Record<string, RecordValue>
  /** A record to create: every field checked at once (RecordForm). */
  creating?: boolean
  save: (changes: Record<string, RecordValue>) => Promise<unknown>
}

/** The columns of a data table, none sortable (the server decides the order). */
export function columns<Key extends string>(titles: Record<Key, string>) {
  return (Object.entries(titles) as [Key, string][]).map(([key, title]) => ({
    key,
    title,
    sortable: false,
  }))
}

/** "DUPONT Léa". */
export function fullName(person: { lastName: string; firstName: string }): string {
  return `${person.lastName} ${person.firstName}`
}
