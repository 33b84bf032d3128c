// Invoices and credit notes. An invoice is issued once (issuing.ts), with its lines, its total and
// its instalment plan, under the next number of its school year; it never changes afterwards. A
// correction is a credit note: lines of negative amounts, its own numbers, pointing at the invoice.
import { isoNow } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import { DomainError } from '../../errors.ts'
import { BILLING_MESSAGES as M, type Account, type BillingPeriod } from '../../rules/billing.ts'
import { INVOICING_MESSAGES as IM } from '../../rules/invoicing.ts'
import { parisDay } from '../../rules/pedagogy.ts'
import { auditBilling, familyPayer, nextNumber, schoolYear, type BillingActor } from './common.ts'
import { checkLines, insertLines, type InvoiceLineInput, type IssuedInvoice } from './issuing.ts'

export {
  billingSettings,
  issueInvoice,
  issueInvoices,
  type InvoiceLineInput,
  type IssueInvoiceInput,
  type IssuedInvoice,
} from './issuing.ts'

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
  const lines = input.lines.map((line) => ({ ...line, amountCents: -line.amountCents }))
  await insertLines(trx, [{ invoiceId: creditId, lines }])
  await auditBilling(
    trx,
    actor,
    'invoice.credit',
    { type: 'invoice', id: creditId, familyId: invoice.family_id },
    { number, invoice: invoice.number, totalCents: -credited, reason },
  )
  return { id: creditId, number, totalCents: -credited }
}
