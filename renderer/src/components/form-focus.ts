// A form that opens in the page, in place of the button that opens it (« Ajouter une évaluation »)
// or under the line it corrects (« Modifier »). Opened by the keyboard, the focus stayed on a
// button that had left the page, so on <body>, and the next Tab started again at the top of the
// page (WCAG 2.4.3). Opened, the focus goes to the form's first field; closed, back to the button
// that opened it, or, when that one is gone, to the « Ajouter » button, back in its place. Once
// saved, the success message takes it from there (SubmitAlerts), as after any form.
import { nextTick, ref, watch, type Ref } from 'vue'

/**
 * The template refs it returns: `section`, on the element the form is shown in; `add`, on the
 * « Ajouter » button (the focus goes back to it once the form is gone with its opener).
 */
export function useFormFocus(
  /** What the form edits: null while it is closed; another value opens it afresh. */
  editing: () => unknown,
): { section: Ref<HTMLElement | null>; add: Ref<{ $el: HTMLElement } | null> } {
  const section = ref<HTMLElement | null>(null)
  const add = ref<{ $el: HTMLElement } | null>(null)
  let opener: HTMLElement | null = null
  watch(
    editing,
    async (value) => {
      if (value !== null) {
        const active = document.activeElement
        opener = active instanceof HTMLElement && active !== document.body ? active : null
        await nextTick()
        section.value
          ?.querySelector('form')
          ?.querySelector<HTMLElement>('input, select, textarea')
          ?.focus()
        return
      }
      await nextTick()
      // Only when the focus was lost with the form: not taken from where the user has put it.
      if (document.activeElement !== null && document.activeElement !== document.body) return
      const back = opener?.isConnected ? opener : add.value?.$el
      opener = null
      back?.focus()
    },
    // Before the page changes (the opener is still there, the focus on it); nextTick, after.
    { flush: 'pre' },
  )
  return { section, add }
}
