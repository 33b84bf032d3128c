import { createAppVuetify } from '../../../ui/vuetify.ts'

/** The portal's theme; its high-contrast twin is the accessibility mode's. */
export const PORTAL_THEME = 'portail'

/** Vuetify for the family app: the portal's theme, comfortable fields for phones. */
export const vuetify = createAppVuetify({ name: PORTAL_THEME, density: 'comfortable' })
