import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Trx } from '../../db/connection.ts'
import { DomainError } from '../../db/errors.ts'
import {
  issueCreditNote,
  invoiceBalance,
  issueInvoice,
} from '../../db/services/billing/invoices.ts'
import { familyLedger } from '../../db/services/billing/ledger.ts'
import { recordPayment, type PaymentInput } from '../../db/services/billing/payments.ts'
import {
  buildBillingWorld,
  ledgerSnapshot,
  line,
  type BillingWorld,
} from '../support/billing-invoicing.ts'
import { freshDatabases } from '../support/db.ts'

// The ledger's services on a real SQLite file: numbers per year without gaps (also when many
// transactions want one at once and some fail), invoices that never change, credit notes and
// their limits, instalments that sum to the total, partial payments, overpayments refused with
// nothing written, the family's account as seed 002 shows it, the audit log.

const freshDb = freshDatabases('portee-ledger-')
let w: BillingWorld

beforeEach(async () => {
  w = await buildBillingWorld(freshDb())
  w.clock.set('2025-10-15T10:00:00.000Z')
})

const pay = (input: Omit<PaymentInput, 'mode' | 'paidOn'> & Partial<PaymentInput>) =>
  w.db.transaction((trx) =>
    recordPayment(trx, { mode: 'cheque', paidOn: '2025-10-14', ...input }, w.billing),
  )
const credit = (invoiceId: number, amounts: number[], reason = 'Cours arrêté en janvier') =>
  w.db.transaction((trx) =>
    issueCreditNote(
      trx,
      { invoiceId, reason, lines: amounts.map((a, i) => line(`Correction ${i + 1}`, a)) },
      w.billing,
    ),
  )

