// The billing runs the server is processing. A run is started in one transaction (its families
// counted, its row written), then billed chunk by chunk (RUN_CHUNK families), each chunk its own
// write transaction: with one database connection, the families' pages and the run's progress
// (GET /api/staff/billing-runs/{id}) wait at most for one chunk, never for the whole run. A run
// cut short by a stop of the server stays unfinished: started again, it skips what was billed.
import type { Db } from '../../db/connection.ts'
import { DomainError } from '../../db/errors.ts'
import { RUN_CHUNK } from '../../db/rules/invoicing.ts'
import type { BillingActor } from '../../db/services/billing/common.ts'
import {
  finishRun,
  processRunChunk,
  startRun,
  type RunInput,
} from '../../db/services/billing/runs.ts'

export interface RunOptions {
  chunk?: number
  /** Asked before each chunk: true stops the run there (the server is stopping). */
  stopped?: () => boolean
  /** After each chunk: the families done, and the total. */
  progress?: (done: number, total: number) => void
}

/** Bills a run's families, chunk by chunk, then marks it finished. */
export async function processRun(
  db: Db,
  run: { id: number; familyIds: readonly number[] },
  actor: BillingActor,
  options: RunOptions = {},
): Promise<void> {
  const size = options.chunk ?? RUN_CHUNK
  for (let from = 0; from < run.familyIds.length; from += size) {
    if (options.stopped?.()) return
    const chunk = run.familyIds.slice(from, from + size)
    await db.transaction((trx) => processRunChunk(trx, run.id, chunk, actor))
    options.progress?.(from + chunk.length, run.familyIds.length)
    // A turn of the event loop: the requests that waited for the connection go first.
    await new Promise((resolve) => setImmediate(resolve))
  }
  await db.transaction((trx) => finishRun(trx, run.id, actor))
}

/** The runs in progress in this server, and why a run stopped. */
export class BillingRuns {
  private readonly running = new Map<number, Promise<void>>()
  private readonly errors = new Map<number, string>()
  private stopping = false

  constructor(private readonly db: Db) {}

  /** Starts a run (its checks answer at once) and bills it in the background; gives its id. */
  async start(input: RunInput, actor: BillingActor): Promise<number> {
    const run = await this.db.transaction((trx) => startRun(trx, input, actor))
    const work = processRun(this.db, run, actor, { stopped: () => this.stopping })
      .catch((err: unknown) => {
        this.errors.set(
          run.id,
          err instanceof DomainError
            ? err.message
            : 'Une erreur inattendue a arrêté la facturation : les familles déjà facturées le restent.',
        )
        if (!(err instanceof DomainError)) console.error('Facturation arrêtée :', err)
      })
      .finally(() => this.running.delete(run.id))
    this.running.set(run.id, work)
    return run.id
  }

  isRunning(runId: number): boolean {
    return this.running.has(runId)
  }

  errorOf(runId: number): string | null {
    return this.errors.get(runId) ?? null
  }

  /** Resolves when no run is in progress (the tests wait here instead of sleeping). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()])
  }

  /** Stops after the chunk in progress (the server is stopping). */
  async stop(): Promise<void> {
    this.stopping = true
    await this.idle()
  }
}
