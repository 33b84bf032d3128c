import { createAppVuetify } from '../../ui/vuetify.ts'

/** Vuetify for the back office: dense desktop defaults. */
export const vuetify = createAppVuetify({
  name: 'secretariat',
  density: 'compact',
  defaults: { VDataTableServer: { density: 'compact' } },
})
