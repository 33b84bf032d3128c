// Issuing invoices: one, or the invoices of a billing run's chunk at once (their numbers taken in
// one statement, their rows, lines, instalments and audit entries written in one statement each).
// An invoice is issued once, with its lines, its total and its instalment plan, under the next
// number of its school year; it never changes afterwards (corrections: credit notes, invoices.ts).
import { isoNow } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import { DomainError } from '../../errors.ts'
import {
  BILLING_MESSAGES as M,
  BILLING_PERIODS,
  DEFAULT_INVOICE_TITLE,
  LINE_CATEGORIES,
  instalmentDueDates,
  isInstalmentPlan,
  splitInstalments,
  type Account,
  type BillingMode,
  type BillingPeriod,
  type InstalmentPlan,
  type LineCategory,
} from '../../rules/billing.ts'
import { INVOICING_MESSAGES as IM } from '../../rules/invoicing.ts'
import { parisDay, parseDay } from '../../rules/pedagogy.ts'
import { familyPayers, nextNumbers, schoolYear, type BillingActor } from './common.ts'

/** Rows per insert statement (SQLite's limit of bound values stays far). */
const BATCH = 400

/** A line to bill: what the tariffs give (db/services/billing/pricing.ts) or what staff typed. */
export interface InvoiceLineInput {
  category: LineCategory
  pupilId?: number | null
  enrolmentId?: number | null
  rentalId?: number | null
  /** What the family reads: "Trompette — ABOLANT Adrien". */
  label: string
  /** The rule that gave the amount: "Tranche B (QF 600 à 899), commune : 180,00 €". */
  rule?: string
  /** Rounded already (db/rules/billing.ts roundCents); negative for a reduction. */
  amountCents: number
}

export interface IssueInvoiceInput {
  familyId: number
  schoolYearId: number
  period: BillingPeriod
  /** 'cotisations' unless this invoice bills rentals on their own. */
  account?: Account
  lines: readonly InvoiceLineInput[]
  instalments: InstalmentPlan
  /** 'YYYY-MM-DD'; the issue day when absent. */
  firstDueOn?: string
  /** Whether the instalments are collected by SEPA direct debit (the family has a mandate). */
  directDebit?: boolean
  billingRunId?: number | null
}

export interface IssuedInvoice {
  id: number
  number: string
  totalCents: number
}

/** The conservatoire's way of billing (billing_settings, one row; 'regie' until set). */
export async function billingSettings(
  trx: Trx,
): Promise<{ mode: BillingMode; invoiceTitle: string; separateRentals: boolean }> {
  const row = await trx('billing_settings')
    .where({ id: 1 })
    .first<
      { mode: BillingMode; invoice_title: string; separate_rentals: number | boolean } | undefined
    >('mode', 'invoice_title', 'separate_rentals')
  if (!row)
    return { mode: 'regie', invoiceTitle: DEFAULT_INVOICE_TITLE.regie, separateRentals: true }
  return {
    mode: row.mode,
    invoiceTitle: row.invoice_title || DEFAULT_INVOICE_TITLE[row.mode],
    separateRentals: Boolean(row.separate_rentals),
  }
}

export function checkLines(lines: readonly InvoiceLineInput[]): number {
  if (lines.length === 0) throw new DomainError('VALIDATION', M.noLines)
  for (const line of lines) {
    if (!Number.isSafeInteger(line.amountCents)) throw new RangeError('amountCents: integer cents')
    if (!line.label.trim() || !(LINE_CATEGORIES as readonly string[]).includes(line.category))
      throw new DomainError('VALIDATION', IM.badLine, { lines: IM.badLine })
  }
  return lines.reduce((sum, line) => sum + line.amountCents, 0)
}

function checkIssue(input: IssueInvoiceInput): number {
  if (!isInstalmentPlan(input.instalments)) throw new DomainError('VALIDATION', M.badPlan)
  if (!(BILLING_PERIODS as readonly string[]).includes(input.period))
    throw new DomainError('VALIDATION', IM.badPeriod, { period: IM.badPeriod })
  if (input.firstDueOn !== undefined && parseDay(input.firstDueOn) !== input.firstDueOn)
    throw new DomainError('VALIDATION', IM.badDueDate, { firstDueOn: IM.badDueDate })
  const total = checkLines(input.lines)
  if (total < 0) throw new DomainError('VALIDATION', M.negativeTotal)
  return total
}

