import { createAppVuetify } from '../../../ui/vuetify.ts'

/** Vuetify for the family app: the portal's theme, comfortable fields for phones. */
export const vuetify = createAppVuetify({ name: 'portail', density: 'comfortable' })
