/**
 * Billing's rules that both apps and the server share: money in integer cents, its French form,
 * the payment modes, the instalment plans and how a total is split, the rounding rule, the
 * invoice numbers. Nothing here touches the database.
 */

/** How the conservatoire bills (billing_settings.mode). */
export const BILLING_MODES = ['tresor_public', 'regie'] as const
export type BillingMode = (typeof BILLING_MODES)[number]
export const BILLING_MODE_LABELS: Record<BillingMode, string> = {
  tresor_public: 'Trésor Public (avis des sommes à payer)',
  regie: 'Facturation directe (régie ou école privée)',
}
/** The title an invoice gets by default in each mode. */
export const DEFAULT_INVOICE_TITLE: Record<BillingMode, string> = {
  tresor_public: 'AVIS DES SOMMES A PAYER',
  regie: 'FACTURE',
}

export const PAYMENT_MODES = [
  'cheque',
  'especes',
  'carte',
  'virement',
  'prelevement',
  'cheques_vacances',
  'paiement_en_ligne',
] as const
export type PaymentMode = (typeof PAYMENT_MODES)[number]
export const PAYMENT_MODE_LABELS: Record<PaymentMode, string> = {
  cheque: 'Chèque',
  especes: 'Espèces',
  carte: 'Carte bancaire',
  virement: 'Virement',
  prelevement: 'Prélèvement automatique',
  cheques_vacances: 'Chèques vacances',
  paiement_en_ligne: 'Paiement en ligne',
}
/** The modes staff record by hand (an online payment is recorded by the provider's answer). */
export const STAFF_PAYMENT_MODES = PAYMENT_MODES.filter((m) => m !== 'paiement_en_ligne')

export const INVOICE_KINDS = ['facture', 'avoir'] as const
export type InvoiceKind = (typeof INVOICE_KINDS)[number]

/** What an invoice line is: the family page's tabs split on it (location → « Locations »). */
export const LINE_CATEGORIES = ['cotisation', 'location', 'frais', 'reduction'] as const
export type LineCategory = (typeof LINE_CATEGORIES)[number]

/** The family's two accounts (seed 002: « Facturation cotisations », « Facturation location »). */
export const ACCOUNTS = ['cotisations', 'locations'] as const
export type Account = (typeof ACCOUNTS)[number]
export const ACCOUNT_LABELS: Record<Account, string> = {
  cotisations: 'Cotisations',
  locations: 'Locations',
}

/** What is billed: the whole school year or one term. */
export const BILLING_PERIODS = ['annee', 'trimestre_1', 'trimestre_2', 'trimestre_3'] as const
export type BillingPeriod = (typeof BILLING_PERIODS)[number]
export const BILLING_PERIOD_LABELS: Record<BillingPeriod, string> = {
  annee: 'Année',
  trimestre_1: '1er trimestre',
  trimestre_2: '2e trimestre',
  trimestre_3: '3e trimestre',
}

/** The instalment plans a family may choose: once, each term, each month of the school year. */
export const INSTALMENT_PLANS = [1, 3, 10] as const
export type InstalmentPlan = (typeof INSTALMENT_PLANS)[number]
export const INSTALMENT_PLAN_LABELS: Record<InstalmentPlan, string> = {
  1: 'En une fois',
  3: 'En 3 fois (trimestre)',
  10: 'En 10 fois (mensuel)',
}
export function isInstalmentPlan(value: unknown): value is InstalmentPlan {
  return value === 1 || value === 3 || value === 10
}

/**
 * The rounding rule, applied once, on each line: an amount computed from a price (a proportion
 * for a pro rata, a percentage for a reduction) is rounded to the nearest cent, half a cent away
 * from zero (12,345 € → 12,35 €; −12,345 € → −12,35 €). Totals are sums of rounded lines and are
 * never rounded again.
 */
export function roundCents(exactCents: number): number {
  const rounded = Math.round(Math.abs(exactCents) + 1e-9)
  return exactCents < 0 ? -rounded : rounded
}

/**
 * Splits a total into `count` instalments that sum to it exactly: equal cents, the first one
 * carrying what does not divide (100,00 € in 3: 33,34 + 33,33 + 33,33).
 */
