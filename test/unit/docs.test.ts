import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

// The repository stands alone: no Markdown file of it sends its reader outside it.

const root = path.resolve(import.meta.dirname, '..', '..')
const SKIPPED = new Set(['node_modules', '.git', 'dist', '.cache', '.data', 'test-results'])

function markdownFiles(dir = ''): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) return SKIPPED.has(entry.name) ? [] : markdownFiles(file)
    return entry.name.endsWith('.md') ? [file] : []
  })
}

/** The relative targets of the Markdown links of a file: `[text](target)`, anchors dropped. */
function relativeLinks(text: string): string[] {
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => (m[1] ?? '').split('#')[0] ?? '')
    .filter((target) => target !== '' && !/^[a-z]+:/i.test(target))
}

describe('the documentation', () => {
  const files = markdownFiles()

  it('has the README and the architecture document', () => {
    expect(files).toContain('README.md')
    expect(files).toContain(path.join('docs', 'ARCHITECTURE.md'))
  })

  it('names no file outside the repository', () => {
    const outside = files.filter((f) =>
      /\.\.\/shared|\/work\//.test(fs.readFileSync(path.join(root, f), 'utf8')),
    )
    expect(outside).toEqual([])
  })

  it('links only to files of the repository that exist', () => {
    const broken = files.flatMap((f) =>
      relativeLinks(fs.readFileSync(path.join(root, f), 'utf8'))
        .map((target) => path.resolve(root, path.dirname(f), target))
        .filter((target) => !target.startsWith(root + path.sep) || !fs.existsSync(target))
        .map((target) => `${f} → ${path.relative(root, target)}`),
    )
    expect(broken).toEqual([])
  })

  it('the README points to the architecture document', () => {
    expect(fs.readFileSync(path.join(root, 'README.md'), 'utf8')).toContain(
      '(docs/ARCHITECTURE.md)',
    )
  })
})
