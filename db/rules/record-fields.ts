// The fields of the guardian's and the pupil's records, as the seeds show them: labels, kinds,
// what is required, and how a value is checked and put in its French form. Shared by the server
// (which decides) and the apps (which say what to fix before sending).
import { formatDate, formatPhone, parseDate } from './formats.ts'
import { PCS_CODES, PCS_LABELS } from './pcs.ts'

/**
 * `school`: a value of the list of schools that staff keep (the forms offer it; the services check
 * it against the list, which this pure module does not know).
 */
export type FieldKind =
  'text' | 'phone' | 'email' | 'postalCode' | 'date' | 'boolean' | 'choice' | 'school'
export type FieldValue = string | boolean

export interface FieldDef {
  key: string
  label: string
  kind: FieldKind
  required?: boolean
  max?: number
  choices?: readonly string[]
  /** How a choice is shown, when it is a code ("33" → "33 — Cadres de la fonction publique"). */
  choiceLabels?: Readonly<Record<string, string>>
  /** A text to read before ticking the box (the image rights), with the link that opens it. */
  notice?: { summary: string; text: string }
  /** What the field is when the record is the user's own, for the browser to fill it (RGAA 11.13). */
  autocomplete?: string
}

/** "Droit à l’image : merci de prendre connaissance du texte lié" (seeds). */
export const IMAGE_RIGHTS_NOTICE = {
  summary: 'Lire le texte de l’autorisation de prise de vue et de diffusion de l’image',
  text:
    'En cochant « Droit à l’image », le responsable autorise le conservatoire à photographier et ' +
    'à filmer l’élève pendant les cours, les répétitions, les auditions et les spectacles, et à ' +
    'diffuser ces images, sans contrepartie, pour faire connaître ses activités : site internet, ' +
    'réseaux sociaux, programmes, affiches, presse locale. Les images ne sont ni vendues ni ' +
    'cédées à des tiers. L’autorisation vaut pour l’année scolaire et peut être retirée à tout ' +
    'moment : il suffit de décocher la case ou d’écrire au secrétariat.',
}

export const CIVILITIES = ['Monsieur', 'Madame'] as const
export const MARITAL_STATUSES = [
  'Célibataire',
  'Marié(e)',
  'Pacsé(e)',
  'En concubinage',
  'Divorcé(e)',
  'Séparé(e)',
  'Veuf(ve)',
] as const
export const SCHOOL_LEVELS = [
  'Non scolarisé',
  'Maternelle',
  'CP',
  'CE1',
  'CE2',
  'CM1',
  'CM2',
  '6e',
  '5e',
  '4e',
  '3e',
  '2de',
  '1re',
  'Terminale',
  'Études supérieures',
] as const

/** Civilité, Nom, Prénom: the first fields of every record. */
const NAME_FIELDS: readonly FieldDef[] = [
  {
    key: 'civility',
    label: 'Civilité',
    kind: 'choice',
    required: true,
    choices: CIVILITIES,
    autocomplete: 'honorific-prefix',
  },
  {
    key: 'lastName',
    label: 'Nom',
    kind: 'text',
    required: true,
    max: 80,
    autocomplete: 'family-name',
  },
  {
    key: 'firstName',
    label: 'Prénom',
    kind: 'text',
    required: true,
    max: 80,
    autocomplete: 'given-name',
  },
]

export const GUARDIAN_FIELDS: readonly FieldDef[] = [
  ...NAME_FIELDS,
  { key: 'maritalStatus', label: 'Situation familiale', kind: 'choice', choices: MARITAL_STATUSES },
  {
    key: 'profession',
    label: 'Profession',
    kind: 'text',
    max: 120,
    autocomplete: 'organization-title',
  },
  {
    key: 'socioProfessionalCode',
    label: 'Code socio-professionnel',
    kind: 'choice',
    choices: PCS_CODES,
    choiceLabels: PCS_LABELS,
  },
  {
    key: 'address',
    label: 'Adresse',
    kind: 'text',
    required: true,
    max: 200,
    autocomplete: 'street-address',
  },
  {
    key: 'postalCode',
    label: 'Code postal',
    kind: 'postalCode',
    required: true,
    autocomplete: 'postal-code',
  },
  {
    key: 'city',
    label: 'Ville',
    kind: 'text',
    required: true,
    max: 100,
    autocomplete: 'address-level2',
  },
  { key: 'phoneHome', label: 'Tél domicile', kind: 'phone', autocomplete: 'home tel' },
  { key: 'phoneWork', label: 'Tél pro', kind: 'phone', autocomplete: 'work tel' },
  { key: 'fax', label: 'Tél copie', kind: 'phone', autocomplete: 'fax tel' },
  { key: 'phoneMobile', label: 'Mobile', kind: 'phone', autocomplete: 'mobile tel' },
  { key: 'email', label: 'E-mail', kind: 'email', required: true, autocomplete: 'email' },
]

