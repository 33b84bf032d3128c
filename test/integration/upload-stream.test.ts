import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HEAD_BYTES, TAIL_BYTES } from '../../db/services/reenrolment/uploads.ts'
import { receiveFile, UploadError } from '../../extranet/server/upload-stream.ts'

// The upload receiver on real files: what it writes, what it sees of the bytes on the way, and
// that nothing is left behind whatever goes wrong.

/** `bytes` sent in chunks of `size` bytes (a slow line gives small ones). */
function inChunks(bytes: Buffer, size: number): Readable {
  const chunks: Buffer[] = []
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size))
  return Readable.from(chunks)
}

let dir: string
const left = () => fs.readdirSync(dir)
const limits = { maxFileBytes: 100_000 }

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portee-upload-'))
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('receiveFile', () => {
  const content = randomBytes(50_000)

  it('writes the file and sees its size, sha256, first and last bytes, in any chunking', async () => {
    // Chunks of one byte up to the whole: written in batches, across their borders.
    const big = randomBytes(limits.maxFileBytes)
    for (const [bytes, size] of [
      [content, 1],
      [content, 7],
      [content, 1000],
      [big, 65_536],
      [content, content.length],
    ] as const) {
      const got = await receiveFile(inChunks(bytes, size), 'Carte d’identité.pdf', {
        dir,
        ...limits,
      })
      expect(fs.readFileSync(got.path).equals(bytes), `chunks of ${size}`).toBe(true)
      expect(got).toMatchObject({ fileName: 'Carte d’identité.pdf', bytes: bytes.length })
      expect(got.sha256).toBe(createHash('sha256').update(bytes).digest('hex'))
      expect(got.head.equals(bytes.subarray(0, HEAD_BYTES))).toBe(true)
      expect(got.tail.equals(bytes.subarray(bytes.length - TAIL_BYTES))).toBe(true)
      expect(path.dirname(got.path)).toBe(dir)
      expect((fs.statSync(got.path).mode & 0o777).toString(8)).toBe('600')
      fs.rmSync(got.path)
    }
  })

  it('sees the whole of a file shorter than the bytes it keeps, and an empty one', async () => {
    const small = Buffer.from('%PDF-1.4 court %%EOF')
    const got = await receiveFile(inChunks(small, 3), 'a.pdf', { dir, ...limits })
    expect([got.bytes, got.head.toString(), got.tail.toString()]).toEqual([
      small.length,
      small.toString(),
      small.toString(),
    ])
    const empty = await receiveFile(Readable.from([]), 'vide.pdf', { dir, ...limits })
    expect([empty.bytes, empty.head.length, fs.statSync(empty.path).size]).toEqual([0, 0, 0])
  })

  it('takes a file of exactly the limit', async () => {
    const exact = randomBytes(limits.maxFileBytes)
    const got = await receiveFile(inChunks(exact, 4096), 'a.pdf', { dir, ...limits })
    expect(got.bytes).toBe(limits.maxFileBytes)
  })

  it('refuses a file one byte over its limit, stops reading it at once, leaves nothing', async () => {
    const over = randomBytes(1_000_000)
    let read = 0
    const stream = Readable.from(
      (function* () {
        for (let at = 0; at < over.length; at += 4096) {
          read += 4096
          yield over.subarray(at, at + 4096)
        }
      })(),
    )
    const error = await receiveFile(stream, 'a.pdf', { dir, ...limits }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UploadError)
    expect((error as UploadError).reason).toBe('tooBig')
    expect(read).toBeLessThan(limits.maxFileBytes + 2 * 4096)
    const oneOver = inChunks(randomBytes(limits.maxFileBytes + 1), 4096)
    await expect(receiveFile(oneOver, 'a.pdf', { dir, ...limits })).rejects.toThrow(UploadError)
    expect(left()).toEqual([])
  })

  it('does not take a failure of its own for the sender’s, and leaves nothing', async () => {
    // Chunks that are not bytes: the receiver fails on them, not the body.
    const strings = Readable.from(['%PDF-1.4 ', 'pas des octets'])
    const error = await receiveFile(strings, 'a.pdf', { dir, ...limits }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    expect(error).not.toBeInstanceOf(UploadError)
    expect(left()).toEqual([])
  })

  it('leaves nothing when the sender goes away midway', async () => {
    const stream = new Readable({ read() {} })
    const receiving = receiveFile(stream, 'a.pdf', { dir, ...limits })
    stream.push(content.subarray(0, 30_000))
    // The file is being written: it exists; then the connection is cut.
    await new Promise<void>((resolve) => {
      const seen = () => (left().length > 0 ? resolve() : setImmediate(seen))
      seen()
    })
    stream.destroy(new Error('socket hang up'))
    const error = await receiving.catch((e: unknown) => e)
    expect((error as UploadError).reason).toBe('malformed')
    expect(left()).toEqual([])
  })
})
