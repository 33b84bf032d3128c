// The conservatoire's identity and its sites: their fields, their checks, with French messages.
// Shared by the server (which decides) and the back office (which says what to fix before sending).
import { checkField, type FieldCheck, type FieldDef, type FieldKind } from './record-fields.ts'

/** The identity of the conservatoire, as the settings keep it. */
export interface ConservatoireIdentity {
  name: string
  address: string
  postalCode: string
  city: string
  phone: string
  email: string
  website: string
  siret: string
  controllerName: string
  controllerEmail: string
  dpoName: string
  dpoEmail: string
  homeText: string
}

export type IdentityKey = keyof ConservatoireIdentity

/** A field of the identity: the record kinds, and three of its own. */
export interface IdentityField {
  key: IdentityKey
  label: string
  kind: FieldKind | 'siret' | 'url' | 'multiline'
  required?: boolean
  max?: number
  hint?: string
}

export const HOME_TEXT_MAX = 5000

export const IDENTITY_FIELDS: readonly IdentityField[] = [
  { key: 'name', label: 'Nom du conservatoire', kind: 'text', required: true, max: 200 },
  { key: 'address', label: 'Adresse', kind: 'text', required: true, max: 200 },
  { key: 'postalCode', label: 'Code postal', kind: 'postalCode', required: true },
  { key: 'city', label: 'Ville', kind: 'text', required: true, max: 100 },
  { key: 'phone', label: 'Téléphone', kind: 'phone' },
  { key: 'email', label: 'E-mail', kind: 'email' },
  {
    key: 'website',
    label: 'Site internet',
    kind: 'url',
    hint: 'Exemple : https://www.conservatoire.fr',
  },
  { key: 'siret', label: 'SIRET', kind: 'siret', hint: '14 chiffres' },
  { key: 'controllerName', label: 'Responsable du traitement', kind: 'text', max: 200 },
  { key: 'controllerEmail', label: 'E-mail du responsable du traitement', kind: 'email' },
  { key: 'dpoName', label: 'Délégué à la protection des données', kind: 'text', max: 200 },
  { key: 'dpoEmail', label: 'E-mail du délégué à la protection des données', kind: 'email' },
  {
    key: 'homeText',
    label: 'Texte de l’accueil des familles',
    kind: 'multiline',
    max: HOME_TEXT_MAX,
    hint: 'Une ligne qui commence par « - » est un élément de liste.',
  },
]

/** True for a SIRET of 14 digits whose Luhn key is right (spaces already removed). */
export function isValidSiret(digits: string): boolean {
  if (!/^\d{14}$/.test(digits)) return false
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[i])
    // From the right, every second digit is doubled: for 14 digits, those at even positions.
    if ((digits.length - i) % 2 === 0) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

function checkSiret(value: string): FieldCheck {
  const digits = value.replace(/[\s.]/g, '')
  if (!/^\d{14}$/.test(digits)) {
    return { ok: false, error: 'Le SIRET compte 14 chiffres (exemple : 732 829 320 00074).' }
  }
  return isValidSiret(digits)
    ? { ok: true, value: digits }
    : { ok: false, error: 'Ce SIRET n’est pas valide : un chiffre est faux (clé de contrôle).' }
}

function checkUrl(value: string): FieldCheck {
  const refused: FieldCheck = {
    ok: false,
    error: 'Cette adresse n’est pas valide (exemple : https://www.conservatoire.fr).',
  }
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    return refused
  }
  if (!['http:', 'https:'].includes(url.protocol) || !url.hostname.includes('.')) return refused
  if (url.username || url.password || withScheme.length > 200) return refused
  return { ok: true, value: url.href }
}

/** A text of several lines: kept as typed, lines trimmed at their end, at most `max` characters. */
function checkMultiline(value: string, max: number): FieldCheck {
  const text = value
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim()
  return text.length <= max
    ? { ok: true, value: text }
    : { ok: false, error: `Ce texte est trop long (${max} caractères au plus).` }
}

/** Checks one field of the identity, and gives it in its stored form. */
export function checkIdentityField(field: IdentityField, raw: unknown): FieldCheck {
  if (typeof raw !== 'string') return { ok: false, error: 'Cette valeur n’est pas un texte.' }
  if (field.kind === 'multiline') return checkMultiline(raw, field.max ?? HOME_TEXT_MAX)
  const value = raw.trim()
  if (value === '' || (field.kind !== 'siret' && field.kind !== 'url')) {
    const def: FieldDef = {
      ...field,
      kind: field.kind === 'siret' || field.kind === 'url' ? 'text' : field.kind,
    }
    return checkField(def, raw)
  }
  return field.kind === 'siret' ? checkSiret(value) : checkUrl(value)
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> }

