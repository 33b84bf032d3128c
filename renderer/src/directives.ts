import type { Directive } from 'vue'

/** Names the <table> inside Vuetify's wrapper, so that assistive technology announces it. */
export const tableName: Directive<HTMLElement, string> = {
  mounted: (el, binding) => el.querySelector('table')?.setAttribute('aria-label', binding.value),
}
