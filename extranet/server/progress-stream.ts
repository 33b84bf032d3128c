import { PassThrough } from 'node:stream'
import type { ReqRef, Request } from '@hapi/hapi'
import type { Trx } from '../../db/connection.ts'
import { DomainError } from '../../db/errors.ts'
import type { ApiErrorBody } from '../api/types.ts'
import { write } from './context.ts'

export interface ProgressSteps {
  /** The work has checked what it was given: from now on, it answers through the stream. */
  started(): void
  /** How far the work is; gives the event loop a turn, so that the line leaves at once. */
  progress(done: number, total: number): Promise<void>
}

function errorLine(err: unknown): { error: ApiErrorBody } {
  return err instanceof DomainError
    ? { error: { statusCode: 400, code: err.code, message: err.message, details: err.details } }
    : {
        error: {
          statusCode: 500,
          code: 'INTERNAL',
          message: 'Une erreur inattendue est survenue : rien n’a été enregistré.',
          details: {},
        },
      }
}

/**
 * A long write in one transaction (all of it or nothing) whose progress the browser reads as it
 * goes: lines of JSON, `{progress}` then `{result}` (or `{error}`, the transaction undone).
 * Resolves once the work calls `started()`: what it refuses before is an ordinary error answer.
 * (A job polled by the browser would not do: with one database connection, the poll's session
 * check would wait for the import's transaction.)
 */
export async function progressStream<R extends ReqRef, T>(
  request: Request<R>,
  work: (trx: Trx, steps: ProgressSteps) => Promise<T>,
  last: (result: T) => unknown,
): Promise<PassThrough> {
  const stream = new PassThrough()
  let started = (): void => undefined
  const begun = new Promise<void>((resolve) => (started = resolve))
  const steps: ProgressSteps = {
    started: () => started(),
    async progress(done, total) {
      stream.write(`${JSON.stringify({ progress: { done, total } })}\n`)
      await new Promise((resolve) => setImmediate(resolve))
    },
  }
  const finished = write(request, (trx) => work(trx, steps))
  await Promise.race([begun, finished])
  finished.then(
    (result) => stream.end(`${JSON.stringify({ result: last(result) })}\n`),
    (err: unknown) => {
      if (!(err instanceof DomainError)) request.log(['error'], err as Error)
      stream.end(`${JSON.stringify(errorLine(err))}\n`)
    },
  )
  return stream
}