async function refused(change: () => Promise<unknown>): Promise<DomainError> {
  const before = await ledgerSnapshot(w.db)
  const error = await change().then(
    () => new Error('accepted'),
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(DomainError)
  expect(await ledgerSnapshot(w.db)).toEqual(before)
  return error as DomainError
}

describe('numbers', () => {
  it('follows one series per school year and kind: 2025-F-000001, 2025-A-000001, 2025-R-000001', async () => {
    const a = await w.invoice([line('Trompette — ABOLANT Adrien', 18000)])
    const b = await w.invoice([line('Classique adulte', 9000)], { familyId: w.families.torrice })
    const c = await credit(a.id, [2000])
    const p = await pay({ invoiceId: b.id, amountCents: 9000 })
    const d = await w.invoice([line('Frais de dossier', 2000)])
    expect([a.number, b.number, d.number]).toEqual([
      '2025-F-000001',
      '2025-F-000002',
      '2025-F-000003',
    ])
    expect(c.number).toBe('2025-A-000001')
    expect(p.receiptNumber).toBe('2025-R-000001')
  })

  it('has no gap when forty invoices are issued at once and one in five fails after taking its number', async () => {
    const attempts = Array.from({ length: 40 }, (_, i) =>
      w.db.transaction(async (trx: Trx) => {
        const issued = await issueInvoice(
          trx,
          {
            familyId: i % 2 ? w.families.abolant : w.families.torrice,
            schoolYearId: w.years.y2025,
            period: 'annee',
            lines: [line(`Cours ${i}`, 1000 + i)],
            instalments: 3,
          },
          w.billing,
        )
        if (i % 5 === 4) throw new Error(`la transaction ${i} échoue après ${issued.number}`)
        return issued.number
      }),
    )
    const outcomes = await Promise.allSettled(attempts)
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(8)
    const numbers = (await w.db('invoices').orderBy('sequence').pluck('number')) as string[]
    expect(numbers).toHaveLength(32)
    expect(numbers[0]).toBe('2025-F-000001')
    expect(numbers[31]).toBe('2025-F-000032')
    expect(numbers.map((n) => Number(n.slice(-6)))).toEqual(
      Array.from({ length: 32 }, (_, i) => i + 1),
    )
    expect(await w.db('billing_sequences').select('kind', 'last_number')).toEqual([
      { kind: 'facture', last_number: 32 },
    ])
    // The failed ones left nothing: no line, no instalment, no audit entry.
    expect(await w.db('invoice_lines').count({ n: '*' })).toEqual([{ n: 32 }])
    expect(await w.db('invoice_instalments').count({ n: '*' })).toEqual([{ n: 96 }])
    expect(await w.db('audit_log').where({ action: 'invoice.issue' }).count({ n: '*' })).toEqual([
      { n: 32 },
    ])
  })

  it('has no gap when two processes, each with its own connection, issue invoices at the same time', async () => {
    const file = (w.db.client.config.connection as { filename: string }).filename
    const writer = path.resolve(import.meta.dirname, '../support/billing-writer.ts')
    const run = promisify(execFile)
    const writers = [w.families.abolant, w.families.torrice].map((family) =>
      run(process.execPath, ['--import', 'tsx', writer, file, '20', String(family), '1'], {
        cwd: path.resolve(import.meta.dirname, '../..'),
      }),
    )
    const results = (await Promise.all(writers)).map(
      (r) => JSON.parse(r.stdout) as { issued: string[]; failed: number },
    )
    // Each process: 20 transactions, one in four failed on purpose after taking its number.
    expect(results.map((r) => [r.issued.length, r.failed])).toEqual([
      [15, 5],
      [15, 5],
    ])
    const numbers = (await w.db('invoices').orderBy('sequence').pluck('sequence')) as number[]
    expect(numbers).toEqual(Array.from({ length: 30 }, (_, i) => i + 1))
    expect(results.flatMap((r) => r.issued).sort()).toEqual(
      Array.from({ length: 30 }, (_, i) => `2025-F-${String(i + 1).padStart(6, '0')}`),
    )
  }, 60_000)

  it('gives receipts without gaps when payments are recorded at once, the refused ones included', async () => {
    const a = await w.invoice([line('Trompette', 10000)])
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () => pay({ invoiceId: a.id, amountCents: 1000 })),
    )
    // 100,00 € in payments of 10,00 €: ten go through, two are refused (nothing left).
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10)
    expect(await w.db('payments').orderBy('id').pluck('receipt_number')).toEqual(
      Array.from({ length: 10 }, (_, i) => `2025-R-${String(i + 1).padStart(6, '0')}`),
    )
    expect(await w.db.transaction((trx) => invoiceBalance(trx, a.id))).toBe(0)
  })

  it('starts again at 1 for another school year', async () => {
    await w.invoice([line('Trompette', 10000)])
    const [next] = await w
      .db('school_years')
      .insert({ label: '2026/2027', starts_on: '2026-09-01', ends_on: '2027-07-03' })
    const b = await w.invoice([line('Trompette', 10000)], { schoolYearId: Number(next) })
    expect(b.number).toBe('2026-F-000001')
  })
})

