import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { precompressDir, type Precompressed } from '../../scripts/precompress.ts'

// The build writes a .gz and a .br beside each text asset, which the server sends as they are.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portee-precompress-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const script = 'export function hello(name) { return `Bonjour ${name}` }\n'.repeat(200)
const style = '.card { padding: 16px; margin: 0 auto; }\n'.repeat(200)
fs.writeFileSync(path.join(dir, 'app-AAA111.js'), script)
fs.writeFileSync(path.join(dir, 'app-BBB222.css'), style)
fs.writeFileSync(path.join(dir, 'tiny-CCC333.js'), 'export const a = 1\n')
fs.writeFileSync(path.join(dir, 'logo-DDD444.png'), crypto.randomBytes(5000))
fs.writeFileSync(path.join(dir, 'noise-EEE555.js'), crypto.randomBytes(5000))
fs.mkdirSync(path.join(dir, 'sub'))
fs.writeFileSync(path.join(dir, 'sub', 'deep.js'), script)

let done: Precompressed[] = []
beforeAll(async () => {
  done = await precompressDir(dir)
})

describe('the assets compressed at build time', () => {
  it('are the text files of 1024 bytes or more, each with a .gz and a .br that decode to it', () => {
    expect(done.map((d) => d.file)).toEqual(['app-AAA111.js', 'app-BBB222.css', 'noise-EEE555.js'])
    const bytes = (file: string) => fs.readFileSync(path.join(dir, file))
    expect(zlib.gunzipSync(bytes('app-AAA111.js.gz')).toString()).toBe(script)
    expect(zlib.brotliDecompressSync(bytes('app-AAA111.js.br')).toString()).toBe(script)
    expect(zlib.gunzipSync(bytes('app-BBB222.css.gz')).toString()).toBe(style)
    expect(zlib.brotliDecompressSync(bytes('app-BBB222.css.br')).toString()).toBe(style)
    // 11 400 bytes of one repeated line shrink to less than 300.
    expect(bytes('app-AAA111.js.gz').length).toBeLessThan(300)
    expect(bytes('app-AAA111.js.br').length).toBeLessThan(300)
  })

  it('leave alone small files, images, subfolders and what compression would only enlarge', () => {
    const files = fs.readdirSync(dir).sort()
    expect(files).toEqual([
      'app-AAA111.js',
      'app-AAA111.js.br',
      'app-AAA111.js.gz',
      'app-BBB222.css',
      'app-BBB222.css.br',
      'app-BBB222.css.gz',
      'logo-DDD444.png',
      'noise-EEE555.js',
      'sub',
      'tiny-CCC333.js',
    ])
    expect(fs.readdirSync(path.join(dir, 'sub'))).toEqual(['deep.js'])
  })
})
