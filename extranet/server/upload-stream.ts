// A file sent in a multipart form, received as it arrives: busboy parses the body, the file part
// is written to disk while its size, sha256, first and last bytes are taken on the way. The file
// is never held whole in memory, nor read a second time to be checked.
import { createHash, randomBytes, type Hash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { Transform, type Readable, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { Busboy, type BusboyFileStream } from '@fastify/busboy'
import { HEAD_BYTES, TAIL_BYTES, type FileBytes } from '../../db/services/reenrolment/uploads.ts'

/** A file received: where it was written (the caller moves or removes it), its name, its bytes. */
export interface StreamedFile extends FileBytes {
  path: string
  /** The name the sender gave (a label only, never a path). */
  fileName: string
}

/** Why a body could not be taken: too big, no file in it, not a multipart form. */
export class UploadError extends Error {
  constructor(readonly reason: 'tooBig' | 'noFile' | 'malformed') {
    super(`upload refused: ${reason}`)
  }
}

/** Passes bytes through, counting them, hashing them, keeping the first and the last ones. */
class FileTap extends Transform {
  bytes = 0
  readonly hash: Hash = createHash('sha256')
  private readonly heads: Buffer[] = []
  private headLength = 0
  private tail: Buffer = Buffer.alloc(0)

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length
    this.hash.update(chunk)
    if (this.headLength < HEAD_BYTES) {
      const part = chunk.subarray(0, HEAD_BYTES - this.headLength)
      this.heads.push(Buffer.from(part))
      this.headLength += part.length
    }
    this.tail =
      chunk.length >= TAIL_BYTES
        ? Buffer.from(chunk.subarray(chunk.length - TAIL_BYTES))
        : Buffer.concat([this.tail, chunk]).subarray(-TAIL_BYTES)
    done(null, chunk)
  }

  seen(): FileBytes {
    return {
      bytes: this.bytes,
      head: Buffer.concat(this.heads),
      tail: this.tail,
      sha256: this.hash.digest('hex'),
    }
  }
}

/** Counts a body's bytes and fails it with UploadError('tooBig') past `limit`. */
function bodyLimit(limit: number): Transform {
  let seen = 0
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length
      done(seen > limit ? new UploadError('tooBig') : null, chunk)
    },
  })
}

/**
 * Receives the field `file` of a multipart body into a new file of `dir` (random name, mode 0600).
 * Refused with UploadError: a body over `maxBodyBytes` or a file over `maxFileBytes` (at once, the
 * rest is not read), a body without the field, a body that is not a multipart form. Nothing is
 * left in `dir` when it throws, whatever the reason (a sender gone midway included).
 */
export async function receiveFile(
  body: Readable,
  contentType: string,
  options: { dir: string; maxFileBytes: number; maxBodyBytes: number },
): Promise<StreamedFile> {
  let parser: ReturnType<typeof Busboy>
  try {
    parser = Busboy({
      headers: { 'content-type': contentType },
      limits: { files: 1, fields: 4, parts: 5, fieldSize: 1024, fileSize: options.maxFileBytes },
    })
  } catch {
    throw new UploadError('malformed')
  }
  let part: BusboyFileStream | undefined
  let writing: Promise<StreamedFile> | undefined
  let tooBig = false
  const stop = new AbortController()
  parser.on('file', (field, stream, fileName) => {
    if (field !== 'file' || part) return void stream.resume()
    part = stream
    // Over its limit, busboy would read the rest to throw it away: the body is dropped at once.
    stream.on('limit', () => {
      tooBig = true
      stop.abort()
    })
    writing = writePart(stream, fileName, options.dir)
    writing.catch(() => undefined) // awaited below; its failure is handled there
  })
  let failure: unknown
  try {
    await pipeline(body, bodyLimit(options.maxBodyBytes), parser, { signal: stop.signal })
  } catch (err) {
    failure = err
  }
  if (failure !== undefined || tooBig) {
    part?.destroy(new UploadError('malformed')) // its half-written file is removed by writePart
    const written = await writing?.catch(() => undefined)
    if (written) await fs.rm(written.path, { force: true })
    if (failure instanceof UploadError) throw failure
    throw new UploadError(tooBig ? 'tooBig' : 'malformed')
  }
  if (!writing) throw new UploadError('noFile')
  return writing
}

/** Writes one file part into `dir`; removes what it wrote when the part fails midway. */
async function writePart(
  stream: BusboyFileStream,
  fileName: string | undefined,
  dir: string,
): Promise<StreamedFile> {
  const at = path.join(dir, `${randomBytes(16).toString('hex')}.part`)
  const tap = new FileTap()
  try {
    // flush: synced to the disk before it closes, while other requests go on; keepDocument's
    // sync, before the transaction that records it, then finds nothing left to write.
    await pipeline(stream, tap, createWriteStream(at, { flags: 'wx', mode: 0o600, flush: true }))
  } catch (err) {
    await fs.rm(at, { force: true })
    throw err
  }
  return { path: at, fileName: fileName ?? '', ...tap.seen() }
}
