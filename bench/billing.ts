// Billing the whole demo year through the billing runs' service (« Facturer », scope: every
// family), in this process, on a copy of the demo database; as a ratio to a plain insert of the
// same number of invoice rows in the same run (goal ≤ 5×), with the time and the peak memory.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { systemClock } from '../db/clock.ts'
import { migrateLatest, openDatabase, type Db } from '../db/connection.ts'
import { startRun } from '../db/services/billing/runs.ts'
import { processRun } from '../extranet/server/billing-runs.ts'
import { clearDemoInvoices } from '../test/support/billing.ts'
import { demoGrid } from '../test/support/billing-invoicing.ts'
import { databaseOf, demoCopy } from './demo.ts'

export interface BillingBenchResult {
  families: number
  invoices: number
  /** Seconds of the run (start, every chunk, finish). */
  seconds: number
  /** Seconds of the plain insert of the run's invoice rows, in one transaction. */
  plainSeconds: number
  /** seconds / plainSeconds (goal ≤ 5). */
  ratio: number
  /** Rows the run wrote: invoices, their lines and instalments, the audit entries. */
  rows: number
  /** Seconds of the plain insert of all those rows, and the run's ratio to it. */
  plainAllSeconds: number
  ratioAll: number
  /** The process's resident memory at its highest during the run, and before it (MB). */
  peakRssMb: number
  baseRssMb: number
}

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9
const mb = (bytes: number) => Math.round(bytes / 1e6)

/** The plain inserts, in one transaction each, into tables shaped like the run's: its invoice
 * rows alone, then every row it wrote (invoices, lines, instalments, audit entries). */
async function plainInserts(db: Db, runId: number): Promise<{ invoices: number; all: number }> {
  const tables = ['invoices', 'invoice_lines', 'invoice_instalments', 'audit_log']
  const rows: Record<string, object[]> = {
    invoices: await db('invoices').where({ billing_run_id: runId }),
  }
  const ids = db('invoices').where({ billing_run_id: runId }).select('id')
  rows['invoice_lines'] = await db('invoice_lines').whereIn('invoice_id', ids)
  rows['invoice_instalments'] = await db('invoice_instalments').whereIn('invoice_id', ids)
  rows['audit_log'] = await db('audit_log').where({ action: 'invoice.issue' })
  for (const t of tables) await db.raw(`CREATE TABLE bench_${t} AS SELECT * FROM ${t} WHERE 0`)
  const insert = async (only: string[]) => {
    const started = process.hrtime.bigint()
    await db.transaction(async (trx) => {
      for (const t of only) await trx.batchInsert(`bench_${t}`, rows[t] ?? [], 200)
    })
    for (const t of only) await db(`bench_${t}`).del()
    return seconds(started)
  }
  const invoices = await insert(['invoices'])
  const all = await insert(tables)
  for (const t of tables) await db.raw(`DROP TABLE bench_${t}`)
  return { invoices, all }
}

/**
 * Bills every family of the current school year of a copy of the demo (`families`, 20 000 by
 * default: bench/demo.ts makes it once), or of the database file `source` (copied first), with the
 * run service in this process; tariffs: the database's own, or demoGrid's when it has none.
 */
export async function billingBench(
  options: { families?: number; source?: string } = {},
): Promise<BillingBenchResult> {
  const families = options.families ?? 20_000
  console.log(`\n   Facturation de l’année de la démo (${families} familles)…`)
  const copy = options.source
    ? copyOf(options.source)
    : await demoCopy(families).then((c) => ({ file: databaseOf(c.dataDir), dispose: c.dispose }))
  const db = openDatabase(copy.file)
  try {
    await migrateLatest(db)
    const year = (await db('school_years').where({ is_current: true }).first('id')) as {
      id: number
    }
    // The demo billed its year already: bill it again from nothing, on its own tariffs.
    await clearDemoInvoices(db)
    await demoGrid(db, year.id)
    const actor = { staffUserId: null, clientIp: '127.0.0.1', clock: systemClock }
    const baseRss = process.memoryUsage().rss
    let peakRss = baseRss
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss)
    }, 20)
    const started = process.hrtime.bigint()
    const input = {
      schoolYearId: year.id,
      period: 'annee' as const,
      instalments: 10 as const,
      firstDueOn: '2026-10-05',
      scope: 'tous' as const,
      siteIds: null,
    }
    const run = await db.transaction((trx) => startRun(trx, input, actor))
    await processRun(db, run, actor)
    const elapsed = seconds(started)
    clearInterval(sampler)
    peakRss = Math.max(peakRss, process.memoryUsage().rss)
    const row = (await db('billing_runs').where({ id: run.id }).first()) as {
      families_done: number
      invoices_issued: number
    }
    const plain = await plainInserts(db, run.id)
    const counted = await db.raw<{ n: number }[]>(
      `SELECT (SELECT COUNT(*) FROM invoice_lines) + (SELECT COUNT(*) FROM invoice_instalments)
        + (SELECT COUNT(*) FROM invoices) + (SELECT COUNT(*) FROM audit_log
        WHERE action = 'invoice.issue') AS n`,
    )
    return {
      families: row.families_done,
      invoices: row.invoices_issued,
      seconds: elapsed,
      plainSeconds: plain.invoices,
      ratio: elapsed / plain.invoices,
      rows: counted[0]?.n ?? 0,
      plainAllSeconds: plain.all,
      ratioAll: elapsed / plain.all,
      peakRssMb: mb(peakRss),
      baseRssMb: mb(baseRss),
    }
  } finally {
    await db.destroy()
    copy.dispose()
  }
}

function copyOf(source: string): { file: string; dispose(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portee-bench-billing-'))
  fs.chmodSync(dir, 0o700)
  for (const suffix of ['', '-wal']) {
    if (fs.existsSync(`${source}${suffix}`))
      fs.copyFileSync(`${source}${suffix}`, path.join(dir, `portee.sqlite${suffix}`))
  }
  return {
    file: path.join(dir, 'portee.sqlite'),
    dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
  }
}
