// A dialog opened through its v-model (no activator) gives the focus back, once closed, to what had
// it when it opened: the button that opened it (WCAG 2.4.3). Vuetify does it only for an activator;
// without this the focus fell to <body> and the next Tab started again at the top of the page.
// `afterLeave` goes on the dialog's @after-leave: its content is gone by then.
import { watch, type Ref } from 'vue'

export function useFocusReturn(open: Readonly<Ref<boolean>>): { afterLeave: () => void } {
  let opener: HTMLElement | null = null
  watch(
    open,
    (isOpen) => {
      if (!isOpen) return
      const active = document.activeElement
      opener = active instanceof HTMLElement && active !== document.body ? active : null
    },
    { flush: 'sync', immediate: true },
  )
  return {
    afterLeave() {
      const back = opener
      opener = null
      // Unless the focus went somewhere on purpose meanwhile (a field the closing action showed).
      const lost = document.activeElement === null || document.activeElement === document.body
      if (back?.isConnected && lost) back.focus({ preventScroll: true })
    },
  }
}
