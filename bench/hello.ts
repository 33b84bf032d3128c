// The benchmark's baseline: a bare Hapi server with one route, started like Portée's server (its own
// process, `node --import tsx`), on loopback. PORT=0 takes a free port; the URL is printed.
// With UPLOAD_DIR, it also takes uploads as plainly as Node can (POST /upload): the body streamed
// into a new file of that directory, synced to the disk, then removed; nothing parsed nor checked.
import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import Hapi from '@hapi/hapi'

const server = Hapi.server({ host: '127.0.0.1', port: Number(process.env['PORT'] ?? 0) })
server.route({ method: 'GET', path: '/hello', handler: () => ({ hello: 'world' }) })
const uploadDir = process.env['UPLOAD_DIR']
if (uploadDir) {
  server.route({
    method: 'POST',
    path: '/upload',
    options: {
      payload: { output: 'stream', parse: false, maxBytes: 64 * 1024 * 1024, timeout: false },
    },
    async handler(request) {
      const file = path.join(uploadDir, randomBytes(16).toString('hex'))
      const body = request.payload as NodeJS.ReadableStream
      await pipeline(body, createWriteStream(file, { flags: 'wx', flush: true }))
      await fs.rm(file)
      return { ok: true }
    },
  })
}
await server.start()
console.log(`Témoin prêt : ${server.info.uri}`)

const stop = () => void server.stop().then(() => process.exit(0))
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
