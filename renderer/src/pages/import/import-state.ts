// The state of one import, shared by the page and its steps: the file, what the server read of
// it, the mapping chosen, the dry run, the import's progress and result.
import { inject, provide, reactive, type InjectionKey } from 'vue'
import type {
  ImportCheckView,
  ImportFileInfo,
  ImportInput,
  ImportResultView,
} from '../../../../extranet/api/types.ts'
import { api } from '../../api.ts'

export type Step = 'file' | 'mapping' | 'check' | 'import'

export const STEPS: { step: Step; label: string }[] = [
  { step: 'file', label: 'Fichier' },
  { step: 'mapping', label: 'Correspondance des colonnes' },
  { step: 'check', label: 'Vérification' },
  { step: 'import', label: 'Import' },
]

/** The file's content as base64, as the API takes it. */
export function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''))
    reader.onerror = () => reject(new Error('Le fichier n’a pas pu être lu.'))
    reader.readAsDataURL(file)
  })
}

export function createImportState() {
  const state = reactive({
    step: 'file' as Step,
    fileName: '',
    content: '',
    info: null as ImportFileInfo | null,
    mapping: [] as (string | null)[],
    siteId: null as number | null,
    check: null as ImportCheckView | null,
    progress: null as { done: number; total: number } | null,
    result: null as ImportResultView | null,

    input(): ImportInput {
      const { fileName, content, mapping, siteId } = state
      return { fileName, content, mapping, siteId }
    },
    async analyse(file: File): Promise<void> {
      state.info = null
      state.check = null
      state.result = null
      state.fileName = file.name
      state.content = await readAsBase64(file)
      state.info = await api.analyseImport({ fileName: file.name, content: state.content })
      state.mapping = [...state.info.mapping]
    },
    async runCheck(): Promise<void> {
      state.check = await api.checkImport(state.input())
    },
    async runImport(): Promise<void> {
      state.progress = { done: 0, total: state.check?.summary.families ?? 0 }
      await api.importFamilies(state.input(), (line) => {
        if ('progress' in line) state.progress = line.progress
        if ('result' in line) state.result = line.result
      })
    },
  })
  return state
}

export type ImportState = ReturnType<typeof createImportState>

const KEY: InjectionKey<ImportState> = Symbol('import')

/** The page makes the import's state; its steps share it. */
export function provideImportState(): ImportState {
  const state = createImportState()
  provide(KEY, state)
  return state
}

export function useImportState(): ImportState {
  const state = inject(KEY)
  if (!state) throw new Error('useImportState outside the import page')
  return state
}