/** Checks every field of a form against its definitions: the values to keep, or the messages. */
export function checkFields<K extends string>(
  fields: readonly { key: K }[],
  input: Partial<Record<K, unknown>>,
  check: (field: { key: K }, raw: unknown) => FieldCheck,
): Checked<Record<K, string>> {
  const value = {} as Record<K, string>
  const errors: Record<string, string> = {}
  for (const field of fields) {
    const checked = check(field, input[field.key] ?? '')
    if (checked.ok) value[field.key] = String(checked.value)
    else errors[field.key] = checked.error
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value }
}

/** The whole identity, checked: what to store, or the message of each field to fix. */
export function checkIdentity(
  input: Partial<Record<IdentityKey, unknown>>,
): Checked<ConservatoireIdentity> {
  return checkFields(IDENTITY_FIELDS, input, (field, raw) =>
    checkIdentityField(field as IdentityField, raw),
  )
}

/** A site of the conservatoire (the conservatoire itself, an antenne). */
export interface SiteFields {
  name: string
  legalName: string
  address: string
  postalCode: string
  city: string
  phone: string
  email: string
}

export const SITE_FIELDS: readonly (FieldDef & { key: keyof SiteFields })[] = [
  { key: 'name', label: 'Nom du site', kind: 'text', required: true, max: 120 },
  { key: 'legalName', label: 'Nom complet (courriers)', kind: 'text', max: 200 },
  { key: 'address', label: 'Adresse', kind: 'text', required: true, max: 200 },
  { key: 'postalCode', label: 'Code postal', kind: 'postalCode', required: true },
  { key: 'city', label: 'Ville', kind: 'text', required: true, max: 100 },
  { key: 'phone', label: 'Téléphone', kind: 'phone' },
  { key: 'email', label: 'E-mail', kind: 'email' },
]

export function checkSite(input: Partial<Record<keyof SiteFields, unknown>>): Checked<SiteFields> {
  return checkFields(SITE_FIELDS, input, (field, raw) => checkField(field as FieldDef, raw))
}

/** What the family Accueil says when the conservatoire has written nothing of its own. */
export const DEFAULT_HOME_TEXT = [
  'Ce portail internet sécurisé est destiné aux usagers du Conservatoire, il vous permet :',
  '- de consulter vos données personnelles enregistrées sur notre logiciel administratif ;',
  '- de consulter les données pédagogiques des élèves de votre foyer enregistrées sur notre logiciel administratif ;',
  '- de modifier, le cas échéant, vos coordonnées personnelles ou celles des élèves de votre foyer ;',
  '- de réinscrire votre enfant ou vous-même pour l’année scolaire suivante (une période de réinscription vous sera communiquée).',
].join('\n')

export type TextBlock = { kind: 'paragraph'; text: string } | { kind: 'list'; items: string[] }

/**
 * The Accueil text as the page shows it, without any HTML: blank lines part paragraphs, lines
 * that begin with "- " (or "• ") make a list.
 */
export function textBlocks(text: string): TextBlock[] {
  const blocks: TextBlock[] = []
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const item = /^\s*[-•]\s+(.*)$/.exec(line)
    const last = blocks.at(-1)
    if (item) {
      if (last?.kind === 'list') last.items.push(item[1] ?? '')
      else blocks.push({ kind: 'list', items: [item[1] ?? ''] })
    } else if (line.trim() === '') {
      blocks.push({ kind: 'paragraph', text: '' })
    } else if (last?.kind === 'paragraph' && last.text !== '') {
      last.text += `\n${line.trim()}`
    } else {
      blocks.push({ kind: 'paragraph', text: line.trim() })
    }
  }
  return blocks.filter((b) => b.kind === 'list' || b.text !== '')
}

/** Said wherever a site is needed while none is open. */
export const NO_SITE_MESSAGES = {
  staff:
    'Aucun site n’est encore ouvert : l’administrateur doit d’abord créer un site dans Paramètres, onglet « Sites ».',
  family:
    'L’extranet n’est pas encore ouvert : le conservatoire termine sa mise en service. Réessayez plus tard.',
} as const
