// What `npm run serve` runs once built: its last command, `node <options> dist/server/main.js`.
// The benchmark starts the server with exactly these arguments.
import fs from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '..')

/** The arguments of the `node` that `npm run serve` starts (its options, then the server's file). */
export function serveNodeArgs(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: { serve: string }
  }
  const [command, ...args] = (pkg.scripts.serve.split('&&').at(-1) ?? '').trim().split(/\s+/)
  if (command !== 'node') throw new Error(`npm run serve ends with « ${command} », not node`)
  return args
}
