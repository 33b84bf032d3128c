// Settling an online payment: from PayFiP's notification and from the family's return page, each
// time on PayFiP's own details of the operation (never on what the caller says). The payment is
// recorded once, only when PayFiP says it was paid, for the attempt's amount and reference, and
// only while the invoice still owes that amount; then the guardian gets the receipt mail.
import { isoNow, type Clock } from '../../../clock.ts'
import type { Trx } from '../../../connection.ts'
import { compose, greeting } from '../../../mail-templates.ts'
import { euros } from '../../../rules/billing.ts'
import { parisDay } from '../../../rules/pedagogy.ts'
import {
  dayOfDattrans,
  PAYFIP_MESSAGES as M,
  stateOfResultrans,
  type OnlinePaymentState,
} from '../../../rules/payfip.ts'
import { guardianProfile } from '../../access.ts'
import { enqueueMail } from '../../outbox.ts'
import { auditBilling, type BillingActor } from '../common.ts'
import { invoiceBalance } from '../invoices.ts'
import { recordPayment } from '../payments.ts'
import type { PaymentDetails } from './provider.ts'

interface AttemptRow {
  id: number
  invoice_id: number
  family_id: number
  guardian_id: number | null
  amount_cents: number
  refdet: string
  exer: string
  numcli: string
  state: OnlinePaymentState
  problem: string
  payment_id: number | null
  invoice_number: string
  receipt_number: string | null
}

export interface SettleInput {
  /** PayFiP's notification (true) or the family's return page (false). */
  notified: boolean
  clientIp: string
  clock: Clock
  /** The portal's address (PUBLIC_URL), for the mail's link to Facturation. */
  publicUrl: string
}

export interface SettleOutcome {
  /** 'unknown': no attempt has this operation id (a forged notification). */
  state: OnlinePaymentState | 'unknown'
  /** Whether this call recorded the payment (false when it was recorded before). */
  recorded: boolean
  invoiceNumber: string
  amountCents: number
  receiptNumber: string
  familyId: number | null
  /** What went wrong, in French, for the state 'error'. */
  problem: string
}

async function attemptOf(trx: Trx, idOp: string): Promise<AttemptRow | undefined> {
  return trx('online_payments as o')
    .join('invoices as i', 'i.id', 'o.invoice_id')
    .leftJoin('payments as p', 'p.id', 'o.payment_id')
    .where('o.idop', idOp)
    .first<AttemptRow | undefined>(
      'o.id',
      'o.invoice_id',
      'o.family_id',
      'o.guardian_id',
      'o.amount_cents',
      'o.refdet',
      'o.exer',
      'o.numcli',
      'o.state',
      'o.problem',
      'o.payment_id',
      'i.number as invoice_number',
      'p.receipt_number',
    )
}

const outcomeOf = (row: AttemptRow, recorded = false): SettleOutcome => ({
  state: row.state,
  recorded,
  invoiceNumber: row.invoice_number,
  amountCents: row.amount_cents,
  receiptNumber: row.receipt_number ?? '',
  familyId: row.family_id,
  problem: row.problem,
})

/** Whether PayFiP's details are those of this attempt (amount, reference, client, year). */
function matches(row: AttemptRow, idOp: string, details: PaymentDetails): boolean {
  return (
    details.idOp === idOp &&
    details.montant === row.amount_cents &&
    details.refdet === row.refdet &&
    details.numcli === row.numcli &&
    details.exer === row.exer
  )
}

/**
 * Settles the attempt whose PayFiP operation is `idOp` with PayFiP's `details` of it (null:
 * PayFiP knows no end to it yet). Settled attempts stay as they are: a replayed or late
 * notification changes nothing and records nothing again.
 */
