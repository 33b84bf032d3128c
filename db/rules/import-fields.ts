// The import of families from a spreadsheet: the fields of Portée a column of the file can feed,
// and the guess of each column's field from its heading (French words, accents and case ignored).
// Shared by the server (which reads the file) and the back office (which shows the choices).
import { GUARDIAN_FIELDS, PUPIL_FIELDS, type FieldDef } from './record-fields.ts'
import { foldForSearch } from './text.ts'

/** Who a column speaks of: the family, its first or second guardian, the pupil of the line. */
export type ImportGroup = 'family' | 'guardian1' | 'guardian2' | 'pupil'

export const IMPORT_GROUP_LABELS: Record<ImportGroup, string> = {
  family: 'Famille',
  guardian1: 'Responsable 1',
  guardian2: 'Responsable 2',
  pupil: 'Élève',
}

export interface ImportTarget {
  /** "guardian1.email", "pupil.birthDate", "family.number", "family.site". */
  key: string
  group: ImportGroup
  /** "Responsable 1 : E-mail". */
  label: string
  /** The record's field, checked as the forms check it (none for the family's columns). */
  field?: FieldDef
}

/** The family's own columns: its number in the other tool (to group its lines), its site. */
export const FAMILY_NUMBER = 'family.number'
export const FAMILY_SITE = 'family.site'

/** Fields an import does not take: the pupil's "is the guardian" link is found by name. */
const SKIPPED = new Set(['useGuardianAddress'])

function targetsOf(group: ImportGroup, fields: readonly FieldDef[]): ImportTarget[] {
  return fields
    .filter((f) => !SKIPPED.has(f.key))
    .map((field) => ({
      key: `${group}.${field.key}`,
      group,
      label: `${IMPORT_GROUP_LABELS[group]} : ${field.label}`,
      field,
    }))
}

export const IMPORT_TARGETS: readonly ImportTarget[] = [
  { key: FAMILY_NUMBER, group: 'family', label: 'Famille : N° de famille' },
  { key: FAMILY_SITE, group: 'family', label: 'Famille : Site' },
  ...targetsOf('guardian1', GUARDIAN_FIELDS),
  ...targetsOf('guardian2', GUARDIAN_FIELDS),
  ...targetsOf('pupil', PUPIL_FIELDS),
]

export function importTarget(key: string): ImportTarget | undefined {
  return IMPORT_TARGETS.find((t) => t.key === key)
}

/** The words a heading may use for each field (folded: no accents, lower case). */
const FIELD_WORDS: Record<string, readonly string[]> = {
  civility: ['civilite', 'titre', 'sexe', 'genre'],
  lastName: ['nom', 'nom de famille', 'nom usuel', 'nom de naissance'],
  firstName: ['prenom', 'prenoms'],
  maritalStatus: ['situation familiale', 'situation'],
  profession: ['profession', 'metier', 'emploi'],
  address: ['adresse', 'rue', 'adresse postale', 'voie'],
  postalCode: ['code postal', 'cp', 'postal'],
  city: ['ville', 'commune', 'localite'],
  phoneHome: ['tel domicile', 'telephone domicile', 'tel fixe', 'telephone fixe', 'telephone'],
  phoneWork: ['tel pro', 'telephone pro', 'telephone professionnel', 'tel travail', 'bureau'],
  phoneMobile: ['mobile', 'portable', 'tel portable', 'telephone portable', 'tel mobile', 'gsm'],
  email: ['e mail', 'email', 'mail', 'courriel', 'adresse mail', 'adresse e mail', 'mel'],
  birthDate: ['date de naissance', 'naissance', 'ne le', 'ne e le', 'date naissance', 'ddn'],
  birthPlace: ['lieu de naissance', 'ne a', 'lieu naissance'],
  schoolLevel: ['niveau scolaire', 'classe', 'niveau'],
  schoolName: ['etablissement scolaire', 'ecole', 'college', 'lycee', 'etablissement'],
  imageRights: ['droit a l image', 'droit image', 'photo'],
  exitAuthorization: ['autorisation de sortie', 'sortie'],
  emergencyContact: ['personne a prevenir', 'contact urgence', 'a prevenir'],
  emergencyPhone: ['tel urgence', 'telephone urgence', 'telephone a prevenir'],
}

