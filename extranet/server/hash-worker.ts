// A worker thread of the hash pool: bcrypt off the event loop.
import { parentPort, workerData } from 'node:worker_threads'
import bcrypt from 'bcryptjs'
import { lowerThreadPriority } from './thread-priority.ts'

export interface HashWorkerData {
  /** How much this thread's priority is lowered (see lowerThreadPriority). */
  niceness: number
}

export type HashRequest =
  | { id: number; op: 'hash'; input: string; cost: number }
  | { id: number; op: 'verify'; input: string; hash: string }

/** Sent once loaded, with the nice value the thread runs at (null: priority left alone). */
export interface HashReady {
  ready: true
  niceness: number | null
}

export type HashResponse =
  { id: number; ok: true; value: string | boolean } | { id: number; ok: false; error: string }

parentPort?.on('message', (request: HashRequest) => {
  try {
    const value =
      request.op === 'hash'
        ? bcrypt.hashSync(request.input, request.cost)
        : bcrypt.compareSync(request.input, request.hash)
    parentPort?.postMessage({ id: request.id, ok: true, value } satisfies HashResponse)
  } catch (err) {
    parentPort?.postMessage({
      id: request.id,
      ok: false,
      error: String(err),
    } satisfies HashResponse)
  }
})

const niceness = lowerThreadPriority((workerData as HashWorkerData | null)?.niceness ?? 0)
// The pool hands out work only once the worker has loaded.
parentPort?.postMessage({ ready: true, niceness } satisfies HashReady)
