// What a browser loads before the first page of a built app shows: the entry script of its
// index.html, the chunks Vite preloads with it (<link rel="modulepreload">) and its stylesheets,
// each measured gzipped (level 9). Route chunks loaded later by the router are not counted.
// `npm run bench` calls firstLoadSize; `node --import tsx scripts/bundle-size.ts dist/extranet`
// prints it.
import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import zlib from 'node:zlib'

const gzip = promisify(zlib.gzip)

export interface FirstLoadSize {
  files: { file: string; gzipBytes: number }[]
  totalGzipBytes: number
}

/** The value of one attribute of a tag, quoted or not; undefined when absent. */
function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag)
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined
}

/** The files index.html makes the browser fetch at once, as paths inside the app (assets/x.js). */
export function firstLoadFiles(indexHtml: string): string[] {
  const files: string[] = []
  const html = indexHtml.replace(/<!--[\s\S]*?-->/g, '')
  for (const [tag] of html.matchAll(/<(?:script|link)\b[^>]*>/gi)) {
    let url: string | undefined
    if (/^<script/i.test(tag)) {
      url = attribute(tag, 'src')
    } else {
      const rel = (attribute(tag, 'rel') ?? '').toLowerCase().split(/\s+/)
      if (rel.includes('modulepreload') || rel.includes('stylesheet')) url = attribute(tag, 'href')
    }
    if (url === undefined) continue
    if (/^[a-z][\w+.-]*:|^\/\//i.test(url)) {
      throw new Error(`index.html charge un fichier d’une autre origine : ${url}`)
    }
    const file = (url.split(/[?#]/)[0] ?? '').replace(/^\.?\//, '')
    if (!files.includes(file)) files.push(file)
  }
  return files
}

/** The gzip size (level 9) of what index.html in distDir loads before the first page shows. */
export async function firstLoadSize(distDir: string): Promise<FirstLoadSize> {
  const html = await fs.readFile(path.join(distDir, 'index.html'), 'utf8')
  const files = await Promise.all(
    firstLoadFiles(html).map(async (file) => {
      const content = await fs.readFile(path.join(distDir, file))
      const gzipped = await gzip(content, { level: 9 })
      return { file, gzipBytes: gzipped.length }
    }),
  )
  return { files, totalGzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0) }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dirs = process.argv.slice(2)
  for (const dir of dirs.length > 0 ? dirs : ['dist/extranet', 'dist/renderer']) {
    const size = await firstLoadSize(dir)
    console.log(`${dir}: ${(size.totalGzipBytes / 1000).toFixed(1)} kB gzip`)
    for (const f of size.files) console.log(`  ${f.file}  ${(f.gzipBytes / 1000).toFixed(1)} kB`)
  }
}
