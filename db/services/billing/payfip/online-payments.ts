// Starting an online payment: who may (the family's responsable 1), for what (an invoice of the
// family with something left, all of it), and the attempt written before the provider is asked.
import { isoNow } from '../../../clock.ts'
import type { Trx } from '../../../connection.ts'
import { DomainError } from '../../../errors.ts'
import { BILLING_MESSAGES } from '../../../rules/billing.ts'
import {
  NUMCLI_PATTERN,
  objetOf,
  PAYFIP_MAX_CENTS,
  PAYFIP_MESSAGES as M,
  PAYFIP_MIN_CENTS,
  refdetOf,
  type PayfipSaisie,
} from '../../../rules/payfip.ts'
import { sqlOf } from '../../../prepared.ts'
import { responsable1 } from '../family-billing.ts'
import { auditBilling, type BillingActor } from '../common.ts'
import { invoiceBalance } from '../invoices.ts'
import type { CreatePaymentInput } from './provider.ts'

/** PayFiP as set in Paramètres → Facturation: open when its client number is there. */
export async function payfipSettings(
  trx: Trx,
): Promise<{ numcli: string; saisie: PayfipSaisie } | null> {
  const row = await trx('billing_settings')
    .where({ id: 1 })
    .first<{ payfip_numcli: string; payfip_saisie: PayfipSaisie } | undefined>(
      'payfip_numcli',
      'payfip_saisie',
    )
  if (!row || !NUMCLI_PATTERN.test(row.payfip_numcli)) return null
  return { numcli: row.payfip_numcli, saisie: row.payfip_saisie }
}

/** Only the responsable 1 pays online (seed 004): the server answers 403 with this message. */
export class NotResponsable1 extends Error {
  constructor() {
    super(M.notResponsable1)
    this.name = 'NotResponsable1'
  }
}

export interface StartInput {
  invoiceId: number
  guardianId: number
  /** The portal's address as families reach it (PUBLIC_URL): PayFiP calls back there. */
  publicUrl: string
}

export interface Attempt {
  id: number
  provider: CreatePaymentInput
}

/**
 * Records an attempt to pay an invoice online, for all that is left on it: only by the family's
 * responsable 1, only an invoice of the family (another family's → not found). The provider is
 * asked afterwards, out of the transaction (`attachOperation`).
 */
export async function startOnlinePayment(
  trx: Trx,
  input: StartInput,
  actor: BillingActor,
): Promise<Attempt> {
  const guardian = await trx('guardians')
    .where({ id: input.guardianId })
    .whereNull('archived_at')
    .first<{ id: number; family_id: number; email: string } | undefined>('id', 'family_id', 'email')
  const invoice = await trx('invoices')
    .where({ id: input.invoiceId, kind: 'facture' })
    .first<{ id: number; number: string; family_id: number; issued_on: string } | undefined>(
      'id',
      'number',
      'family_id',
      'issued_on',
    )
  if (!guardian || !invoice || invoice.family_id !== guardian.family_id)
    throw new DomainError('NOT_FOUND', BILLING_MESSAGES.invoiceNotFound)
  if (responsable1(await sqlOf(trx), guardian.family_id)?.id !== guardian.id)
    throw new NotResponsable1()
  const settings = await payfipSettings(trx)
  if (!settings) throw new DomainError('CONFLICT', M.notOpen)
  const left = await invoiceBalance(trx, invoice.id)
  if (left <= 0) throw new DomainError('CONFLICT', M.nothingLeft)
  if (left < PAYFIP_MIN_CENTS) throw new DomainError('CONFLICT', M.tooSmall)
  if (left > PAYFIP_MAX_CENTS) throw new DomainError('CONFLICT', M.tooLarge)
  const mel = guardian.email.trim()
  if (!/^\S+@\S+$/.test(mel) || mel.length < 6 || mel.length > 80)
    throw new DomainError('VALIDATION', M.noEmail)
  const last = await trx('online_payments')
    .where({ invoice_id: invoice.id })
    .max<{ n: number | null }>('attempt as n')
    .first()
  const attempt = (last?.n ?? 0) + 1
  const provider: CreatePaymentInput = {
    numcli: settings.numcli,
    exer: invoice.issued_on.slice(0, 4),
    refdet: refdetOf(invoice.number, attempt),
    objet: objetOf(`Facture ${invoice.number}`),
    amountCents: left,
    mel,
    urlnotif: `${input.publicUrl}/api/payfip/notification`,
    urlredirect: `${input.publicUrl}/api/payfip/retour`,
    saisie: settings.saisie,
  }
  const [id] = await trx('online_payments').insert({
    invoice_id: invoice.id,
    family_id: invoice.family_id,
    guardian_id: guardian.id,
    attempt,
    amount_cents: left,
    refdet: provider.refdet,
    exer: provider.exer,
    numcli: provider.numcli,
    saisie: provider.saisie,
    mel,
    state: 'created',
    created_at: isoNow(actor.clock),
  })
  const attemptId = Number(id)
  await auditBilling(
    trx,
    actor,
    'online_payment.start',
    { type: 'online_payment', id: attemptId, familyId: invoice.family_id },
    {
      invoice: invoice.number,
      refdet: provider.refdet,
      amountCents: left,
      saisie: settings.saisie,
    },
  )
  return { id: attemptId, provider }
}

/** The provider's operation id, once it gave one; or the attempt failed (the provider refused). */
export async function attachOperation(
  trx: Trx,
  attemptId: number,
  outcome: { idOp: string } | { error: string },
): Promise<void> {
  if ('idOp' in outcome)
    await trx('online_payments').where({ id: attemptId }).update({ idop: outcome.idOp })
  else
    await trx('online_payments')
      .where({ id: attemptId })
      .update({ state: 'error', problem: outcome.error.slice(0, 200) })
}

/** The family an operation belongs to (the return page checks it is the family's own). */
export async function familyOfOperation(trx: Trx, idOp: string): Promise<number | null> {
  const row = await trx('online_payments')
    .where({ idop: idOp })
    .first<{ family_id: number } | undefined>('family_id')
  return row?.family_id ?? null
}

/**
 * The operations PayFiP never said the end of (a notification lost, a browser closed before the
 * return page), started before `createdBefore` and not asked about since `checkedBefore`.
 */
export async function pendingOperations(
  trx: Trx,
  bounds: { createdBefore: string; checkedBefore: string; limit: number },
): Promise<string[]> {
  const rows = await trx('online_payments')
    .where({ state: 'created' })
    .whereNotNull('idop')
    .where('created_at', '<', bounds.createdBefore)
    .where((q) => q.whereNull('checked_at').orWhere('checked_at', '<', bounds.checkedBefore))
    .orderBy('id')
    .limit(bounds.limit)
    .select<{ idop: string }[]>('idop')
  return rows.map((r) => r.idop)
}
