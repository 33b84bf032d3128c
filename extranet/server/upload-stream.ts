// A file sent as the body of a request (the family app sends the file itself, no form around it),
// received as it arrives: written to disk while its size, sha256, first and last bytes are taken
// on the way. The file is never held whole in memory, nor read a second time to be checked.
//
// One loop does it all, chunk by chunk, and writes in batches of a few hundred kilobytes: each
// stream between the socket and the disk (a form parser, a counter, a tap) cost some
// microseconds per chunk of a few kilobytes, most of what a 2 MB upload cost the server.
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { HEAD_BYTES, TAIL_BYTES, type FileBytes } from '../../db/services/reenrolment/uploads.ts'

/** A file received: where it was written (the caller moves or removes it), its name, its bytes. */
export interface StreamedFile extends FileBytes {
  path: string
  /** The name the sender gave (a label only, never a path). */
  fileName: string
}

/** Why a body could not be taken: too big, or cut before its end. */
export class UploadError extends Error {
  constructor(readonly reason: 'tooBig' | 'malformed') {
    super(`upload refused: ${reason}`)
  }
}

/** What is written at once: the chunks received are gathered up to this many bytes. */
const WRITE_BATCH_BYTES = 512 * 1024

/** The first HEAD_BYTES and the last TAIL_BYTES of what went through `take`. */
class Ends {
  private readonly heads: Buffer[] = []
  private headLength = 0
  private tail: Buffer = Buffer.alloc(0)

  take(chunk: Buffer): void {
    if (this.headLength < HEAD_BYTES) {
      const part = chunk.subarray(0, HEAD_BYTES - this.headLength)
      this.heads.push(Buffer.from(part))
      this.headLength += part.length
    }
    this.tail =
      chunk.length >= TAIL_BYTES
        ? chunk.subarray(chunk.length - TAIL_BYTES)
        : Buffer.concat([this.tail, chunk]).subarray(-TAIL_BYTES)
  }

  /** Copies: the chunks they come from are let go. */
  seen(): { head: Buffer; tail: Buffer } {
    return { head: Buffer.concat(this.heads), tail: Buffer.from(this.tail) }
  }
}

/**
 * Receives `body` into a new file of `dir` (random name, mode 0600). Refused with UploadError: a
 * body over `maxFileBytes` (at once, the rest is not read: 'tooBig'), a body that stops before its
 * end (the sender gone midway: 'malformed'). Nothing is left in `dir` when it throws, whatever the
 * reason.
 */
export async function receiveFile(
  body: Readable,
  fileName: string,
  options: { dir: string; maxFileBytes: number },
): Promise<StreamedFile> {
  // A body that fails while the file opens (a connection cut) fails the reading below; until then
  // its error must not go unheard.
  body.on('error', () => undefined)
  const chunks = (body as AsyncIterable<Buffer>)[Symbol.asyncIterator]()
  /** The next chunk of the body; its failure (a connection cut, a request aborted) is the sender's. */
  const read = () =>
    chunks.next().catch(() => {
      throw new UploadError('malformed')
    })
  const at = path.join(options.dir, `${randomBytes(16).toString('hex')}.part`)
  const file = await fs.open(at, 'wx', 0o600)
  const hash = createHash('sha256')
  const ends = new Ends()
  let bytes = 0
  let batch: Buffer[] = []
  let batched = 0
  let failure: { error: unknown } | null = null
  try {
    // A failure of the disk (full, read-only) is not the sender's: it goes on as it is.
    for (let next = await read(); !next.done; next = await read()) {
      const chunk = next.value
      bytes += chunk.length
      if (bytes > options.maxFileBytes) throw new UploadError('tooBig')
      hash.update(chunk)
      ends.take(chunk)
      batch.push(chunk)
      batched += chunk.length
      if (batched >= WRITE_BATCH_BYTES) {
        await file.writev(batch)
        batch = []
        batched = 0
      }
    }
    // Not synced here: a file refused by its checks never needs to be; keepDocument
    // (db/document-files.ts) syncs an accepted one before the transaction that records it.
    if (batch.length > 0) await file.writev(batch)
  } catch (error) {
    failure = { error }
  }
  const closing = await file.close().then(
    () => null,
    (error: unknown) => ({ error }),
  )
  failure ??= closing
  if (failure) {
    body.destroy() // over its limit, or failed: the rest is not read
    await fs.rm(at, { force: true })
    throw failure.error
  }
  return { path: at, fileName, bytes, ...ends.seen(), sha256: hash.digest('hex') }
}
