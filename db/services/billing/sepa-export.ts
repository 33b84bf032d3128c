// A month's SEPA direct debits: the instalments due that month that are collected by direct
// debit, not in an export yet, of families with a mandate in force, with something left to pay;
// then their export as a pain.008.001.02 file. The export marks each instalment with its batch
// and records its payment (mode prélèvement, reference the debit's end-to-end id), all in the
// caller's one transaction: an instalment is never exported twice (sepa_debits.instalment_id is
// unique, and the selection skips those already in a batch).
import { chunks } from '../../chunks.ts'
import { isoNow } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import { DomainError } from '../../errors.ts'
import { parisDay, parseDay } from '../../rules/pedagogy.ts'
import { isMonth, maskedIban, monthBounds, SEPA_MESSAGES as M } from '../../rules/sepa.ts'
import type {
  DebitExportInput,
  DebitExportResult,
  DebitLineView,
  DebitPreviewView,
} from '../../rules/sepa-views.ts'
import type { SiteScope } from '../staff-scope.ts'
import { recordAudit } from '../audit.ts'
import type { BillingActor } from './common.ts'
import { recordPayment } from './payments.ts'
import { sepaCreditor, sepaXml } from './sepa-xml.ts'

interface Row {
  instalment_id: number
  invoice_id: number
  number: string
  family_id: number
  family_name: string
  position: number
  plan: number
  due_on: string
  left_on_instalment: number
  balance: number
  /** Null: the family has no mandate in force. */
  mandate_id: number | null
  rum: string
  holder_name: string
  iban: string
  bic: string
  signed_on: string
  first_batch_id: number | null
}

function checkMonth(month: string): [string, string] {
  if (!isMonth(month)) throw new DomainError('VALIDATION', M.badMonth, { month: M.badMonth })
  return monthBounds(month)
}

function inSites(siteIds: SiteScope): [string, number[]] {
  if (siteIds === null) return ['', []]
  if (siteIds.length === 0) return [' AND 0', []]
  return [` AND i.site_id IN (${siteIds.map(() => '?').join(', ')})`, [...siteIds]]
}

/** The direct debit instalments due in the month, on invoices of the sites, not exported yet. */
async function dueRows(trx: Trx, month: string, siteIds: SiteScope): Promise<Row[]> {
  const [from, to] = checkMonth(month)
  const [sites, siteArgs] = inSites(siteIds)
  // The sums are taken once per table (payments.instalment_id and invoices.credits_invoice_id
  // have no index): a correlated subquery per row would read them once per debit.
  return trx.raw<Row[]>(
    `WITH due AS (
       SELECT ii.id, ii.invoice_id, ii.position, ii.due_on, ii.amount_cents
         FROM invoice_instalments ii JOIN invoices i ON i.id = ii.invoice_id
        WHERE ii.direct_debit = 1 AND ii.sepa_batch_id IS NULL
          AND ii.due_on BETWEEN ? AND ? AND i.kind = 'facture'${sites}),
     plan AS (SELECT invoice_id, COUNT(*) AS n FROM invoice_instalments
               WHERE invoice_id IN (SELECT invoice_id FROM due) GROUP BY invoice_id),
     on_instalment AS (SELECT instalment_id, SUM(amount_cents) AS s FROM payments
               WHERE instalment_id IN (SELECT id FROM due) GROUP BY instalment_id),
     on_invoice AS (SELECT invoice_id, SUM(amount_cents) AS s FROM payments
               WHERE invoice_id IN (SELECT invoice_id FROM due) GROUP BY invoice_id),
     credited AS (SELECT credits_invoice_id AS invoice_id, SUM(total_cents) AS s FROM invoices
               WHERE credits_invoice_id IN (SELECT invoice_id FROM due)
               GROUP BY credits_invoice_id)
     SELECT due.id AS instalment_id, i.id AS invoice_id, i.number, i.family_id,
            f.name AS family_name, due.position, due.due_on, plan.n AS plan,
            due.amount_cents - COALESCE(on_instalment.s, 0) AS left_on_instalment,
            i.total_cents + COALESCE(credited.s, 0) - COALESCE(on_invoice.s, 0) AS balance,
            m.id AS mandate_id, m.rum, m.holder_name, m.iban, m.bic, m.signed_on,
            m.first_batch_id
       FROM due
       JOIN invoices i ON i.id = due.invoice_id
       JOIN families f ON f.id = i.family_id
       JOIN plan ON plan.invoice_id = i.id
       LEFT JOIN on_instalment ON on_instalment.instalment_id = due.id
       LEFT JOIN on_invoice ON on_invoice.invoice_id = i.id
       LEFT JOIN credited ON credited.invoice_id = i.id
       LEFT JOIN sepa_mandates m ON m.family_id = i.family_id AND m.revoked_at IS NULL
      ORDER BY f.name, i.number, due.position`,
    [from, to, ...siteArgs],
  )
}

