// The built apps' assets, compressed once at build time: beside each hashed file of assets/, a
// .gz (gzip level 9) and a .br (brotli quality 11), which the server sends as they are
// (@hapi/inert's lookupCompressed) instead of compressing the same file again on each request.
import fs from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import type { Plugin } from 'vite'

const gzip = promisify(zlib.gzip)
const brotli = promisify(zlib.brotliCompress)

/** Text files only: images and fonts are compressed already. */
const COMPRESSIBLE = /\.(?:js|mjs|css|svg|json|txt|html)$/

/** Hapi compresses nothing under this size (its compression.minBytes): neither do we. */
export const MIN_BYTES = 1024

export interface Precompressed {
  file: string
  bytes: number
  gzipBytes: number
  brotliBytes: number
}

/** Writes file.gz and file.br beside each text file of `dir` (not its subfolders). */
export async function precompressDir(dir: string): Promise<Precompressed[]> {
  const names = (await fs.readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && COMPRESSIBLE.test(entry.name))
    .map((entry) => entry.name)
    .sort()
  const done = await Promise.all(
    names.map(async (file): Promise<Precompressed | null> => {
      const full = path.join(dir, file)
      const content = await fs.readFile(full)
      if (content.length < MIN_BYTES) return null
      const [gz, br] = await Promise.all([
        gzip(content, { level: 9 }),
        brotli(content, {
          params: {
            [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
            [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length,
          },
        }),
      ])
      // A compressed twin larger than the file would only cost: the server then compresses.
      if (gz.length < content.length) await fs.writeFile(`${full}.gz`, gz)
      if (br.length < content.length) await fs.writeFile(`${full}.br`, br)
      return { file, bytes: content.length, gzipBytes: gz.length, brotliBytes: br.length }
    }),
  )
  return done.filter((d): d is Precompressed => d !== null)
}

/** Vite: once the app is written, its assets/ get their .gz and .br twins. */
export function precompress(): Plugin {
  return {
    name: 'portee-precompress',
    apply: 'build',
    async writeBundle(options) {
      if (!options.dir) return
      const assets = path.join(options.dir, 'assets')
      const exists = await fs.stat(assets).then(
        (s) => s.isDirectory(),
        () => false,
      )
      if (exists) await precompressDir(assets)
    },
  }
}
