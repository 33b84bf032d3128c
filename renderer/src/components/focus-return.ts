// A dialog opened through its v-model (no activator) gives the focus back, once closed, to what had
// it when it opened: the button that opened it (WCAG 2.4.3). Vuetify does it only for an activator;
// without this the focus fell to <body> and the next Tab started again at the top of the page.
// Tried as soon as the dialog closes, and again at the end of its closing transition
// (`afterLeave`, on the dialog's @after-leave), whichever finds the focus lost or still in it.
// A dialog shown with v-if and closed by taking it out of the page (its model never false: the
// review's document viewer, the dialogs of a pupil's Cours, Historique and Répertoire tabs) is
// closed when it is unmounted: tried then too.
import { nextTick, onUnmounted, watch, type Ref } from 'vue'

export function useFocusReturn(open: Readonly<Ref<boolean>>): { afterLeave: () => void } {
  let opener: HTMLElement | null = null
  /** The focus is nowhere, or in a dialog the opener is not in (the one closing). */
  const lost = (back: HTMLElement) => {
    const active = document.activeElement
    if (active === null || active === document.body) return true
    const dialog = active.closest('[role="dialog"]')
    return dialog !== null && !dialog.contains(back)
  }
  const restore = () => {
    const back = opener
    if (back?.isConnected && lost(back)) back.focus({ preventScroll: true })
  }
  watch(
    open,
    async (isOpen) => {
      if (isOpen) {
        const active = document.activeElement
        opener = active instanceof HTMLElement && active !== document.body ? active : null
        return
      }
      await nextTick()
      restore()
    },
    { flush: 'sync', immediate: true },
  )
  onUnmounted(restore)
  return {
    afterLeave() {
      restore()
      opener = null
    },
  }
}
