// Invoices and credit notes. An invoice is issued once, with its lines, its total and its
// instalment plan, under the next number of its school year; it never changes afterwards. A
// correction is a credit note: lines of negative amounts, its own numbers, pointing at the invoice.
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
import { auditBilling, familyPayer, nextNumber, schoolYear, type BillingActor } from './common.ts'

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

function checkLines(lines: readonly InvoiceLineInput[]): number {
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

async function insertLines(
  trx: Trx,
  invoiceId: number,
  lines: readonly InvoiceLineInput[],
): Promise<void> {
  await trx('invoice_lines').insert(
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
}

/** Issues an invoice for one family: its number, its lines, its instalments, the audit entry. */
export async function issueInvoice(
  trx: Trx,
  input: IssueInvoiceInput,
  actor: BillingActor,
): Promise<IssuedInvoice> {
  const total = checkIssue(input)
  const year = await schoolYear(trx, input.schoolYearId)
  const { siteId, payer } = await familyPayer(trx, input.familyId)
  const settings = await billingSettings(trx)
  const { sequence, number } = await nextNumber(trx, year, 'facture')
  const issuedOn = parisDay(actor.clock.now())
  const [id] = await trx('invoices').insert({
    school_year_id: year.id,
    kind: 'facture',
    sequence,
    number,
    family_id: input.familyId,
    site_id: siteId,
    period: input.period,
    account: input.account ?? 'cotisations',
    label: settings.invoiceTitle,
    issued_on: issuedOn,
    issued_at: isoNow(actor.clock),
    issued_by_staff_user_id: actor.staffUserId ?? null,
    total_cents: total,
    credits_invoice_id: null,
    billing_run_id: input.billingRunId ?? null,
    payer_name: payer.name,
    payer_address: payer.address,
    payer_postal_code: payer.postalCode,
    payer_city: payer.city,
    payer_email: payer.email,
  })
  const invoiceId = Number(id)
  await insertLines(trx, invoiceId, input.lines)
  const dueDates = instalmentDueDates(input.firstDueOn ?? issuedOn, input.instalments)
  const amounts = splitInstalments(total, input.instalments)
  await trx('invoice_instalments').insert(
    amounts.map((amount, i) => ({
      invoice_id: invoiceId,
      position: i + 1,
      due_on: dueDates[i],
      amount_cents: amount,
      direct_debit: input.directDebit === true,
    })),
  )
  await auditBilling(
    trx,
    actor,
    'invoice.issue',
    { type: 'invoice', id: invoiceId, familyId: input.familyId },
    { number, totalCents: total, instalments: input.instalments, period: input.period },
  )
  return { id: invoiceId, number, totalCents: total }
}

export interface InvoiceRow {
  id: number
  kind: 'facture' | 'avoir'
  number: string
  family_id: number
  site_id: number
  school_year_id: number
  period: BillingPeriod
  account: Account
  total_cents: number
  credits_invoice_id: number | null
}

export async function invoiceRow(trx: Trx, invoiceId: number): Promise<InvoiceRow> {
  const row = await trx('invoices')
    .where({ id: invoiceId })
    .first<InvoiceRow | undefined>(
      'id',
      'kind',
      'number',
      'family_id',
      'site_id',
      'school_year_id',
      'period',
      'account',
      'total_cents',
      'credits_invoice_id',
    )
  if (!row) throw new DomainError('NOT_FOUND', M.invoiceNotFound)
  return row
}

/**
 * What is left to pay on an invoice: its total, less its credit notes, less its payments. Negative
 * when the family paid more than what remains after a credit note (the conservatoire owes it).
 */
export async function invoiceBalance(trx: Trx, invoiceId: number): Promise<number> {
  const row = await trx.raw<{ due: number }[]>(
    `SELECT i.total_cents
        + COALESCE((SELECT SUM(total_cents) FROM invoices WHERE credits_invoice_id = i.id), 0)
        - COALESCE((SELECT SUM(amount_cents) FROM payments WHERE invoice_id = i.id), 0) AS due
       FROM invoices i WHERE i.id = ?`,
    [invoiceId],
  )
  const first = row[0]
  if (!first) throw new DomainError('NOT_FOUND', M.invoiceNotFound)
  return first.due
}

export interface CreditNoteInput {
  invoiceId: number
  reason: string
  /** The lines of the correction, amounts positive as typed (they are written negative). */
  lines: readonly InvoiceLineInput[]
}

/** Issues a credit note on an invoice: never more than what was billed and not credited yet. */
export async function issueCreditNote(
  trx: Trx,
  input: CreditNoteInput,
  actor: BillingActor,
): Promise<IssuedInvoice> {
  const invoice = await invoiceRow(trx, input.invoiceId)
  if (invoice.kind !== 'facture') throw new DomainError('VALIDATION', M.creditOfCredit)
  const reason = input.reason.trim()
  if (!reason) throw new DomainError('VALIDATION', M.reasonRequired, { reason: M.reasonRequired })
  const credited = checkLines(input.lines)
  if (input.lines.some((line) => line.amountCents <= 0))
    throw new DomainError('VALIDATION', IM.lineNotPositive, { lines: IM.lineNotPositive })
  if (credited <= 0) throw new DomainError('VALIDATION', M.amountNotPositive)
  const already = await trx('invoices')
    .where({ credits_invoice_id: invoice.id })
    .sum<{ s: number | null }>({ s: 'total_cents' })
    .first()
  if (credited > invoice.total_cents + (already?.s ?? 0))
    throw new DomainError('VALIDATION', M.creditTooLarge)
  const year = await schoolYear(trx, invoice.school_year_id)
  const { payer } = await familyPayer(trx, invoice.family_id)
  const { sequence, number } = await nextNumber(trx, year, 'avoir')
  const [id] = await trx('invoices').insert({
    school_year_id: year.id,
    kind: 'avoir',
    sequence,
    number,
    family_id: invoice.family_id,
    site_id: invoice.site_id,
    period: invoice.period,
    account: invoice.account,
    label: `Avoir sur ${invoice.number} : ${reason}`.slice(0, 120),
    issued_on: parisDay(actor.clock.now()),
    issued_at: isoNow(actor.clock),
    issued_by_staff_user_id: actor.staffUserId ?? null,
    total_cents: -credited,
    credits_invoice_id: invoice.id,
    payer_name: payer.name,
    payer_address: payer.address,
    payer_postal_code: payer.postalCode,
    payer_city: payer.city,
    payer_email: payer.email,
  })
  const creditId = Number(id)
  await insertLines(
    trx,
    creditId,
    input.lines.map((line) => ({ ...line, amountCents: -line.amountCents })),
  )
  await auditBilling(
    trx,
    actor,
    'invoice.credit',
    { type: 'invoice', id: creditId, familyId: invoice.family_id },
    { number, invoice: invoice.number, totalCents: -credited, reason },
  )
  return { id: creditId, number, totalCents: -credited }
}