/** The lines of invoices (or credit notes), numbered from 1 on each. */
export async function insertLines(
  trx: Trx,
  invoices: readonly { invoiceId: number; lines: readonly InvoiceLineInput[] }[],
): Promise<void> {
  const rows = invoices.flatMap(({ invoiceId, lines }) =>
    lines.map((line, i) => ({
      invoice_id: invoiceId,
      position: i + 1,
      category: line.category,
      pupil_id: line.pupilId ?? null,
      enrolment_id: line.enrolmentId ?? null,
      rental_id: line.rentalId ?? null,
      label: line.label,
      rule: line.rule ?? '',
      amount_cents: line.amountCents,
    })),
  )
  for (let from = 0; from < rows.length; from += BATCH)
    await trx('invoice_lines').insert(rows.slice(from, from + BATCH))
}

/**
 * Issues invoices of one school year (a run's chunk, or one invoice): their numbers in turn,
 * their lines, their instalments, an audit entry each. All or none: the caller's transaction.
 */
export async function issueInvoices(
  trx: Trx,
  inputs: readonly IssueInvoiceInput[],
  actor: BillingActor,
): Promise<IssuedInvoice[]> {
  if (inputs.length === 0) return []
  const totals = inputs.map(checkIssue)
  const first = inputs[0] as IssueInvoiceInput
  if (inputs.some((i) => i.schoolYearId !== first.schoolYearId))
    throw new RangeError('issueInvoices: one school year')
  const year = await schoolYear(trx, first.schoolYearId)
  const payers = await familyPayers(trx, [...new Set(inputs.map((i) => i.familyId))])
  const settings = await billingSettings(trx)
  const numbers = await nextNumbers(trx, year, 'facture', inputs.length)
  const issuedOn = parisDay(actor.clock.now())
  const issuedAt = isoNow(actor.clock)
  const rows = inputs.map((input, k) => {
    const found = payers.get(input.familyId)
    if (!found) throw new DomainError('NOT_FOUND', M.familyNotFound)
    const { sequence, number } = numbers[k] as { sequence: number; number: string }
    return {
      school_year_id: year.id,
      kind: 'facture',
      sequence,
      number,
      family_id: input.familyId,
      site_id: found.siteId,
      period: input.period,
      account: input.account ?? 'cotisations',
      label: settings.invoiceTitle,
      issued_on: issuedOn,
      issued_at: issuedAt,
      issued_by_staff_user_id: actor.staffUserId ?? null,
      total_cents: totals[k],
      credits_invoice_id: null,
      billing_run_id: input.billingRunId ?? null,
      payer_name: found.payer.name,
      payer_address: found.payer.address,
      payer_postal_code: found.payer.postalCode,
      payer_city: found.payer.city,
      payer_email: found.payer.email,
    }
  })
  const ids: number[] = []
  for (let from = 0; from < rows.length; from += 100) {
    const inserted = await trx('invoices')
      .insert(rows.slice(from, from + 100))
      .returning<{ id: number }[]>('id')
    ids.push(...inserted.map((r) => r.id))
  }
  await insertLines(
    trx,
    inputs.map((input, k) => ({ invoiceId: ids[k] as number, lines: input.lines })),
  )
  const instalments = inputs.flatMap((input, k) => {
    const dueDates = instalmentDueDates(input.firstDueOn ?? issuedOn, input.instalments)
    return splitInstalments(totals[k] as number, input.instalments).map((amount, i) => ({
      invoice_id: ids[k],
      position: i + 1,
      due_on: dueDates[i],
      amount_cents: amount,
      direct_debit: input.directDebit === true,
    }))
  })
  for (let from = 0; from < instalments.length; from += BATCH)
    await trx('invoice_instalments').insert(instalments.slice(from, from + BATCH))
  const audit = inputs.map((input, k) => ({
    at: issuedAt,
    actor_type: actor.staffUserId ? 'staff' : actor.guardianId ? 'family' : 'system',
    actor_id: actor.staffUserId ?? actor.guardianId ?? null,
    action: 'invoice.issue',
    entity_type: 'invoice',
    entity_id: ids[k],
    family_id: input.familyId,
    client_ip: actor.clientIp,
    details: JSON.stringify({
      number: numbers[k]?.number,
      totalCents: totals[k],
      instalments: input.instalments,
      period: input.period,
    }),
  }))
  for (let from = 0; from < audit.length; from += BATCH)
    await trx('audit_log').insert(audit.slice(from, from + BATCH))
  return inputs.map((_, k) => ({
    id: ids[k] as number,
    number: numbers[k]?.number as string,
    totalCents: totals[k] as number,
  }))
}

/** Issues an invoice for one family: its number, its lines, its instalments, the audit entry. */
export async function issueInvoice(
  trx: Trx,
  input: IssueInvoiceInput,
  actor: BillingActor,
): Promise<IssuedInvoice> {
  const [issued] = await issueInvoices(trx, [input], actor)
  return issued as IssuedInvoice
}