export const PUPIL_FIELDS: readonly FieldDef[] = [
  ...NAME_FIELDS,
  { key: 'birthDate', label: 'Date de naissance', kind: 'date', required: true },
  { key: 'birthPlace', label: 'Lieu de naissance', kind: 'text', max: 120 },
  { key: 'maritalStatus', label: 'Situation familiale', kind: 'choice', choices: MARITAL_STATUSES },
  {
    key: 'useGuardianAddress',
    label: 'Utiliser les coordonnées du responsable légal',
    kind: 'boolean',
  },
  { key: 'address', label: 'Adresse', kind: 'text', max: 200 },
  { key: 'postalCode', label: 'Code postal', kind: 'postalCode' },
  { key: 'city', label: 'Ville', kind: 'text', max: 100 },
  { key: 'phoneHome', label: 'Tél domicile', kind: 'phone' },
  { key: 'phoneMobile', label: 'Mobile', kind: 'phone' },
  { key: 'phoneWork', label: 'Tél pro', kind: 'phone' },
  { key: 'fax', label: 'Télécopie', kind: 'phone' },
  { key: 'email', label: 'E-mail', kind: 'email' },
  { key: 'schoolLevel', label: 'Niveau scolaire', kind: 'choice', choices: SCHOOL_LEVELS },
  { key: 'schoolName', label: 'Établissement scolaire', kind: 'school', max: 240 },
  { key: 'imageRights', label: 'Droit à l’image', kind: 'boolean', notice: IMAGE_RIGHTS_NOTICE },
  { key: 'exitAuthorization', label: 'Autorisation de sortie', kind: 'boolean' },
  { key: 'emergencyContact', label: 'Personne à prévenir', kind: 'text', max: 160 },
  { key: 'emergencyPhone', label: 'Tél. urgence', kind: 'phone' },
]

/** The two kinds of records a family keeps up to date, and their fields. */
export type RecordType = 'guardian' | 'pupil'

export const RECORD_FIELDS: Readonly<Record<RecordType, readonly FieldDef[]>> = {
  guardian: GUARDIAN_FIELDS,
  pupil: PUPIL_FIELDS,
}

export type FieldCheck = { ok: true; value: FieldValue } | { ok: false; error: string }

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** An address with one @ and a domain with a dot (the check of the forms, before the server's). */
export function looksLikeEmail(text: string): boolean {
  return EMAIL.test(text.trim())
}

/** Checks one value and returns it in its stored form, or says in French what to fix. */
export function checkField(def: FieldDef, raw: unknown): FieldCheck {
  if (def.kind === 'boolean') {
    return typeof raw === 'boolean'
      ? { ok: true, value: raw }
      : { ok: false, error: 'Cochez ou décochez la case.' }
  }
  if (typeof raw !== 'string') return { ok: false, error: 'Cette valeur n’est pas un texte.' }
  const value = raw.trim().replace(/\s+/g, ' ')
  if (value === '') {
    return def.required
      ? { ok: false, error: `${def.label} : ce champ est obligatoire.` }
      : { ok: true, value: '' }
  }
  switch (def.kind) {
    case 'phone': {
      const phone = formatPhone(value)
      return phone
        ? { ok: true, value: phone }
        : {
            ok: false,
            error: 'Ce numéro de téléphone n’est pas valide (exemple : 02 33 94 22 77).',
          }
    }
    case 'email':
      return EMAIL.test(value) && value.length <= 200
        ? { ok: true, value: value.toLowerCase() }
        : {
            ok: false,
            error: 'Cette adresse e-mail n’est pas valide (exemple : prenom.nom@exemple.fr).',
          }
    case 'postalCode':
      return /^\d{5}$/.test(value.replace(/\s/g, ''))
        ? { ok: true, value: value.replace(/\s/g, '') }
        : { ok: false, error: 'Le code postal compte 5 chiffres (exemple : 29170).' }
    case 'date': {
      const date = parseDate(value)
      return date
        ? { ok: true, value: date }
        : { ok: false, error: 'Cette date n’est pas valide (exemple : 14/09/1995).' }
    }
    case 'choice':
      return def.choices?.includes(value)
        ? { ok: true, value }
        : { ok: false, error: `Choisissez une valeur dans la liste pour « ${def.label} ».` }
    case 'text':
    case 'school':
      return value.length <= (def.max ?? 200)
        ? { ok: true, value }
        : { ok: false, error: `Ce champ est trop long (${def.max ?? 200} caractères au plus).` }
  }
}

/** A value as the family and the secretariat read it ("Oui"/"Non", "14/09/1995"). */
export function displayValue(def: FieldDef, value: FieldValue | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—'
  if (def.kind === 'boolean') return value ? 'Oui' : 'Non'
  if (def.choiceLabels && typeof value === 'string') return def.choiceLabels[value] ?? value
  if (def.kind === 'date' && typeof value === 'string') return formatDate(value)
  return String(value)
}