export function splitInstalments(totalCents: number, count: number): number[] {
  if (!Number.isInteger(totalCents) || !Number.isInteger(count) || count < 1)
    throw new RangeError('splitInstalments: integer total and count ≥ 1')
  const base = Math.trunc(totalCents / count)
  const rest = totalCents - base * count
  return Array.from({ length: count }, (_, i) => (i === 0 ? base + rest : base))
}

/** The due dates of a plan: the first one, then the same day of each following month (the last
 * day of a shorter month). Dates are 'YYYY-MM-DD'. */
export function instalmentDueDates(firstDueOn: string, count: number): string[] {
  const [y, m, d] = firstDueOn.split('-').map(Number) as [number, number, number]
  const step = count === 3 ? 3 : 1
  return Array.from({ length: count }, (_, i) => {
    const monthIndex = m - 1 + i * step
    const year = y + Math.floor(monthIndex / 12)
    const month = (monthIndex % 12) + 1
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate()
    const day = Math.min(d, last)
    return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
  })
}

const EUROS = new Intl.NumberFormat('fr-FR', {
  style: 'currency',
  currency: 'EUR',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
})

/**
 * An amount in French: "93,24 €", "1 234,50 €", "−12,00 €". The spaces are ordinary ones (the
 * seeds' form; Intl's narrow no-break spaces read the same but do not match a typed search).
 */
export function euros(cents: number): string {
  return EUROS.format(cents / 100)
    .replace(/[\u202f\u00a0]/g, ' ')
    .replace('-', '−')
}

/**
 * An amount a person typed ("93,24", "93.24", "1 234,5", "93,24 €", "93") in cents; null when it
 * is not an amount with at most two decimals.
 */
export function parseEuros(text: string): number | null {
  const cleaned = text.replace(/[\s\u202f\u00a0€]/g, '').replace(',', '.')
  if (!/^-?\d+(\.\d{1,2})?$/.test(cleaned)) return null
  const [whole = '0', decimals = ''] = cleaned.replace('-', '').split('.')
  const cents = Number(whole) * 100 + Number(decimals.padEnd(2, '0'))
  if (!Number.isSafeInteger(cents)) return null
  return cleaned.startsWith('-') ? -cents : cents
}

/** The first year of a school year's label: '2026/2027' → 2026. */
export function schoolYearStart(label: string): number {
  return Number(label.slice(0, 4))
}

const NUMBER_LETTER: Record<InvoiceKind | 'recu', string> = { facture: 'F', avoir: 'A', recu: 'R' }

/** An invoice, credit note or receipt number: 2026-F-000123 (year of the school year's start). */
export function documentNumber(
  schoolYearLabel: string,
  kind: InvoiceKind | 'recu',
  sequence: number,
): string {
  return `${schoolYearStart(schoolYearLabel)}-${NUMBER_LETTER[kind]}-${String(sequence).padStart(6, '0')}`
}

/** Messages of the ledger's services (tariffs, SEPA and PayFiP have their own beside them). */
export const BILLING_MESSAGES = {
  familyNotFound: 'Cette famille est introuvable.',
  invoiceNotFound: 'Cette facture est introuvable.',
  paymentNotFound: 'Ce règlement est introuvable.',
  yearNotFound: 'Cette année scolaire est introuvable.',
  noLines: 'Il n’y a rien à facturer.',
  negativeTotal: 'Le total d’une facture ne peut pas être négatif.',
  badPlan: 'Choisissez un paiement en 1, 3 ou 10 fois.',
  badDate: 'Saisissez une date au format JJ/MM/AAAA.',
  badMode: 'Choisissez un mode de règlement.',
  badAmount: 'Saisissez un montant en euros, par exemple 93,24.',
  amountNotPositive: 'Le montant doit être supérieur à 0,00 €.',
  overpaid: 'Ce règlement dépasse ce qui reste à payer sur la facture.',
  nothingLeft: 'Cette facture est déjà réglée.',
  creditOfCredit: 'Un avoir ne peut pas être corrigé par un autre avoir.',
  creditTooLarge: 'L’avoir ne peut pas dépasser ce qui a été facturé et pas encore annulé.',
  reasonRequired: 'Indiquez le motif de l’avoir.',
  referenceTooLong: 'Le numéro d’opération ne doit pas dépasser 60 caractères.',
} as const
