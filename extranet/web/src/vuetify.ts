import { createVuetify } from 'vuetify'
import { aliases, mdi } from 'vuetify/iconsets/mdi-svg'
import { fr } from 'vuetify/locale'
import 'vuetify/styles'

/** Vuetify, configured once for the family app: French, SVG icons, the portal's colours. */
export const vuetify = createVuetify({
  locale: { locale: 'fr', fallback: 'fr', messages: { fr } },
  icons: { defaultSet: 'mdi', aliases, sets: { mdi } },
  theme: {
    defaultTheme: 'portail',
    themes: {
      portail: {
        dark: false,
        // Labels and hints stay above 4.5:1 of contrast (WCAG 2.1 AA): Vuetify's 0.6 does not.
        variables: { 'medium-emphasis-opacity': 0.8 },
        colors: {
          primary: '#1d4f91',
          secondary: '#4a5a70',
          background: '#f5f7fa',
          surface: '#ffffff',
          error: '#b3261e',
          info: '#1d4f91',
          success: '#1e6b34',
          warning: '#8a5300',
        },
      },
    },
  },
  defaults: {
    VTextField: { variant: 'outlined', density: 'comfortable', color: 'primary' },
    VSelect: { variant: 'outlined', density: 'comfortable', color: 'primary' },
    VBtn: { variant: 'flat', class: 'text-none' },
  },
})
