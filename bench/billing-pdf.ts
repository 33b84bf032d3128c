// `npm run bench` (or alone: `node --import tsx bench/billing-pdf.ts`): invoices rendered as PDF
// per second on one core (issue 13: goal ≥ 50), in this process, on a real invoice of 8 lines with
// their rules, 10 instalments and 2 payments, as the route makes it: read in one transaction
// (invoiceDocument), then drawn (renderInvoice, pdfkit). One document at a time: the figure is
// what one core does.
import { invoiceDocument } from '../db/services/billing/pdf/documents.ts'
import { renderInvoice } from '../db/services/billing/pdf/invoice.ts'
import { guardianOf, issue, manyLines, pay } from '../test/support/billing-pdf.ts'
import { startTestServer } from '../test/support/server.ts'

export interface BillingPdfResult {
  /**
   * Invoices read and drawn per second of processor time of this process: what one core does,
   * whatever else the machine runs (the figure the goal is about).
   */
  perSecond: number
  /** The same per second of wall-clock time (lower on a loaded machine). */
  perWallSecond: number
  /** Drawing only (the invoice read once), per second of processor time. */
  drawnPerSecond: number
  documents: number
  /** The size of one invoice's PDF. */
  bytes: number
  /** The goal of issue 13. */
  goal: number
}

const GOAL = 50

/** Runs `work` again and again for `seconds`: how many per second of processor, of wall clock. */
async function during(
  seconds: number,
  work: () => Promise<unknown>,
): Promise<{ cpu: number; wall: number }> {
  const end = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9))
  let count = 0
  const started = process.hrtime.bigint()
  const cpuStart = process.cpuUsage()
  while (process.hrtime.bigint() < end) {
    await work()
    count++
  }
  const cpu = process.cpuUsage(cpuStart)
  return {
    cpu: count / ((cpu.user + cpu.system) / 1e6),
    wall: count / (Number(process.hrtime.bigint() - started) / 1e9),
  }
}

export async function billingPdfBench(seconds = 5): Promise<BillingPdfResult> {
  const server = await startTestServer({ demoFamilies: 10 })
  try {
    const { familyId } = await guardianOf(server.db, 'abolant1')
    const invoice = await issue(server.db, server.clock, {
      familyId,
      period: 'annee',
      lines: manyLines(8),
      instalments: 10,
      firstDueOn: '2026-10-05',
      directDebit: true,
    })
    for (const [paidOn, amountCents] of [
      ['2026-10-05', 16_668],
      ['2026-11-05', 16_667],
    ] as const)
      await pay(server.db, server.clock, {
        invoiceId: invoice.id,
        mode: 'prelevement',
        amountCents,
        paidOn,
        reference: `PRLV ${paidOn}`,
      })
    const read = () => server.db.transaction((trx) => invoiceDocument(trx, invoice.id))
    const doc = await read()
    const bytes = (await renderInvoice(doc)).length
    await during(1, async () => renderInvoice(await read())) // warm-up (JIT, font metrics)
    const whole = await during(seconds, async () => renderInvoice(await read()))
    const drawn = await during(seconds, () => renderInvoice(doc))
    console.log(
      `   factures PDF (8 lignes, 10 échéances, 2 règlements ; ${Math.round(bytes / 1024)} Ko) : ` +
        `${whole.cpu.toFixed(0)} par seconde de processeur (un cœur), lecture comprise ; ` +
        `${drawn.cpu.toFixed(0)} dessin seul ; ${whole.wall.toFixed(0)} par seconde d’horloge ` +
        `sur cette machine chargée — objectif ≥ ${GOAL}`,
    )
    return {
      perSecond: whole.cpu,
      perWallSecond: whole.wall,
      drawnPerSecond: drawn.cpu,
      documents: Math.round(whole.wall * seconds),
      bytes,
      goal: GOAL,
    }
  } finally {
    await server.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  billingPdfBench().then(
    (result) => {
      if (result.perSecond < GOAL) process.exitCode = 1
    },
    (err: unknown) => {
      console.error(err)
      process.exit(1)
    },
  )
}
