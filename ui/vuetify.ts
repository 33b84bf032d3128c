import { createVuetify, type ThemeDefinition } from 'vuetify'
import { aliases, mdi } from 'vuetify/iconsets/mdi-svg'
import { fr } from 'vuetify/locale'
import 'vuetify/styles'

/** The colours both apps share; each app names its theme and may change some. */
export const PORTEE_COLOURS: NonNullable<ThemeDefinition['colors']> = {
  primary: '#1d4f91',
  secondary: '#4a5a70',
  background: '#f5f7fa',
  surface: '#ffffff',
  error: '#b3261e',
  info: '#1d4f91',
  success: '#1e6b34',
  warning: '#8a5300',
}

/**
 * The high-contrast theme (the family's "Contrastes renforcés"): darker colours, text and
 * outlines at full opacity, each colour at least 7:1 against white (WCAG AAA).
 */
export const HIGH_CONTRAST_COLOURS: NonNullable<ThemeDefinition['colors']> = {
  primary: '#0b2a55',
  secondary: '#222b36',
  background: '#ffffff',
  surface: '#ffffff',
  'on-surface': '#000000',
  'on-background': '#000000',
  error: '#8c1d18',
  info: '#0b2a55',
  success: '#0f4420',
  warning: '#5c3700',
}

/** The name of an app's high-contrast theme. */
export const highContrastTheme = (name: string) => `${name}-contraste`

export interface AppTheme {
  name: string
  colours?: ThemeDefinition['colors']
  /** Fields: comfortable on the family's phones, compact on the secretariat's desktops. */
  density: 'comfortable' | 'compact'
  /** More global defaults of the app (e.g. the density of the data tables). */
  defaults?: Record<string, Record<string, unknown>>
}

/** Vuetify, configured once for both apps: French, SVG icons, the app's theme and defaults. */
export function createAppVuetify(theme: AppTheme) {
  const field = { variant: 'outlined', density: theme.density, color: 'primary' }
  return createVuetify({
    locale: { locale: 'fr', fallback: 'fr', messages: { fr } },
    icons: { defaultSet: 'mdi', aliases, sets: { mdi } },
    theme: {
      defaultTheme: theme.name,
      themes: {
        [theme.name]: {
          dark: false,
          // Labels and hints stay above 4.5:1 of contrast (WCAG 2.1 AA): Vuetify's 0.6 does not.
          variables: { 'medium-emphasis-opacity': 0.8 },
          colors: { ...PORTEE_COLOURS, ...theme.colours },
        },
        [highContrastTheme(theme.name)]: {
          dark: false,
          variables: {
            'medium-emphasis-opacity': 1,
            'high-emphasis-opacity': 1,
            'disabled-opacity': 0.75,
            'border-color': '#000000',
            'border-opacity': 1,
          },
          colors: HIGH_CONTRAST_COLOURS,
        },
      },
    },
    defaults: {
      VTextField: field,
      VSelect: field,
      VBtn: { variant: 'flat', class: 'text-none' },
      ...theme.defaults,
    },
  })
}
