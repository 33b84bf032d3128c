import { inject, provide, type InjectionKey, type Ref } from 'vue'
import type { FieldDef } from '../../../../db/rules/record-fields.ts'
import type { FamilyRecord, RecordValue } from '../../../../extranet/api/types.ts'
import type { Submit } from '../../../../ui/useSubmit.ts'

/** A record to create or edit in the dialog; `save` resolves to the message to show. */
export interface Editing {
  title: string
  fields: readonly FieldDef[]
  values: Record<string, RecordValue>
  save: (changes: Record<string, RecordValue>) => Promise<string>
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
