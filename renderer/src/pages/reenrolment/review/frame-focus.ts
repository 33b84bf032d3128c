// The focus around the PDF's frame of the document viewer (a dialog), by keyboard. Vuetify's trap
// leaves frames out of the dialog's Tab cycle and hears no key pressed inside one; and Chromium's
// PDF viewer takes the focus once the PDF has loaded, a key pressed in it being its own.
// - The frame has tabindex 0, so the trap counts it as the dialog's first stop: Shift+Tab from the
//   download link goes into it instead of round to « Fermer »;
// - Tab from the last control (« Fermer ») goes on from the dialog's start, so into the frame (as
//   the browser enters it: at its first stop), not past it to the download link;
// - Shift+Tab from the frame went to the page under the dialog: the focus that lands outside the
//   open viewer goes back to its last control;
// - Escape no longer closed the dialog just opened, the PDF having taken the focus: taken so, before
//   any key pressed or click in the page, the focus goes back to the dialog's start.
// Once the user is in the PDF, Escape is still the browser's viewer's own: Tab or Shift+Tab lead
// out of it to the download link or to « Fermer ».
import { onBeforeUnmount, watch, type Ref } from 'vue'

export function useFrameFocus(
  open: Readonly<Ref<boolean>>,
  frame: Readonly<Ref<HTMLIFrameElement | null>>,
): void {
  let touched = false

  /** The dialog, its start (the element Vuetify focuses when it opens), its last control. */
  function around() {
    const dialog = frame.value?.closest('[role="dialog"]')
    const controls = dialog?.querySelectorAll<HTMLElement>('a[href], button')
    return {
      dialog,
      start: frame.value?.parentElement?.closest<HTMLElement>('[tabindex="-1"]'),
      last: controls?.[controls.length - 1],
    }
  }
  function onPointer(): void {
    touched = true
  }
  function onKey(event: KeyboardEvent): void {
    touched = true
    const { start, last } = around()
    // Before Vuetify's trap, which then leaves the Tab to the browser.
    if (event.key === 'Tab' && !event.shiftKey && last && document.activeElement === last)
      start?.focus({ preventScroll: true })
  }
  function keepInside(event: FocusEvent): void {
    const { dialog, last } = around()
    if (dialog && event.target instanceof Node && !dialog.contains(event.target)) last?.focus()
  }
  function taken(): void {
    // The window loses the focus first; the frame is the active element just after.
    setTimeout(() => {
      if (touched || !frame.value || document.activeElement !== frame.value) return
      touched = true
      around().start?.focus({ preventScroll: true })
    })
  }
  function listen(on: boolean): void {
    if (on) {
      document.addEventListener('keydown', onKey, true)
      document.addEventListener('pointerdown', onPointer, true)
      document.addEventListener('focusin', keepInside)
      window.addEventListener('blur', taken)
    } else {
      document.removeEventListener('keydown', onKey, true)
      document.removeEventListener('pointerdown', onPointer, true)
      document.removeEventListener('focusin', keepInside)
      window.removeEventListener('blur', taken)
    }
  }
  watch(
    open,
    (isOpen) => {
      touched = false
      listen(isOpen)
    },
    { immediate: true, flush: 'sync' },
  )
  onBeforeUnmount(() => listen(false))
}