const FAMILY_WORDS: Record<string, readonly string[]> = {
  [FAMILY_NUMBER]: [
    'n famille',
    'no famille',
    'numero famille',
    'numero de famille',
    'num famille',
    'id famille',
    'code famille',
    'famille',
    'foyer',
  ],
  [FAMILY_SITE]: ['site', 'antenne', 'lieu'],
}

/** A heading folded for comparing: "Resp. 1 – Tél. domicile" → "resp 1 tel domicile". */
function fold(text: string): string {
  return foldForSearch(text.replace(/[’'.\-–_/()°:]+/g, ' '))
    .replace(/\s+/g, ' ')
    .trim()
}

const GROUP_PREFIXES: [ImportGroup, RegExp][] = [
  ['guardian2', /^(?:responsable|resp|r|parent|representant|tuteur)\s*2\s*|\b(?:pere|conjoint)\b/],
  ['guardian1', /^(?:responsable|resp|r|parent|representant|tuteur)\s*1?\s+|\b(?:r1|mere)\b/],
  ['pupil', /^(?:eleve|enfant|adherent|inscrit)\s*/],
]

/** The group a heading speaks of, and its words once the group's are taken out. */
function splitHeading(heading: string): { group: ImportGroup; rest: string } {
  const folded = fold(heading)
  for (const [group, prefix] of GROUP_PREFIXES) {
    const match = prefix.exec(folded)
    if (match) return { group, rest: folded.replace(match[0], ' ').replace(/\s+/g, ' ').trim() }
  }
  // Words at the end: "Nom responsable 1", "Prénom élève".
  const suffix = /\s(?:(responsable|resp|parent)\s*([12])?|(eleve|enfant))$/.exec(folded)
  if (suffix) {
    const group: ImportGroup = suffix[3] ? 'pupil' : suffix[2] === '2' ? 'guardian2' : 'guardian1'
    return { group, rest: folded.slice(0, suffix.index).trim() }
  }
  return { group: 'pupil', rest: folded }
}

/** The field a heading names, or null. The whole heading first, then the longest word found in it. */
export function guessTarget(heading: string): string | null {
  const folded = fold(heading)
  for (const [key, words] of Object.entries(FAMILY_WORDS)) {
    if (words.includes(folded)) return key
  }
  const { group, rest } = splitHeading(heading)
  const keys = new Set(IMPORT_TARGETS.filter((t) => t.group === group).map((t) => t.key))
  const candidates = Object.entries(FIELD_WORDS)
    .flatMap(([field, words]) => words.map((word) => ({ key: `${group}.${field}`, word })))
    .filter((c) => keys.has(c.key))
  const exact = candidates.find((c) => c.word === rest)
  if (exact) return exact.key
  const inside = candidates
    .filter((c) => new RegExp(`(^| )${c.word}( |$)`).test(rest))
    .sort((a, b) => b.word.length - a.word.length)[0]
  return inside?.key ?? null
}

/**
 * The field of each column: the one remembered for that heading, else the guess; a field taken
 * by an earlier column is not given twice.
 */
export function guessMapping(
  headings: readonly string[],
  remembered: Readonly<Record<string, string>> = {},
): (string | null)[] {
  const taken = new Set<string>()
  return headings.map((heading) => {
    const key = remembered[fold(heading)] ?? guessTarget(heading)
    if (!key || taken.has(key) || !importTarget(key)) return null
    taken.add(key)
    return key
  })
}

/** What to remember of a mapping: the field chosen for each heading (folded). */
export function mappingMemory(
  headings: readonly string[],
  mapping: readonly (string | null)[],
): Record<string, string> {
  const memory: Record<string, string> = {}
  headings.forEach((heading, i) => {
    const key = mapping[i]
    if (key && fold(heading)) memory[fold(heading)] = key
  })
  return memory
}

/** "A", "B", … "Z", "AA": the column letters of a spreadsheet. */
export function columnLetter(index: number): string {
  let n = index + 1
  let letters = ''
  while (n > 0) {
    const r = (n - 1) % 26
    letters = String.fromCharCode(65 + r) + letters
    n = Math.floor((n - 1) / 26)
  }
  return letters
}
