/**
 * Rules of the invoicing part that both apps and the server share: which periods overlap (a family
 * billed for the year is not billed again for a term), the scopes of a billing run, its chunk, the
 * messages of the runs and the checks that came with them. Nothing here touches the database.
 */
import type { BillingPeriod } from './billing.ts'

/** Families billed per write transaction of a run: each chunk commits, the pages keep answering. */
export const RUN_CHUNK = 200

/** Who a run bills: one family, a selection, or every family of the staff member's sites. */
export const RUN_SCOPES = ['famille', 'selection', 'tous'] as const
export type RunScope = (typeof RUN_SCOPES)[number]
export const RUN_SCOPE_LABELS: Record<RunScope, string> = {
  famille: 'Une famille',
  selection: 'Une sélection de familles',
  tous: 'Toutes les familles de mes sites',
}

/**
 * The periods an invoice of `period` covers in part: the year covers each term, a term the year.
 * A family with a live invoice of one of them is not billed again for `period`.
 */
export function overlappingPeriods(period: BillingPeriod): BillingPeriod[] {
  return period === 'annee'
    ? ['annee', 'trimestre_1', 'trimestre_2', 'trimestre_3']
    : ['annee', period]
}

export const INVOICING_MESSAGES = {
  badPeriod: 'Choisissez l’année ou un trimestre.',
  badDueDate: 'Saisissez la date de la première échéance au format JJ/MM/AAAA.',
  badLine: 'Chaque ligne doit avoir un libellé et un montant.',
  lineNotPositive: 'Chaque ligne de l’avoir doit avoir un montant supérieur à 0,00 €.',
  futurePayment: 'La date du règlement ne peut pas être après aujourd’hui.',
  badInstalment: 'Cette échéance n’est pas une échéance de la facture.',
  noFamilies: 'Choisissez au moins une famille à facturer.',
  runNotFound: 'Cette facturation est introuvable.',
  badRange: 'La date de début doit précéder la date de fin.',
} as const
