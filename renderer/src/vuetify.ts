import { createVuetify } from 'vuetify'
import { aliases, mdi } from 'vuetify/iconsets/mdi-svg'
import { fr } from 'vuetify/locale'
import 'vuetify/styles'

/** Vuetify, configured once for the back office: French, SVG icons, dense desktop defaults. */
export const vuetify = createVuetify({
  locale: { locale: 'fr', fallback: 'fr', messages: { fr } },
  icons: { defaultSet: 'mdi', aliases, sets: { mdi } },
  theme: {
    defaultTheme: 'secretariat',
    themes: {
      secretariat: {
        dark: false,
        // Labels and hints stay above 4.5:1 of contrast (WCAG 2.1 AA): Vuetify's 0.6 does not.
        variables: { 'medium-emphasis-opacity': 0.8 },
        colors: {
          primary: '#1d4f91',
          secondary: '#4a5a70',
          background: '#f5f7fa',
          surface: '#ffffff',
          error: '#b3261e',
          success: '#1e6b34',
          warning: '#8a5300',
        },
      },
    },
  },
  defaults: {
    VTextField: { variant: 'outlined', density: 'compact', color: 'primary' },
    VBtn: { variant: 'flat', class: 'text-none' },
    VDataTableServer: { density: 'compact' },
  },
})
