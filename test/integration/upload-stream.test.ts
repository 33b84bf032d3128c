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

const BOUNDARY = '----porteeUploadBoundary42'
const CONTENT_TYPE = `multipart/form-data; boundary=${BOUNDARY}`

/** A multipart body: fields, then files, as a browser's FormData sends them. */
function body(
  parts: { name: string; fileName?: string; content: Buffer }[],
  closed = true,
): Buffer {
  const chunks: Buffer[] = []
  for (const part of parts) {
    const disposition = part.fileName
      ? `form-data; name="${part.name}"; filename="${part.fileName}"`
      : `form-data; name="${part.name}"`
    const type = part.fileName ? 'Content-Type: application/pdf\r\n' : ''
    chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`))
    chunks.push(part.content, Buffer.from('\r\n'))
  }
  if (closed) chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`))
  return Buffer.concat(chunks)
}

/** `bytes` sent in chunks of `size` bytes (a slow line gives small ones). */
function inChunks(bytes: Buffer, size: number): Readable {
  const chunks: Buffer[] = []
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size))
  return Readable.from(chunks)
}

let dir: string
const left = () => fs.readdirSync(dir)
const limits = { maxFileBytes: 100_000, maxBodyBytes: 120_000 }

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portee-upload-'))
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('receiveFile', () => {
  const content = randomBytes(50_000)

  it('writes the file and sees its size, sha256, first and last bytes, in any chunking', async () => {
    const form = body([
      { name: 'note', content: Buffer.from('bonjour') },
      { name: 'file', fileName: 'Carte d’identité.pdf', content },
    ])
    for (const size of [1, 7, 1000, 65_536, form.length]) {
      const got = await receiveFile(inChunks(form, size), CONTENT_TYPE, { dir, ...limits })
      expect(fs.readFileSync(got.path).equals(content), `chunks of ${size}`).toBe(true)
      expect(got).toMatchObject({ fileName: 'Carte d’identité.pdf', bytes: content.length })
      expect(got.sha256).toBe(createHash('sha256').update(content).digest('hex'))
      expect(got.head.equals(content.subarray(0, HEAD_BYTES))).toBe(true)
      expect(got.tail.equals(content.subarray(content.length - TAIL_BYTES))).toBe(true)
      expect(path.dirname(got.path)).toBe(dir)
      expect((fs.statSync(got.path).mode & 0o777).toString(8)).toBe('600')
      fs.rmSync(got.path)
    }
  })

  it('sees the whole of a file shorter than the bytes it keeps', async () => {
    const small = Buffer.from('%PDF-1.4 court %%EOF')
    const form = body([{ name: 'file', fileName: 'a.pdf', content: small }])
    const got = await receiveFile(inChunks(form, 3), CONTENT_TYPE, { dir, ...limits })
    expect([got.bytes, got.head.toString(), got.tail.toString()]).toEqual([
      small.length,
      small.toString(),
      small.toString(),
    ])
  })

  it('takes a file of exactly the limit', async () => {
    const exact = randomBytes(limits.maxFileBytes)
    const form = body([{ name: 'file', fileName: 'a.pdf', content: exact }])
    const got = await receiveFile(inChunks(form, 4096), CONTENT_TYPE, { dir, ...limits })
    expect(got.bytes).toBe(limits.maxFileBytes)
  })

  const refusals: [string, () => Readable, string, UploadError['reason']][] = [
    [
      'a file one byte over its limit',
      () =>
        inChunks(
          body([
            { name: 'file', fileName: 'a.pdf', content: randomBytes(limits.maxFileBytes + 1) },
          ]),
          4096,
        ),
      CONTENT_TYPE,
      'tooBig',
    ],
    [
      'a body over its limit before the file',
      () =>
        inChunks(
          body([
            { name: 'note', content: randomBytes(limits.maxBodyBytes) },
            { name: 'file', fileName: 'a.pdf', content },
          ]),
          4096,
        ),
      CONTENT_TYPE,
      'tooBig',
    ],
    [
      'a form without the field « file »',
      () => inChunks(body([{ name: 'document', fileName: 'a.pdf', content }]), 4096),
      CONTENT_TYPE,
      'noFile',
    ],
    [
      'a body that is not a multipart form',
      () => Readable.from([Buffer.from('{"file":"a.pdf"}')]),
      'application/json',
      'malformed',
    ],
    [
      'a form cut before its end',
      () => inChunks(body([{ name: 'file', fileName: 'a.pdf', content }], false), 4096),
      CONTENT_TYPE,
      'malformed',
    ],
  ]
  for (const [what, stream, type, reason] of refusals) {
    it(`refuses ${what} (${reason}) and leaves nothing behind`, async () => {
      const error = await receiveFile(stream(), type, { dir, ...limits }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(UploadError)
      expect((error as UploadError).reason).toBe(reason)
      expect(left()).toEqual([])
    })
  }

  it('stops reading a file over its limit at once', async () => {
    const form = body([{ name: 'file', fileName: 'a.pdf', content: randomBytes(1_000_000) }])
    let read = 0
    const stream = Readable.from(
      (function* () {
        for (let at = 0; at < form.length; at += 4096) {
          read += 4096
          yield form.subarray(at, at + 4096)
        }
      })(),
    )
    await expect(receiveFile(stream, CONTENT_TYPE, { dir, ...limits })).rejects.toThrow(UploadError)
    expect(read).toBeLessThan(limits.maxFileBytes + 64 * 4096)
    expect(left()).toEqual([])
  })

  it('leaves nothing when the sender goes away midway', async () => {
    const form = body([{ name: 'file', fileName: 'a.pdf', content }])
    const stream = new Readable({ read() {} })
    const receiving = receiveFile(stream, CONTENT_TYPE, { dir, ...limits })
    stream.push(form.subarray(0, 30_000))
    // The part is being written: its file exists; then the connection is cut.
    await new Promise<void>((resolve) => {
      const seen = () => (left().length > 0 ? resolve() : setImmediate(seen))
      seen()
    })
    stream.destroy(new Error('socket hang up'))
    await expect(receiving).rejects.toThrow(UploadError)
    expect(left()).toEqual([])
  })
})