/**
 * What each row collects: what is left on the instalment, never more than what is left on the
 * invoice once the earlier instalments of this same export are counted.
 */
function toCollect(rows: Row[]): { lines: DebitLineView[]; rows: Row[]; withoutMandate: number } {
  const taken = new Map<number, number>()
  const lines: DebitLineView[] = []
  const kept: Row[] = []
  let withoutMandate = 0
  for (const row of rows) {
    const left = row.balance - (taken.get(row.invoice_id) ?? 0)
    const amount = Math.min(row.left_on_instalment, left)
    if (amount <= 0) continue
    if (row.mandate_id === null) {
      withoutMandate += 1
      continue
    }
    taken.set(row.invoice_id, (taken.get(row.invoice_id) ?? 0) + amount)
    kept.push(row)
    lines.push({
      instalmentId: row.instalment_id,
      invoiceId: row.invoice_id,
      invoiceNumber: row.number,
      familyId: row.family_id,
      familyName: row.family_name,
      instalment: `${row.position}/${row.plan}`,
      dueOn: row.due_on,
      amountCents: amount,
      mandateId: row.mandate_id,
      rum: row.rum,
      holderName: row.holder_name,
      ibanMasked: maskedIban(row.iban),
      sequence: row.first_batch_id === null ? 'FRST' : 'RCUR',
    })
  }
  return { lines, rows: kept, withoutMandate }
}

function proposedDate(lines: DebitLineView[], month: string, today: string): string {
  const lastDue = lines.reduce((max, l) => (l.dueOn > max ? l.dueOn : max), `${month}-01`)
  const tomorrow = new Date(`${today}T12:00:00Z`)
  tomorrow.setUTCDate(tomorrow.getUTCDate() + 1)
  const earliest = tomorrow.toISOString().slice(0, 10)
  return lastDue > earliest ? lastDue : earliest
}

/** What an export of the month would collect, for the staff member's sites. */
export async function debitPreview(
  trx: Trx,
  input: { month: string; siteIds: SiteScope; today: string },
): Promise<DebitPreviewView> {
  const { lines, withoutMandate } = toCollect(await dueRows(trx, input.month, input.siteIds))
  return {
    month: input.month,
    lines,
    count: lines.length,
    totalCents: lines.reduce((sum, l) => sum + l.amountCents, 0),
    collectionDate: proposedDate(lines, input.month, input.today),
    creditorProblem: (await sepaCreditor(trx)) ? null : M.noCreditor,
    withoutMandate,
  }
}

export interface ExportInput extends DebitExportInput {
  siteIds: SiteScope
}

function collectionDateOf(input: ExportInput, lines: DebitLineView[], today: string): string {
  if (!input.collectionDate) return proposedDate(lines, input.month, today)
  const day = parseDay(input.collectionDate)
  const field = (message: string) =>
    new DomainError('VALIDATION', message, { collectionDate: message })
  if (!day) throw field(M.badCollectionDate)
  if (day <= today) throw field(M.pastCollectionDate)
  return day
}

