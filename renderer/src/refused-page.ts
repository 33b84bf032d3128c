import { shallowRef } from 'vue'

/**
 * Why the page shown is not the one asked (an address typed by hand, an old bookmark, a page of
 * another role): set by the router's guard, shown by the layout until the next navigation.
 */
export const refusedPage = shallowRef<string | null>(null)