describe('an invoice', () => {
  it('is written with its lines, its total, its payer and its plan', async () => {
    const a = await w.invoice(
      [
        line('Trompette — ABOLANT Adrien', 18000),
        line('Ensemble de cuivres — ABOLANT Adrien', 6000),
        { category: 'reduction', label: '2e élève : −10 %', amountCents: -2400 },
      ],
      { instalments: 3 },
    )
    expect(a).toEqual({ id: a.id, number: '2025-F-000001', totalCents: 21600 })
    const row = await w.db('invoices').where({ id: a.id }).first()
    expect(row).toMatchObject({
      kind: 'facture',
      family_id: 1,
      site_id: 1,
      issued_on: '2025-10-15',
      label: 'FACTURE',
      total_cents: 21600,
      payer_name: 'Madame ABOLANT Jocelyne',
      payer_address: '3 rue des Lilas',
      payer_postal_code: '77100',
      payer_city: 'MEAUX',
    })
  })

  it('splits 100,01 € in 3 and 1 000,07 € in 10, the odd cents on the first instalment', async () => {
    const once = await w.invoice([line('A', 9324)], { instalments: 1 })
    const three = await w.invoice([line('A', 10001)], { instalments: 3 })
    const ten = await w.invoice([line('A', 100007)], {
      instalments: 10,
      firstDueOn: '2025-10-31',
    })
    const plan = (id: number) =>
      w
        .db('invoice_instalments')
        .where({ invoice_id: id })
        .orderBy('position')
        .select('due_on', 'amount_cents')
    expect(await plan(once.id)).toEqual([{ due_on: '2025-11-05', amount_cents: 9324 }])
    expect(await plan(three.id)).toEqual([
      { due_on: '2025-11-05', amount_cents: 3335 },
      { due_on: '2026-02-05', amount_cents: 3333 },
      { due_on: '2026-05-05', amount_cents: 3333 },
    ])
    const tenth = await plan(ten.id)
    expect(tenth.map((i) => i.amount_cents)).toEqual([
      10007, 10000, 10000, 10000, 10000, 10000, 10000, 10000, 10000, 10000,
    ])
    expect(tenth.map((i) => i.due_on)).toEqual([
      '2025-10-31',
      '2025-11-30',
      '2025-12-31',
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
      '2026-06-30',
      '2026-07-31',
    ])
  })

  it('is refused without lines, with a negative total, a bad plan or a bad due date, writing nothing', async () => {
    await w.invoice([line('A', 1000)])
    expect((await refused(() => w.invoice([]))).message).toBe('Il n’y a rien à facturer.')
    expect((await refused(() => w.invoice([line('A', 1000), line('Remise', -2000)]))).message).toBe(
      'Le total d’une facture ne peut pas être négatif.',
    )
    expect(
      (await refused(() => w.invoice([line('A', 1000)], { instalments: 4 as 3 }))).message,
    ).toBe('Choisissez un paiement en 1, 3 ou 10 fois.')
    expect(
      (await refused(() => w.invoice([line('A', 1000)], { firstDueOn: '2025-02-30' }))).details,
    ).toEqual({ firstDueOn: 'Saisissez la date de la première échéance au format JJ/MM/AAAA.' })
    expect((await refused(() => w.invoice([line('  ', 1000)]))).message).toBe(
      'Chaque ligne doit avoir un libellé et un montant.',
    )
  })

  it('never changes: a credit note and payments leave its row, lines and instalments as issued', async () => {
    const a = await w.invoice([line('Trompette', 18000), line('Frais de dossier', 2000)], {
      instalments: 3,
    })
    const of = async () => ({
      invoice: await w.db('invoices').where({ id: a.id }).first(),
      lines: await w.db('invoice_lines').where({ invoice_id: a.id }).orderBy('id'),
      instalments: await w.db('invoice_instalments').where({ invoice_id: a.id }).orderBy('id'),
    })
    const before = await of()
    await pay({ invoiceId: a.id, amountCents: 5000 })
    const c = await credit(a.id, [2000], 'Frais de dossier offerts')
    expect(await of()).toEqual(before)
    expect(await w.db('invoices').where({ id: c.id }).first()).toMatchObject({
      kind: 'avoir',
      number: '2025-A-000001',
      total_cents: -2000,
      credits_invoice_id: a.id,
      label: 'Avoir sur 2025-F-000001 : Frais de dossier offerts',
    })
    expect(await w.db('invoice_lines').where({ invoice_id: c.id }).pluck('amount_cents')).toEqual([
      -2000,
    ])
    expect(await w.db.transaction((trx) => invoiceBalance(trx, a.id))).toBe(13000)
  })
})

