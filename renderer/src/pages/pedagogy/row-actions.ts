// What the Pédagogie lists do to a row, with the page's messages: « Supprimer » (after a
// question; the server deletes what nothing refers to and archives the rest, and the message says
// which), « Restaurer », « Exporter en CSV ».
import { ref } from 'vue'
import type { Download } from '../../../../extranet/api/http.ts'
import type { RemovalResult } from '../../../../extranet/api/types.ts'
import type { Submit } from '../../../../ui/useSubmit.ts'
import { saveDownload } from '../../list.ts'

/** A question before an action: its title, its text, its button, what it does. */
export interface Question {
  title: string
  text: string
  confirm: string
  run: () => Promise<void>
}

export function useRowActions(status: Submit, reload: () => Promise<void>) {
  const asking = ref<Question | null>(null)

  /** Asks, then removes; the message says whether the row was deleted or archived. */
  function remove(
    what: { title: string; text: string },
    call: () => Promise<RemovalResult>,
    said: Record<RemovalResult['outcome'], string>,
  ): void {
    asking.value = {
      ...what,
      confirm: 'Supprimer',
      run: async () => {
        await status.run(async () => {
          const { outcome } = await call()
          await reload()
          return said[outcome]
        })
      },
    }
  }

  async function restore(call: () => Promise<unknown>, message: string): Promise<void> {
    await status.run(async () => {
      await call()
      await reload()
      return message
    })
  }

  async function exportCsv(call: (format: 'csv') => Promise<Download>): Promise<void> {
    await status.run(async () => saveDownload(await call('csv')))
  }

  /** The question answered « yes ». */
  async function confirmed(): Promise<void> {
    const question = asking.value
    asking.value = null
    await question?.run()
  }

  return { asking, remove, restore, exportCsv, confirmed }
}

export type RowActions = ReturnType<typeof useRowActions>
