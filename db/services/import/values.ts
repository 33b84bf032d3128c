// One cell of an imported file, made into the value the forms would take, then checked by the
// forms' own rule (checkField): what other tools write ("M.", "F", "oui", an Excel date number,
// a phone number that lost its 0) is read as the secretary meant it.
import { checkField, type FieldCheck, type FieldDef } from '../../rules/record-fields.ts'
import { foldForSearch } from '../../rules/text.ts'

const CIVILITY: Record<string, string> = {
  m: 'Monsieur',
  mr: 'Monsieur',
  monsieur: 'Monsieur',
  h: 'Monsieur',
  homme: 'Monsieur',
  garcon: 'Monsieur',
  mme: 'Madame',
  madame: 'Madame',
  mlle: 'Madame',
  mademoiselle: 'Madame',
  f: 'Madame',
  femme: 'Madame',
  fille: 'Madame',
}

const YES = new Set(['oui', 'o', 'x', '1', 'vrai', 'yes', 'true'])
const NO = new Set(['non', 'n', '0', 'faux', 'no', 'false', ''])

const fold = (text: string) => foldForSearch(text.replace(/[.’']/g, ' '))

/** An Excel date (days since 30/12/1899) as yyyy-mm-dd, when the text is one. */
function excelDate(text: string): string | null {
  if (!/^\d{4,5}(\.\d+)?$/.test(text)) return null
  const days = Math.floor(Number(text))
  if (days < 1 || days > 80_000) return null
  return new Date(Date.UTC(1899, 11, 30) + days * 86_400_000).toISOString().slice(0, 10)
}

/** The cell as the form would have it typed. */
function asTyped(def: FieldDef, text: string): string {
  if (text === '') return text
  if (def.key === 'civility') return CIVILITY[fold(text)] ?? text
  switch (def.kind) {
    case 'choice':
      return def.choices?.find((c) => fold(c) === fold(text)) ?? text
    case 'date': {
      const iso = excelDate(text) ?? /^(\d{4}-\d{2}-\d{2})[T ]/.exec(text)?.[1]
      if (iso) return iso
      return text.replace(/^(\d{1,2})[.-](\d{1,2})[.-](\d{4})$/, '$1/$2/$3')
    }
    case 'phone':
      // A spreadsheet that took the number for a number dropped its leading 0.
      return /^[1-9]\d{8}$/.test(text) ? `0${text}` : text
    case 'postalCode':
      return /^\d{4}$/.test(text) ? `0${text}` : text
    default:
      return text
  }
}

/** Checks one cell as the form checks the field: its stored value, or what to fix. */
export function checkCell(def: FieldDef, text: string): FieldCheck {
  if (def.kind === 'boolean') {
    const folded = fold(text)
    if (YES.has(folded)) return checkField(def, true)
    if (NO.has(folded)) return checkField(def, false)
    return { ok: false, error: 'Indiquez « oui » ou « non ».' }
  }
  return checkField(def, asTyped(def, text))
}