describe('credit notes', () => {
  it('never credit more than what was billed and not credited yet', async () => {
    const a = await w.invoice([line('Trompette', 10000)])
    expect((await refused(() => credit(a.id, [6000, 4001]))).message).toBe(
      'L’avoir ne peut pas dépasser ce qui a été facturé et pas encore annulé.',
    )
    await credit(a.id, [6000])
    expect((await refused(() => credit(a.id, [4001]))).message).toBe(
      'L’avoir ne peut pas dépasser ce qui a été facturé et pas encore annulé.',
    )
    const last = await credit(a.id, [4000])
    expect(last.totalCents).toBe(-4000)
    expect((await refused(() => credit(a.id, [1]))).message).toBe(
      'L’avoir ne peut pas dépasser ce qui a été facturé et pas encore annulé.',
    )
  })

  it('are refused on a credit note, without a reason or with a line of 0,00 €', async () => {
    const a = await w.invoice([line('Trompette', 10000)])
    const c = await credit(a.id, [1000])
    expect((await refused(() => credit(c.id, [100]))).message).toBe(
      'Un avoir ne peut pas être corrigé par un autre avoir.',
    )
    expect((await refused(() => credit(a.id, [100], '  '))).details).toEqual({
      reason: 'Indiquez le motif de l’avoir.',
    })
    expect((await refused(() => credit(a.id, [500, 0]))).message).toBe(
      'Chaque ligne de l’avoir doit avoir un montant supérieur à 0,00 €.',
    )
    expect((await refused(() => credit(a.id, [500, -100]))).message).toBe(
      'Chaque ligne de l’avoir doit avoir un montant supérieur à 0,00 €.',
    )
  })

  it('after a payment in full leave a negative balance: the conservatoire owes the family', async () => {
    const a = await w.invoice([line('Trompette', 10000)])
    await pay({ invoiceId: a.id, amountCents: 10000 })
    await credit(a.id, [2500])
    expect(await w.db.transaction((trx) => invoiceBalance(trx, a.id))).toBe(-2500)
    const ledger = await w.db.transaction((trx) => familyLedger(trx, 1, 'cotisations'))
    expect(ledger.balanceCents).toBe(-2500)
  })
})

describe('payments', () => {
  it('may be partial, until nothing is left', async () => {
    const a = await w.invoice([line('Trompette', 9324)])
    const first = await pay({ invoiceId: a.id, amountCents: 5000, reference: 'Chèque 1234567' })
    expect(first).toMatchObject({ receiptNumber: '2025-R-000001', familyId: 1, leftCents: 4324 })
    const second = await pay({ invoiceId: a.id, amountCents: 4324, mode: 'especes' })
    expect(second.leftCents).toBe(0)
    expect((await refused(() => pay({ invoiceId: a.id, amountCents: 1 }))).message).toBe(
      'Cette facture est déjà réglée.',
    )
  })

  it('are refused beyond what is left, with nothing written', async () => {
    const a = await w.invoice([line('Trompette', 9324)])
    await pay({ invoiceId: a.id, amountCents: 9000 })
    const error = await refused(() => pay({ invoiceId: a.id, amountCents: 325 }))
    expect(error.details).toEqual({
      amount: 'Ce règlement dépasse ce qui reste à payer sur la facture.',
    })
    expect((await pay({ invoiceId: a.id, amountCents: 324 })).leftCents).toBe(0)
  })

  it('are refused with a bad mode, amount or day, a day to come, or another invoice’s instalment', async () => {
    const a = await w.invoice([line('Trompette', 9324)])
    const b = await w.invoice([line('Cuivres', 5000)])
    const other = (await w.db('invoice_instalments').where({ invoice_id: b.id }).first('id')) as {
      id: number
    }
    expect(
      (await refused(() => pay({ invoiceId: a.id, amountCents: 100, mode: 'troc' as 'cheque' })))
        .details,
    ).toEqual({ mode: 'Choisissez un mode de règlement.' })
    expect((await refused(() => pay({ invoiceId: a.id, amountCents: 0 }))).details).toEqual({
      amount: 'Le montant doit être supérieur à 0,00 €.',
    })
    expect(
      (await refused(() => pay({ invoiceId: a.id, amountCents: 100, paidOn: '14/10/2025' })))
        .details,
    ).toEqual({ paidOn: 'Saisissez une date au format JJ/MM/AAAA.' })
    expect(
      (await refused(() => pay({ invoiceId: a.id, amountCents: 100, paidOn: '2025-10-16' })))
        .details,
    ).toEqual({ paidOn: 'La date du règlement ne peut pas être après aujourd’hui.' })
    expect(
      (await refused(() => pay({ invoiceId: a.id, amountCents: 100, instalmentId: other.id })))
        .message,
    ).toBe('Cette échéance n’est pas une échéance de la facture.')
    const c = await credit(b.id, [100])
    expect((await refused(() => pay({ invoiceId: c.id, amountCents: 100 }))).message).toBe(
      'Cette facture est introuvable.',
    )
  })
})

