import { inject, provide, type InjectionKey, type Ref } from 'vue'
import type { FieldDef } from '../../../../db/rules/record-fields.ts'
import type { FamilyRecord, RecordValue } from '../../../../extranet/api/types.ts'
import type { Submit } from '../../../../ui/useSubmit.ts'
import { fullName, ofName, valuesOf, type Editing } from '../../fields.ts'

/** Staff edit a record directly (no sas): its values in the dialog, saved by `update`. */
export function editRecord(
  title: string,
  fields: readonly FieldDef[],
  record: { id: number; lastName: string; firstName: string },
  update: (id: number, changes: Record<string, RecordValue>) => Promise<unknown>,
): Editing {
  return {
    title,
    fields,
    values: valuesOf(fields, record),
    save: async (changes) => {
      await update(record.id, changes)
      return recordSaved(record, changes)
    },
  }
}

/** What staff see once a record is saved: the person's name as saved (`changes` may rename them). */
export function recordSaved(
  person: { lastName: string; firstName: string },
  changes: Record<string, RecordValue> = {},
): string {
  const named = (key: 'lastName' | 'firstName') => {
    const value = changes[key]
    return typeof value === 'string' ? value.trim() : person[key]
  }
  return `La fiche ${ofName(fullName({ lastName: named('lastName'), firstName: named('firstName') }))} est enregistrée.`
}

/** A question before an action that cannot be undone from here. */
export interface Question {
  title: string
  confirm: string
  text: string
  then: () => Promise<unknown>
}

/** What can be archived from the family's page. */
export interface ArchiveTarget {
  kind: 'family' | 'pupil' | 'guardian'
  id: number
  name: string
}

/** What the family's layout shares with its tabs. */
export interface FamilyContext {
  family: Ref<FamilyRecord | null>
  /** The page's alerts: the error or the result of the last action. */
  status: Submit
  reload(): Promise<void>
  /** Runs an action on the family, shows its message, then loads the family again. */
  act(action: () => Promise<string>): Promise<boolean>
  edit(editing: Editing): void
  archive(target: ArchiveTarget): void
  /** Restores an archived family, guardian or pupil; resolves to whether it worked. */
  restore(target: ArchiveTarget): Promise<boolean>
  ask(question: Question): void
}

const KEY: InjectionKey<FamilyContext> = Symbol('family')

export function provideFamily(context: FamilyContext): void {
  provide(KEY, context)
}

export function useFamily(): FamilyContext {
  const context = inject(KEY)
  if (!context) throw new Error('A tab of the family is shown outside its layout.')
  return context
}
