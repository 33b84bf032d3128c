// Payments: one invoice each, partial or whole, never more than what is left; each gets the next
// receipt number of its school year. Staff record cheques, cash, cards, transfers, direct debits
// and chèques vacances; an online payment is recorded once its provider confirmed it.
import { isoNow } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import { DomainError } from '../../errors.ts'
import { BILLING_MESSAGES as M, PAYMENT_MODES, type PaymentMode } from '../../rules/billing.ts'
import { INVOICING_MESSAGES as IM } from '../../rules/invoicing.ts'
import { parisDay, parseDay } from '../../rules/pedagogy.ts'
import { auditBilling, nextNumber, schoolYear, type BillingActor } from './common.ts'
import { invoiceBalance, invoiceRow } from './invoices.ts'

export interface PaymentInput {
  invoiceId: number
  mode: PaymentMode
  amountCents: number
  /** 'YYYY-MM-DD' */
  paidOn: string
  /** Cheque number, bank operation, PayFiP's operation id. */
  reference?: string
  /** The card's authorisation number (PayFiP's numauto). */
  authorisation?: string
  instalmentId?: number | null
}

export interface RecordedPayment {
  id: number
  receiptNumber: string
  familyId: number
  /** What is left to pay on the invoice after this payment. */
  leftCents: number
}

function checkPayment(input: PaymentInput, today: string): Record<string, string> {
  const errors: Record<string, string> = {}
  if (!(PAYMENT_MODES as readonly string[]).includes(input.mode)) errors['mode'] = M.badMode
  if (!Number.isSafeInteger(input.amountCents)) errors['amount'] = M.badAmount
  else if (input.amountCents <= 0) errors['amount'] = M.amountNotPositive
  if (parseDay(input.paidOn) !== input.paidOn) errors['paidOn'] = M.badDate
  // A direct debit is recorded when its file goes to the bank, dated the day the bank collects it;
  // every other payment has been received already.
  else if (input.paidOn > today && input.mode !== 'prelevement') errors['paidOn'] = IM.futurePayment
  if ((input.reference ?? '').length > 60) errors['reference'] = M.referenceTooLong
  return errors
}

/** Records a payment on an invoice, with its receipt number and the audit entry. */
export async function recordPayment(
  trx: Trx,
  input: PaymentInput,
  actor: BillingActor,
): Promise<RecordedPayment> {
  const errors = checkPayment(input, parisDay(actor.clock.now()))
  const [first] = Object.values(errors)
  if (first) throw new DomainError('VALIDATION', first, errors)
  const invoice = await invoiceRow(trx, input.invoiceId)
  if (invoice.kind !== 'facture') throw new DomainError('NOT_FOUND', M.invoiceNotFound)
  const due = await invoiceBalance(trx, invoice.id)
  if (due <= 0) throw new DomainError('CONFLICT', M.nothingLeft)
  if (input.amountCents > due)
    throw new DomainError('VALIDATION', M.overpaid, { amount: M.overpaid })
  if (input.instalmentId !== undefined && input.instalmentId !== null) {
    const instalment = await trx('invoice_instalments')
      .where({ id: input.instalmentId, invoice_id: invoice.id })
      .first<{ id: number } | undefined>('id')
    if (!instalment) throw new DomainError('VALIDATION', IM.badInstalment)
  }
  const year = await schoolYear(trx, invoice.school_year_id)
  const receipt = await nextNumber(trx, year, 'recu')
  const [id] = await trx('payments').insert({
    invoice_id: invoice.id,
    family_id: invoice.family_id,
    school_year_id: year.id,
    mode: input.mode,
    amount_cents: input.amountCents,
    paid_on: input.paidOn,
    reference: (input.reference ?? '').trim(),
    authorisation: (input.authorisation ?? '').trim(),
    receipt_sequence: receipt.sequence,
    receipt_number: receipt.number,
    recorded_at: isoNow(actor.clock),
    recorded_by_staff_user_id: actor.staffUserId ?? null,
    recorded_by_guardian_id: actor.guardianId ?? null,
    instalment_id: input.instalmentId ?? null,
  })
  const paymentId = Number(id)
  await auditBilling(
    trx,
    actor,
    'payment.record',
    { type: 'payment', id: paymentId, familyId: invoice.family_id },
    {
      invoice: invoice.number,
      receipt: receipt.number,
      mode: input.mode,
      amountCents: input.amountCents,
      paidOn: input.paidOn,
    },
  )
  return {
    id: paymentId,
    receiptNumber: receipt.number,
    familyId: invoice.family_id,
    leftCents: due - input.amountCents,
  }
}