export async function settleOnlinePayment(
  trx: Trx,
  idOp: string,
  details: PaymentDetails | null,
  input: SettleInput,
): Promise<SettleOutcome> {
  const row = await attemptOf(trx, idOp)
  if (!row) {
    const nothing = { recorded: false, invoiceNumber: '', amountCents: 0, receiptNumber: '' }
    return { ...nothing, state: 'unknown', familyId: null, problem: M.operationNotFound }
  }
  const now = isoNow(input.clock)
  await trx('online_payments')
    .where({ id: row.id })
    .update({ checked_at: now, ...(input.notified ? { notified_at: now } : {}) })
  const answered = details ? stateOfResultrans(details.resultrans) : null
  if (row.state !== 'created' || !details || !answered) return outcomeOf(row)
  const answers = {
    resultrans: details.resultrans,
    numauto: details.numauto.slice(0, 20),
    dattrans: details.dattrans.slice(0, 8),
    heurtrans: details.heurtrans.slice(0, 4),
  }
  const actor: BillingActor = {
    guardianId: row.guardian_id,
    clientIp: input.clientIp,
    clock: input.clock,
  }
  const entity = { type: 'online_payment', id: row.id, familyId: row.family_id }
  if (!matches(row, idOp, details)) {
    const { montant, refdet, numcli, exer } = details
    const said = { idOp: details.idOp, montant, refdet, numcli, exer }
    return fail(trx, row, actor, M.mismatch, answers, said)
  }
  if (answered !== 'paid') {
    await trx('online_payments')
      .where({ id: row.id })
      .update({ ...answers, state: answered })
    await auditBilling(trx, actor, `online_payment.${answered}`, entity, { idOp, ...answers })
    return outcomeOf({ ...row, state: answered })
  }
  if ((await invoiceBalance(trx, row.invoice_id)) < row.amount_cents)
    return fail(trx, row, actor, M.paidMeanwhile, answers, { idOp })
  const payment = await recordPayment(
    trx,
    {
      invoiceId: row.invoice_id,
      mode: 'paiement_en_ligne',
      amountCents: row.amount_cents,
      paidOn: dayOfDattrans(details.dattrans) ?? parisDay(input.clock.now()),
      reference: idOp,
      authorisation: answers.numauto,
    },
    actor,
  )
  await trx('online_payments')
    .where({ id: row.id })
    .update({ ...answers, state: 'paid', payment_id: payment.id })
  await auditBilling(trx, actor, 'online_payment.paid', entity, {
    idOp,
    receipt: payment.receiptNumber,
    ...answers,
  })
  const paid = { ...row, state: 'paid' as const, receipt_number: payment.receiptNumber }
  await mailReceipt(trx, paid, answers.numauto, input)
  return outcomeOf(paid, true)
}

/** PayFiP's answer cannot be recorded: the attempt says why, the audit log keeps the answer. */
async function fail(
  trx: Trx,
  row: AttemptRow,
  actor: BillingActor,
  problem: string,
  answers: Record<string, string>,
  details: Record<string, unknown>,
): Promise<SettleOutcome> {
  await trx('online_payments')
    .where({ id: row.id })
    .update({ ...answers, state: 'error', problem })
  await auditBilling(
    trx,
    actor,
    'online_payment.error',
    { type: 'online_payment', id: row.id, familyId: row.family_id },
    { problem, ...answers, ...details },
  )
  return outcomeOf({ ...row, state: 'error', problem })
}

/** « Paiement en ligne reçu »: the amount, the invoice, the receipt, where to find it. */
async function mailReceipt(
  trx: Trx,
  row: AttemptRow & { receipt_number: string },
  numauto: string,
  input: SettleInput,
): Promise<void> {
  const guardian = row.guardian_id ? await guardianProfile(trx, row.guardian_id) : undefined
  if (!guardian?.email) return
  const amount = euros(row.amount_cents)
  const mail = compose(
    guardian.site,
    `Paiement en ligne reçu — facture ${row.invoice_number}`,
    [
      `${greeting(guardian.guardian)}\n\nNous avons bien reçu votre paiement en ligne de ${amount} pour la facture n° ${row.invoice_number}${numauto ? ` (autorisation n° ${numauto})` : ''}.`,
      `Votre reçu n° ${row.receipt_number} est disponible dans le menu « Facturation » de votre espace famille.`,
    ],
    { label: 'Ouvrir Facturation', url: `${input.publicUrl}/facturation` },
  )
  await enqueueMail(trx, {
    kind: 'online_payment_receipt',
    to: guardian.email,
    siteId: guardian.siteId,
    guardianId: guardian.id,
    clock: input.clock,
    mail,
  })
}
