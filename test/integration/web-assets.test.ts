import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { precompressDir } from '../../scripts/precompress.ts'
import { asFamily, asStaff, staffCookie, type Client } from '../support/api.ts'
import { startTestServer, type TestServer } from '../support/server.ts'

// What the browser gets of the built apps: hashed assets cached for a year and compressed (the
// .br/.gz written at build time, or compressed on the fly when there are none), the page itself
// never cached, the JSON answers compressed too. The apps here are written by the test, as Vite
// writes them, so that nothing has to be built.

const IMMUTABLE = 'public, max-age=31536000, immutable'
const script = 'export function bonjour(nom) { return `Bonjour ${nom}` }\n'.repeat(300)
const style = '.carte { padding: 16px; margin: 0 auto; }\n'.repeat(300)

let server: TestServer
let webRoot: string
let portal: Client

beforeAll(async () => {
  webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'portee-web-'))
  const assets = path.join(webRoot, 'assets')
  fs.mkdirSync(assets)
  fs.writeFileSync(
    path.join(webRoot, 'index.html'),
    '<!doctype html><script type="module" src="/assets/index-AbC123.js"></script>',
  )
  fs.writeFileSync(path.join(assets, 'index-AbC123.js'), script)
  fs.writeFileSync(path.join(assets, 'index-DeF456.css'), style)
  await precompressDir(assets)
  // An asset without its compressed twins: hapi compresses it as it goes.
  fs.writeFileSync(path.join(assets, 'late-GhI789.js'), script)
  server = await startTestServer({
    listen: true,
    config: (c) => ({ ...c, webRoots: { portal: webRoot, staff: webRoot } }),
  })
  portal = asFamily(server)
})
afterAll(async () => {
  await server.close()
  fs.rmSync(webRoot, { recursive: true, force: true })
})

const asking = (encoding: string) => ({ headers: { 'accept-encoding': encoding } })
const twin = (file: string) => fs.readFileSync(path.join(webRoot, 'assets', file))

describe('the assets of a built app', () => {
  it('are sent gzipped, as written at build time, to a browser that takes gzip', async () => {
    const res = await portal.get('/assets/index-AbC123.js', asking('gzip, deflate'))
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe(IMMUTABLE)
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(res.headers['vary']).toContain('accept-encoding')
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(res.rawPayload.equals(twin('index-AbC123.js.gz'))).toBe(true)
    expect(zlib.gunzipSync(res.rawPayload).toString()).toBe(script)
  })

  it('are sent in brotli when the browser takes it (as every current browser does)', async () => {
    const res = await portal.get('/assets/index-DeF456.css', asking('gzip, deflate, br, zstd'))
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe(IMMUTABLE)
    expect(res.headers['content-encoding']).toBe('br')
    expect(res.rawPayload.equals(twin('index-DeF456.css.br'))).toBe(true)
    expect(zlib.brotliDecompressSync(res.rawPayload).toString()).toBe(style)
  })

  it('are sent as they are to a client that takes no compression', async () => {
    const res = await portal.get('/assets/index-AbC123.js')
    expect(res.headers['cache-control']).toBe(IMMUTABLE)
    expect(res.headers['content-encoding']).toBeUndefined()
    expect(res.payload).toBe(script)
  })

  it('are compressed on the fly when the build wrote no twin', async () => {
    const br = await portal.get('/assets/late-GhI789.js', asking('gzip, br'))
    expect(br.headers['cache-control']).toBe(IMMUTABLE)
    expect(br.headers['content-encoding']).toBe('br')
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(script)
    const gzip = await portal.get('/assets/late-GhI789.js', asking('gzip'))
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(zlib.gunzipSync(gzip.rawPayload).toString()).toBe(script)
  })

  it('reach the browser over real HTTP with the same headers', async () => {
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http
        .get(`${server.staffUrl}/assets/index-AbC123.js`, asking('gzip, deflate, br'), resolve)
        .on('error', reject)
    })
    const chunks: Buffer[] = []
    for await (const chunk of res) chunks.push(chunk as Buffer)
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe(IMMUTABLE)
    expect(res.headers['content-encoding']).toBe('br')
    expect(Number(res.headers['content-length'])).toBe(twin('index-AbC123.js.br').length)
    expect(zlib.brotliDecompressSync(Buffer.concat(chunks)).toString()).toBe(script)
  })

  it('are not cached when missing, and the page itself is never cached', async () => {
    const missing = await portal.get('/assets/index-Old000.js', asking('gzip'))
    expect(missing.statusCode).toBe(404)
    expect(missing.headers['cache-control']).not.toContain('immutable')
    const page = await portal.get('/connexion', asking('gzip, br'))
    expect(page.statusCode).toBe(200)
    expect(page.headers['cache-control']).toBe('no-store')
  })
})

describe('the JSON answers', () => {
  it('are compressed, in brotli or gzip, as the client asks', async () => {
    const staff = asStaff(server, await staffCookie(server))
    const plain = await staff.get('/api/staff/families?pageSize=100')
    expect(plain.statusCode).toBe(200)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.payload.length).toBeGreaterThan(5000)
    const br = await staff.get('/api/staff/families?pageSize=100', asking('gzip, deflate, br'))
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.rawPayload.length).toBeLessThan(plain.payload.length / 3)
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(plain.payload)
    const gzip = await staff.get('/api/staff/families?pageSize=100', asking('gzip, deflate'))
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(zlib.gunzipSync(gzip.rawPayload).toString()).toBe(plain.payload)
  })
})