describe('the family’s account', () => {
  it('lists invoices, credit notes and payments newest first, with the totals of seed 002', async () => {
    w.clock.set('2025-10-01T10:00:00.000Z')
    const a = await w.invoice([line('Trompette', 9324)], { instalments: 3, directDebit: true })
    w.clock.set('2025-10-10T10:00:00.000Z')
    const b = await w.invoice([line('Location trompette', 4000)], { account: 'locations' })
    await pay({ invoiceId: a.id, amountCents: 3108, mode: 'prelevement', paidOn: '2025-10-05' })
    w.clock.set('2025-10-12T10:00:00.000Z')
    const c = await credit(a.id, [1000], 'Cours arrêté')
    await w.invoice([line('Classique adulte', 9000)], { familyId: w.families.torrice })
    const ledger = await w.db.transaction((trx) => familyLedger(trx, 1, 'cotisations'))
    expect(ledger.rows).toEqual([
      {
        kind: 'avoir',
        id: c.id,
        invoiceId: a.id,
        date: '2025-10-12',
        mode: '',
        operation: '2025-A-000001',
        label: 'Avoir sur 2025-F-000001 : Cours arrêté',
        debitCents: null,
        creditCents: 1000,
        remise: true,
        leftCents: null,
      },
      {
        kind: 'recu',
        id: 1,
        invoiceId: a.id,
        date: '2025-10-05',
        mode: 'Prélèvement automatique',
        operation: '2025-F-000001',
        label: 'FACTURE — reçu 2025-R-000001',
        debitCents: null,
        creditCents: 3108,
        remise: true,
        leftCents: null,
      },
      {
        kind: 'facture',
        id: a.id,
        invoiceId: a.id,
        date: '2025-10-01',
        mode: 'Prélèvement automatique',
        operation: '2025-F-000001',
        label: 'FACTURE',
        debitCents: 9324,
        creditCents: null,
        remise: false,
        leftCents: 5216,
      },
    ])
    expect([ledger.billedCents, ledger.paidCents, ledger.balanceCents]).toEqual([8324, 3108, 5216])
    const rentals = await w.db.transaction((trx) => familyLedger(trx, 1, 'locations'))
    expect(rentals.rows.map((r) => r.operation)).toEqual(['2025-F-000002'])
    expect(rentals.rows[0]?.id).toBe(b.id)
    expect([rentals.billedCents, rentals.paidCents, rentals.balanceCents]).toEqual([4000, 0, 4000])
  })
})

describe('the audit log', () => {
  it('has an entry for each invoice, credit note and payment, in the family’s journal', async () => {
    const a = await w.invoice([line('Trompette', 9324)])
    await pay({ invoiceId: a.id, amountCents: 1000 })
    await credit(a.id, [500])
    const entries = await w
      .db('audit_log')
      .where('action', 'like', 'invoice.%')
      .orWhere('action', 'like', 'payment.%')
      .orderBy('id')
      .select('actor_type', 'actor_id', 'action', 'entity_type', 'family_id', 'details')
    expect(
      entries.map((e: { details: string }) => ({ ...e, details: JSON.parse(e.details) as object })),
    ).toEqual([
      {
        actor_type: 'staff',
        actor_id: 1,
        action: 'invoice.issue',
        entity_type: 'invoice',
        family_id: 1,
        details: { number: '2025-F-000001', totalCents: 9324, instalments: 1, period: 'annee' },
      },
      {
        actor_type: 'staff',
        actor_id: 1,
        action: 'payment.record',
        entity_type: 'payment',
        family_id: 1,
        details: {
          invoice: '2025-F-000001',
          receipt: '2025-R-000001',
          mode: 'cheque',
          amountCents: 1000,
          paidOn: '2025-10-14',
        },
      },
      {
        actor_type: 'staff',
        actor_id: 1,
        action: 'invoice.credit',
        entity_type: 'invoice',
        family_id: 1,
        details: {
          number: '2025-A-000001',
          invoice: '2025-F-000001',
          totalCents: -500,
          reason: 'Cours arrêté en janvier',
        },
      },
    ])
  })
})
