import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

// The sizes the README's "Organisation du code" promises: short route handlers, services and
// pages a newcomer can read at once.

const root = path.resolve(import.meta.dirname, '..', '..')

function files(dir: string, ext: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(ext))
    .map((f) => path.join(dir, f))
}

const lines = (file: string) => fs.readFileSync(path.join(root, file), 'utf8').split('\n')

/** Every route handler of a file, with its length in lines (its opening to its closing brace). */
function handlers(file: string): { at: string; length: number }[] {
  const source = lines(file)
  const found: { at: string; length: number }[] = []
  source.forEach((line, i) => {
    const start = /^(\s*)(async )?handler\(/.exec(line)
    if (!start) return
    const end = source.findIndex((l, j) => j > i && l.startsWith(`${start[1]}}`))
    found.push({ at: `${file}:${i + 1}`, length: end - i + 1 })
  })
  return found
}

describe('the layout stays readable', () => {
  it('finds the route handlers it measures', () => {
    expect(files('extranet/server/plugins', '.ts').flatMap(handlers).length).toBeGreaterThan(30)
  })

  it('no route handler over 15 lines', () => {
    const long = files('extranet/server/plugins', '.ts')
      .flatMap(handlers)
      .filter((h) => h.length > 15)
    expect(long).toEqual([])
  })

  it('no file of db/services over 300 lines', () => {
    const long = files('db/services', '.ts').filter((f) => lines(f).length > 300)
    expect(long).toEqual([])
  })

  it('no .vue file over 250 lines', () => {
    const vue = ['renderer', 'extranet/web', 'ui'].flatMap((dir) => files(dir, '.vue'))
    expect(vue.length).toBeGreaterThan(10)
    expect(vue.filter((f) => lines(f).length > 250)).toEqual([])
  })
})
