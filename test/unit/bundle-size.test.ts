import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { firstLoadFiles, firstLoadSize } from '../../scripts/bundle-size.ts'

// What a browser loads before the first page shows, measured on a small app written here as
// Vite writes one (nothing is built): the entry, its preloaded chunks and its stylesheets count;
// a route chunk loaded later, the icon and an inline script do not.

const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'portee-bundle-size-'))
afterAll(() => fs.rmSync(dist, { recursive: true, force: true }))

const INDEX = `<!doctype html>
<html lang="fr">
  <head>
    <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
    <!-- <script type="module" src="/assets/commented-out.js"></script> -->
    <script type="module" crossorigin src="/assets/index-AAA111.js"></script>
    <link rel="modulepreload" crossorigin href="/assets/vendor-BBB222.js">
    <link crossorigin href='/assets/router-CCC333.js' rel='modulepreload'>
    <link rel="stylesheet" crossorigin href="/assets/index-DDD444.css">
    <script>window.inline = true</script>
  </head>
  <body><div id="app"></div></body>
</html>`

function write(file: string, content: string | Buffer) {
  fs.mkdirSync(path.dirname(path.join(dist, file)), { recursive: true })
  fs.writeFileSync(path.join(dist, file), content)
}

write('index.html', INDEX)
write('favicon.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>')
// 100 000 bytes that gzip cannot shrink, and 100 000 that it shrinks to almost nothing.
write('assets/index-AAA111.js', crypto.randomBytes(100_000))
write('assets/vendor-BBB222.js', 'a'.repeat(100_000))
write('assets/router-CCC333.js', 'export const routes = []\n')
write('assets/index-DDD444.css', 'body { margin: 0 }\n'.repeat(1000))
write('assets/LazyPage-EEE555.js', crypto.randomBytes(50_000))

describe('the first load of a built app', () => {
  it('is the entry script, the preloaded chunks and the stylesheets of index.html', () => {
    expect(firstLoadFiles(INDEX)).toEqual([
      'assets/index-AAA111.js',
      'assets/vendor-BBB222.js',
      'assets/router-CCC333.js',
      'assets/index-DDD444.css',
    ])
  })

  it('weighs each of those files gzipped, and adds them up', async () => {
    const size = await firstLoadSize(dist)
    expect(size.files.map((f) => f.file)).toEqual([
      'assets/index-AAA111.js',
      'assets/vendor-BBB222.js',
      'assets/router-CCC333.js',
      'assets/index-DDD444.css',
    ])
    const [random = 0, repeated = 0, small = 0, css = 0] = size.files.map((f) => f.gzipBytes)
    expect(random).toBeGreaterThanOrEqual(100_000)
    expect(random).toBeLessThan(100_200)
    expect(repeated).toBeGreaterThan(20)
    expect(repeated).toBeLessThan(400)
    expect(small).toBeGreaterThan(20)
    expect(small).toBeLessThan(60)
    expect(css).toBeLessThan(200)
    expect(size.totalGzipBytes).toBe(random + repeated + small + css)
    // The lazy route chunk (50 000 bytes of noise) is not in it.
    expect(size.totalGzipBytes).toBeLessThan(101_000)
  })

  it('refuses an index.html that loads from another origin', () => {
    expect(() =>
      firstLoadFiles('<script type="module" src="https://cdn.example.org/vue.js"></script>'),
    ).toThrow(/autre origine/)
  })

  it('fails on a file that index.html names but the build did not write', async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'portee-bundle-size-'))
    try {
      fs.writeFileSync(
        path.join(other, 'index.html'),
        '<script type="module" src="/assets/gone.js"></script>',
      )
      await expect(firstLoadSize(other)).rejects.toThrow(/ENOENT/)
    } finally {
      fs.rmSync(other, { recursive: true, force: true })
    }
  })
})
