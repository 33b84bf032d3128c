import { reactive } from 'vue'
import { failureOf } from '../extranet/api/http.ts'

/**
 * What a form (or a page) shows around its API calls: busy while the call runs, then the
 * error's French message and its messages by field, or a success message.
 */
export function useSubmit() {
  const state = reactive({
    busy: false,
    error: null as string | null,
    /** The messages by field (the API's `details`, or a check made before sending). */
    errors: {} as Record<string, string>,
    success: null as string | null,

    clear(): void {
      state.error = null
      state.errors = {}
      state.success = null
    },

    /** A check made before sending refused the form: nothing is sent. */
    refuse(message: string | null, fields: Record<string, string> = {}): void {
      state.clear()
      state.error = message
      state.errors = fields
    },

    /**
     * Runs the call; when it resolves to a string, that is the success message to show; true when it
     * succeeded. `onError` sees the error once its message is set (e.g. to reload a page).
     */
    async run(
      call: () => Promise<unknown>,
      onError?: (err: unknown) => void | Promise<void>,
    ): Promise<boolean> {
      state.clear()
      state.busy = true
      try {
        const result = await call()
        state.success = typeof result === 'string' ? result : null
        return true
      } catch (err) {
        const failure = failureOf(err)
        state.error = failure.message
        state.errors = failure.details
        await onError?.(err)
        return false
      } finally {
        state.busy = false
      }
    },
  })
  return state
}

export type Submit = ReturnType<typeof useSubmit>
