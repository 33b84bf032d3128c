/**
 * SEPA direct debit's rules, shared by the server and the back office: the checks of a mandate
 * (IBAN and BIC with ibantools, holder, date of signature), its RUM, the SEPA character set of
 * the names written in the bank's file, the amounts and identifiers of that file.
 */
import {
  electronicFormatIBAN,
  friendlyFormatIBAN,
  isSEPACountry,
  isValidBIC,
  isValidIBAN,
} from 'ibantools'

export const SEPA_MESSAGES = {
  holderRequired: 'Indiquez le titulaire du compte.',
  holderTooLong: 'Le nom du titulaire ne doit pas dépasser 70 caractères.',
  badIban: 'Cet IBAN n’est pas valide.',
  notSepa: 'Cet IBAN n’est pas d’un pays de la zone SEPA.',
  badBic: 'Ce BIC n’est pas valide.',
  badSignedOn: 'Saisissez la date de signature au format JJ/MM/AAAA.',
  futureSignedOn: 'La date de signature ne peut pas être dans le futur.',
  activeMandate: 'Cette famille a déjà un mandat en vigueur : révoquez-le avant d’en ajouter un.',
  mandateNotFound: 'Ce mandat est introuvable.',
  alreadyRevoked: 'Ce mandat est déjà révoqué.',
  badMonth: 'Choisissez un mois au format AAAA-MM.',
  badCollectionDate: 'Saisissez la date de prélèvement au format JJ/MM/AAAA.',
  pastCollectionDate: 'La date de prélèvement doit être postérieure à aujourd’hui.',
  nothingToCollect: 'Il n’y a rien à prélever pour ce mois.',
  noCreditor: 'Renseignez le créancier SEPA dans Paramètres → Facturation.',
  batchNotFound: 'Cet export est introuvable.',
} as const

/** The sequence of a debit on its mandate: the first one, then the recurring ones. */
export const SEQUENCE_TYPES = ['FRST', 'RCUR'] as const
export type SequenceType = (typeof SEQUENCE_TYPES)[number]
export const SEQUENCE_TYPE_LABELS: Record<SequenceType, string> = {
  FRST: 'Premier prélèvement',
  RCUR: 'Prélèvement récurrent',
}

/** An IBAN as stored and written in the file: no spaces, capitals ("FR7630006000011234567890189"). */
export function ibanOf(typed: string): string {
  return electronicFormatIBAN(typed) ?? ''
}

/** Null when the typed IBAN is good (a SEPA country's), else the French message. */
export function ibanError(typed: string): string | null {
  const iban = ibanOf(typed)
  if (!iban || !isValidIBAN(iban)) return SEPA_MESSAGES.badIban
  if (!isSEPACountry(iban.slice(0, 2))) return SEPA_MESSAGES.notSepa
  return null
}

/** A BIC as stored: capitals, no spaces. */
export function bicOf(typed: string): string {
  return typed.replace(/\s+/g, '').toUpperCase()
}

export function bicError(typed: string): string | null {
  return isValidBIC(bicOf(typed)) ? null : SEPA_MESSAGES.badBic
}

/** "FR76 3000 6000 0112 3456 7890 189": grouped by 4, as printed on a RIB. */
export function groupedIban(iban: string): string {
  return friendlyFormatIBAN(ibanOf(iban)) ?? iban
}

/** "FR76 •••• •••• •••• •••• •••0 189": the country, its check digits and the last 4 only. */
export function maskedIban(iban: string): string {
  const plain = ibanOf(iban)
  if (plain.length < 9) return plain
  const hidden = plain.slice(0, 4) + '•'.repeat(plain.length - 8) + plain.slice(-4)
  return hidden.replace(/(.{4})(?=.)/g, '$1 ')
}

/** The RUM of a family's n-th mandate: "PORTEE-123-1". */
export function mandateReference(familyId: number, n: number): string {
  return `PORTEE-${familyId}-${n}`
}

const LIGATURES: Record<string, string> = {
  Æ: 'AE',
  æ: 'ae',
  Œ: 'OE',
  œ: 'oe',
  ß: 'ss',
  Ø: 'O',
  ø: 'o',
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  '’': "'",
  '‘': "'",
  '«': '',
  '»': '',
  '&': '+',
}

/**
 * A text in the SEPA character set (a–z, A–Z, 0–9 and / - ? : ( ) . , ' + space): accents
 * removed (« Hélène Noël » → « Helene Noel »), ligatures spelt out, anything else a space, spaces
 * collapsed, cut to `max` characters.
 */
export function sepaText(text: string, max = 70): string {
  return text
    .replace(/[ÆæŒœßØøŁłĐđ’‘«»&]/g, (c) => LIGATURES[c] ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9/\-?:().,'+ ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max)
    .trim()
}

/** An amount of the file: cents → "93.24" (euros, a dot, two decimals). */
export function sepaAmount(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError('sepaAmount: cents ≥ 0')
  return `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`
}

/** A month as the screens send it: "2026-12" (January 2000 to December 2199). */
export function isMonth(text: string): boolean {
  return /^(20\d{2}|21\d{2})-(0[1-9]|1[0-2])$/.test(text)
}

/** The first and last days of a month: "2026-02" → ["2026-02-01", "2026-02-28"]. */
export function monthBounds(month: string): [string, string] {
  const [y = 0, m = 1] = month.split('-').map(Number)
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return [`${month}-01`, `${month}-${String(last).padStart(2, '0')}`]
}
