/**
 * Online payment through PayFiP (DGFiP): the modes, what its answers mean, the references it
 * takes, the French messages. Nothing here touches the database or the network.
 */

/** billing_settings.payfip_saisie: T test, X activation (the first real payments), W production. */
export const PAYFIP_SAISIES = ['T', 'X', 'W'] as const
export type PayfipSaisie = (typeof PAYFIP_SAISIES)[number]
export const PAYFIP_SAISIE_LABELS: Record<PayfipSaisie, string> = {
  T: 'Test (aucun débit réel)',
  X: 'Activation (premiers paiements réels)',
  W: 'Production',
}

/** A PayFiP client number: 6 digits, given by the DGFiP. */
export const NUMCLI_PATTERN = /^\d{6}$/

export const ONLINE_PAYMENT_STATES = ['created', 'paid', 'refused', 'abandoned', 'error'] as const
export type OnlinePaymentState = (typeof ONLINE_PAYMENT_STATES)[number]

/**
 * What PayFiP's `resultrans` says: P (card) and V (single direct debit) paid, R and Z refused,
 * A abandoned; anything else (or nothing yet) is not an answer: the attempt stays as it is.
 */
export function stateOfResultrans(resultrans: string): 'paid' | 'refused' | 'abandoned' | null {
  if (resultrans === 'P' || resultrans === 'V') return 'paid'
  if (resultrans === 'R' || resultrans === 'Z') return 'refused'
  if (resultrans === 'A') return 'abandoned'
  return null
}

/** PayFiP's `dattrans` (DDMMYYYY) as 'YYYY-MM-DD'; null when it is not a date. */
export function dayOfDattrans(dattrans: string): string | null {
  const m = /^(\d{2})(\d{2})(\d{4})$/.exec(dattrans)
  if (!m) return null
  const [, d, mo, y] = m
  const day = `${y}-${mo}-${d}`
  const date = new Date(`${day}T00:00:00Z`)
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day ? null : day
}

/** The reference of one attempt (1 to 30 letters and digits): 2026-F-000123, 2 → 2026F000123P2. */
export function refdetOf(invoiceNumber: string, attempt: number): string {
  return `${invoiceNumber.replace(/[^A-Za-z0-9]/g, '')}P${attempt}`.slice(0, 30)
}

/** PayFiP's `objet`: letters, digits and spaces, 100 at most (accents dropped). */
export function objetOf(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’-]/g, ' ')
    .replace(/[^A-Za-z0-9 ]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100)
}

/** PayFiP takes from 1,00 € (and up to 100 000,00 €). */
export const PAYFIP_MIN_CENTS = 100
export const PAYFIP_MAX_CENTS = 10_000_000

export const PAYFIP_MESSAGES = {
  notOpen: 'Le paiement en ligne n’est pas ouvert par le conservatoire.',
  notResponsable1: 'Seul le responsable 1 peut régler les factures en ligne.',
  nothingLeft: 'Cette facture est déjà réglée.',
  tooSmall: 'Le paiement en ligne n’est possible qu’à partir de 1,00 €.',
  tooLarge: 'Ce montant dépasse ce que le paiement en ligne accepte : réglez-le au secrétariat.',
  noEmail:
    'Indiquez votre adresse e-mail dans « Famille » : PayFiP y envoie le ticket de paiement.',
  unavailable: 'Le service de paiement en ligne ne répond pas. Réessayez dans quelques minutes.',
  operationNotFound: 'Ce paiement en ligne est introuvable.',
  mismatch: 'La réponse de PayFiP ne correspond pas à ce paiement : rien n’a été enregistré.',
  paidMeanwhile:
    'La facture a été réglée autrement pendant le paiement en ligne : le secrétariat régularisera.',
  badNumcli: 'Le numéro client PayFiP compte 6 chiffres.',
  badSaisie: 'Choisissez le mode PayFiP : test, activation ou production.',
  badIban: 'Cet IBAN n’est pas valide.',
  badBic: 'Ce BIC n’est pas valide.',
  badIcs:
    'L’identifiant créancier SEPA (ICS) n’a pas le format attendu, par exemple FR12ZZZ123456.',
  titleRequired: 'Indiquez le titre des factures.',
} as const
