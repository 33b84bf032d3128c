import { randomBytes } from 'node:crypto'
import { Worker } from 'node:worker_threads'
import { systemClock, type Clock } from '../../db/clock.ts'
import { DomainError } from '../../db/errors.ts'
import { BCRYPT_COST, prehashPassword, type PasswordHasher } from '../../db/password.ts'
import type { HashReady, HashRequest, HashResponse, HashWorkerData } from './hash-worker.ts'

type Job = {
  request: HashRequest
  /** When it was queued (the pool's clock), to drop it once it has waited too long. */
  queuedAt: number
  resolve: (value: string | boolean) => void
  reject: (err: Error) => void
}

/**
 * Starts one worker: the bundled JavaScript beside this file, or, when running from the
 * TypeScript sources (tsx, tests), the .ts file loaded through tsx's API (Node 20 does not pass
 * `--import tsx` on to worker threads).
 */
function startWorker(niceness: number): Worker {
  const workerData: HashWorkerData = { niceness }
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./hash-worker.js', import.meta.url), { workerData })
  const tsxApi =
    typeof import.meta.resolve === 'function' ? import.meta.resolve('tsx/esm/api') : 'tsx/esm/api'
  const source = new URL('./hash-worker.ts', import.meta.url).href
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(source)}) })`
  return new Worker(bootstrap, { eval: true, workerData })
}

/** How many jobs may wait, and how long, before the pool says it is busy. */
export interface HashQueueLimits {
  maxQueued: number
  maxWaitMs: number
  /** The wait the refusal asks for (Retry-After); half the longest wait when not given. */
  retryAfterSeconds?: number
}

export const DEFAULT_HASH_QUEUE: HashQueueLimits = { maxQueued: 64, maxWaitMs: 10_000 }

/**
 * How much the workers' priority is lowered when they share the event loop's processor (nice
 * value, Linux only; see lowerThreadPriority and defaultHashNiceness).
 */
export const HASH_WORKER_NICENESS = 10

/** "Busy, come back in a moment": a login storm gets it at once instead of a long wait. */
function busy(limits: HashQueueLimits): DomainError {
  return new DomainError(
    'BUSY',
    'Le serveur est très sollicité en ce moment. Réessayez dans quelques secondes.',
    {
      retryAfterSeconds: String(
        limits.retryAfterSeconds ?? Math.max(1, Math.ceil(limits.maxWaitMs / 2000)),
      ),
    },
  )
}

/**
 * bcrypt (cost 12) in a pool of worker threads: a login storm never stalls the pages of the
 * families already logged in. With a single processor, the workers run at a lower priority than
 * the event loop (Linux; see defaultHashNiceness). Jobs wait in a bounded queue when every worker
 * is busy: beyond the bound, or after waiting too long, a job is refused at once (BUSY, answered
 * 503 with Retry-After) rather than keeping a family waiting for a minute.
 */
export class HashPool implements PasswordHasher {
  private readonly idle: Worker[] = []
  private readonly all: Worker[] = []
  private readonly queue: Job[] = []
  private readonly running = new Map<Worker, Job>()
  private readonly niceOf = new Map<Worker, number | null>()
  private nextId = 1
  private readonly dummyHash: Promise<string>
  private closed = false

  constructor(
    size: number,
    private readonly limits: HashQueueLimits = DEFAULT_HASH_QUEUE,
    private readonly clock: Clock = systemClock,
    private readonly niceness = 0,
  ) {
    for (let i = 0; i < size; i++) this.spawn()
    // Made at once, so that the first unknown identifiant takes as long as the others.
    this.dummyHash = this.hash(randomBytes(16).toString('hex'))
    this.dummyHash.catch(() => undefined)
  }

  /** Starts a worker; one that dies is replaced, one that cannot even start is not. */
  private spawn(): void {
    const worker = startWorker(this.niceness)
    let ready = false
    worker.on('message', (response: HashResponse | HashReady) => {
      if ('ready' in response) {
        ready = true
        this.niceOf.set(worker, response.niceness)
        this.idle.push(worker)
        this.pump()
      } else {
        this.settle(worker, response)
      }
    })
    const lost = (err: Error) => {
      if (!this.all.includes(worker)) return
      this.all.splice(this.all.indexOf(worker), 1)
      this.niceOf.delete(worker)
      const idleAt = this.idle.indexOf(worker)
      if (idleAt >= 0) this.idle.splice(idleAt, 1)
      const job = this.running.get(worker)
      this.running.delete(worker)
      job?.reject(err)
      if (this.closed) return
      if (ready) {
        this.spawn()
      } else if (this.all.length === 0) {
        for (const waiting of this.queue.splice(0)) waiting.reject(err)
      }
    }
    worker.on('error', lost)
    worker.on('exit', (code) => lost(new Error(`Hash worker stopped (code ${code})`)))
    this.all.push(worker)
  }

  get size(): number {
    return this.all.length
  }

  /** The nice value of each worker that has started, as its thread reads it (null: left alone). */
  get workerNiceness(): (number | null)[] {
    return [...this.niceOf.values()]
  }

  async hash(password: string): Promise<string> {
    const value = await this.run({
      id: this.nextId++,
      op: 'hash',
      input: prehashPassword(password),
      cost: BCRYPT_COST,
    })
    return value as string
  }

  async verify(password: string, hash: string | null): Promise<boolean> {
    if (hash === null) {
      await this.run({
        id: this.nextId++,
        op: 'verify',
        input: prehashPassword(password),
        hash: await this.dummyHash,
      })
      return false
    }
    const value = await this.run({
      id: this.nextId++,
      op: 'verify',
      input: prehashPassword(password),
      hash,
    })
    return value === true
  }

  async close(): Promise<void> {
    this.closed = true
    for (const job of this.queue.splice(0)) job.reject(new Error('Hash pool closed'))
    await Promise.all(this.all.map((w) => w.terminate()))
  }

  private run(request: HashRequest): Promise<string | boolean> {
    if (this.closed) return Promise.reject(new Error('Hash pool closed'))
    if (this.all.length === 0) return Promise.reject(new Error('No hash worker could start'))
    const waiting = this.queue.length + (this.idle.length > 0 ? 0 : 1)
    if (waiting > this.limits.maxQueued) return Promise.reject(busy(this.limits))
    return new Promise((resolve, reject) => {
      this.queue.push({ request, queuedAt: this.clock.now().getTime(), resolve, reject })
      this.pump()
    })
  }

  private pump(): void {
    for (;;) {
      const worker = this.idle.pop()
      if (!worker) return
      const job = this.nextFreshJob()
      if (!job) {
        this.idle.push(worker)
        return
      }
      this.running.set(worker, job)
      worker.postMessage(job.request)
    }
  }

  /** The oldest job that has not waited too long; older ones are refused as busy. */
  private nextFreshJob(): Job | undefined {
    const oldest = this.clock.now().getTime() - this.limits.maxWaitMs
    for (;;) {
      const job = this.queue.shift()
      if (!job || job.queuedAt >= oldest) return job
      job.reject(busy(this.limits))
    }
  }

  private settle(worker: Worker, response: HashResponse): void {
    const job = this.running.get(worker)
    this.running.delete(worker)
    this.idle.push(worker)
    if (job) {
      if (response.ok) job.resolve(response.value)
      else job.reject(new Error(response.error))
    }
    this.pump()
  }
}
