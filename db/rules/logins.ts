// Identifiants of the families' accounts: the family name folded, then the first free number on
// the site (dupont1, dupont2…). The services and the demo both follow this rule.
import { foldForSearch } from './text.ts'

/** The longest stem of an identifiant, before its number. */
export const LOGIN_STEM_MAX = 20

/**
 * The stem of a guardian's identifiant: the family name without accents, spaces, punctuation or
 * digits, ligatures written out, at most 20 letters; "famille" when nothing is left.
 * "LE GALL" → "legall", "CŒUR" → "coeur".
 */
export function loginStem(lastName: string): string {
  const letters = foldForSearch(lastName)
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[^a-z]/g, '')
  return (letters || 'famille').slice(0, LOGIN_STEM_MAX)
}

/**
 * The stem followed by the first number (from 1) that makes an identifiant not yet taken.
 * `from`: a caller that knows every number below it is taken (the demo, which hands them out
 * itself) starts there instead of counting again from 1; the answer is the same.
 */
export function firstFreeLogin(stem: string, taken: ReadonlySet<string>, from = 1): string {
  for (let n = Math.max(1, from); ; n++) {
    const login = `${stem}${n}`
    if (!taken.has(login)) return login
  }
}

/**
 * A staff identifiant, chosen by the administrator (no number is added): 3 to 40 lower-case
 * letters without accents, digits, dot, dash or underscore ("m.martin", "secretariat-2").
 */
export const STAFF_LOGIN_PATTERN = /^[a-z0-9._-]{3,40}$/
export const STAFF_LOGIN_RULE_TEXT =
  'De 3 à 40 caractères : lettres sans accent, chiffres, point, tiret.'