/** Exports the month's debits: the batch, its file, the instalments marked, the payments. */
export async function exportDebits(
  trx: Trx,
  input: ExportInput,
  actor: BillingActor,
): Promise<DebitExportResult> {
  const today = parisDay(actor.clock.now())
  const { lines, rows } = toCollect(await dueRows(trx, input.month, input.siteIds))
  const creditor = await sepaCreditor(trx)
  if (!creditor) throw new DomainError('VALIDATION', M.noCreditor)
  if (lines.length === 0) throw new DomainError('VALIDATION', M.nothingToCollect)
  const collectionDate = collectionDateOf(input, lines, today)
  const createdAt = isoNow(actor.clock)
  const totalCents = lines.reduce((sum, l) => sum + l.amountCents, 0)
  const [id] = await trx('sepa_batches').insert({
    message_id: `PENDING-${createdAt}`,
    month: input.month,
    collection_date: collectionDate,
    transactions: lines.length,
    total_cents: totalCents,
    file_name: '',
    xml: '',
    created_at: createdAt,
    created_by_staff_user_id: actor.staffUserId ?? null,
  })
  const batchId = Number(id)
  const messageId = `PORTEE-SDD-${input.month.replace('-', '')}-${String(batchId).padStart(5, '0')}`
  const transactions = lines.map((line, i) => {
    const row = rows[i] as Row
    return {
      endToEndId: `${line.invoiceNumber}-E${String(row.position).padStart(2, '0')}`,
      amountCents: line.amountCents,
      sequence: line.sequence,
      rum: line.rum,
      signedOn: row.signed_on,
      debtorName: line.holderName,
      debtorIban: row.iban,
      debtorBic: row.bic,
      remittance: `Facture ${line.invoiceNumber} echeance ${line.instalment}`,
    }
  })
  const debits = []
  for (const [i, line] of lines.entries()) {
    const tx = transactions[i] as (typeof transactions)[number]
    const payment = await recordPayment(
      trx,
      {
        invoiceId: line.invoiceId,
        mode: 'prelevement',
        amountCents: line.amountCents,
        paidOn: collectionDate,
        reference: tx.endToEndId,
        instalmentId: line.instalmentId,
      },
      actor,
    )
    debits.push({
      batch_id: batchId,
      instalment_id: line.instalmentId,
      mandate_id: line.mandateId,
      payment_id: payment.id,
      end_to_end_id: tx.endToEndId,
      sequence_type: line.sequence,
      amount_cents: line.amountCents,
    })
  }
  for (const part of chunks(debits)) {
    await trx('sepa_debits').insert(part)
    const instalments = part.map((d) => d.instalment_id)
    await trx('invoice_instalments').whereIn('id', instalments).update({ sepa_batch_id: batchId })
  }
  for (const part of chunks([...new Set(lines.map((l) => l.mandateId))]))
    await trx('sepa_mandates')
      .whereIn('id', part)
      .whereNull('first_batch_id')
      .update({ first_batch_id: batchId, updated_at: createdAt })
  const xml = sepaXml({ messageId, createdAt, collectionDate, creditor, transactions })
  const fileName = `prelevements-${input.month}-${String(batchId).padStart(5, '0')}.xml`
  await trx('sepa_batches')
    .where({ id: batchId })
    .update({ message_id: messageId, xml, file_name: fileName })
  // Each family's journal has the payment recorded for it; the export is one entry.
  await recordAudit(trx, {
    clock: actor.clock,
    actorType: actor.staffUserId ? 'staff' : 'system',
    actorId: actor.staffUserId ?? null,
    action: 'sepa.export',
    entityType: 'sepa_batch',
    entityId: batchId,
    clientIp: actor.clientIp,
    details: { messageId, month: input.month, collectionDate, count: lines.length, totalCents },
  })
  return { batchId, messageId, count: lines.length, totalCents }
}
