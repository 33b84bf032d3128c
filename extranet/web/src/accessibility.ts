import { reactive, watch } from 'vue'
import type { ThemeInstance } from 'vuetify'
import { highContrastTheme } from '../../../ui/vuetify.ts'

/**
 * The accessibility mode of the seeds ("Il est possible d'activer le mode Accessibilité dès la
 * fenêtre de connexion"): four settings, each applied at once to the whole portal (a class on
 * the root element, the high-contrast theme) and remembered on this device only.
 */
export interface AccessibilitySettings {
  largeText: boolean
  highContrast: boolean
  underlinedLinks: boolean
  noMotion: boolean
}

export const ACCESSIBILITY_SWITCHES: readonly {
  key: keyof AccessibilitySettings
  label: string
  hint: string
}[] = [
  {
    key: 'largeText',
    label: 'Texte agrandi',
    hint: 'Tous les textes et les champs du portail sont affichés un quart plus grands.',
  },
  {
    key: 'highContrast',
    label: 'Contrastes renforcés',
    hint: 'Textes en noir, couleurs plus foncées, contours des champs et du focus plus marqués.',
  },
  {
    key: 'underlinedLinks',
    label: 'Liens soulignés',
    hint: 'Tous les liens, menus et onglets compris, sont soulignés.',
  },
  {
    key: 'noMotion',
    label: 'Sans animations',
    hint: 'Aucune transition ni animation (aussi quand votre appareil demande moins d’animations).',
  },
]

const STORAGE_KEY = 'portee.accessibilite'

const CLASSES: Record<keyof AccessibilitySettings, string> = {
  largeText: 'a11y-large-text',
  highContrast: 'a11y-contrast',
  underlinedLinks: 'a11y-underlined-links',
  noMotion: 'a11y-no-motion',
}

/** What this device remembers; every setting off when nothing (or something unreadable) is. */
function load(): AccessibilitySettings {
  const settings = {
    largeText: false,
    highContrast: false,
    underlinedLinks: false,
    noMotion: false,
  }
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}')
    if (stored && typeof stored === 'object') {
      for (const key of Object.keys(settings) as (keyof AccessibilitySettings)[]) {
        settings[key] = (stored as Record<string, unknown>)[key] === true
      }
    }
  } catch {
    // Storage refused (private browsing) or damaged: the mode starts off.
  }
  return settings
}

function save(settings: AccessibilitySettings): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(settings))
  } catch {
    // Storage refused: the mode still applies until the page is closed.
  }
}

/** The settings of this device; a change applies at once and is remembered. */
export const accessibility = reactive<AccessibilitySettings>(load())

/** Applies the settings now and whenever they change: classes on <html>, the app's theme. */
export function applyAccessibility(theme: ThemeInstance, themeName: string): void {
  watch(
    accessibility,
    (settings) => {
      const root = document.documentElement
      for (const key of Object.keys(CLASSES) as (keyof AccessibilitySettings)[]) {
        root.classList.toggle(CLASSES[key], settings[key])
      }
      theme.change(settings.highContrast ? highContrastTheme(themeName) : themeName)
      save({ ...settings })
    },
    { immediate: true, deep: true },
  )
}
