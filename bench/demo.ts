// The demo databases the benchmark runs on: generated once per size by Portée's own server (DEMO=1 on
// an empty DATA_DIR), kept in .cache/bench/, and copied for each run so that every run starts from
// the same data.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startPortee } from './processes.ts'

const CACHE = path.resolve(import.meta.dirname, '..', '.cache', 'bench')
/** A fingerprint of the demo's generator and the migrations: when they change, copies are made again. */
function demoVersion(): string {
  const hash = createHash('sha256')
  for (const dir of ['db/demo', 'db/migrations']) {
    const full = path.resolve(import.meta.dirname, '..', dir)
    for (const name of fs.readdirSync(full).sort()) {
      hash.update(name).update(fs.readFileSync(path.join(full, name)))
    }
  }
  return hash.digest('hex').slice(0, 12)
}

function templateDir(families: number): string {
  return path.join(CACHE, `demo-${demoVersion()}-${families}`)
}

/** Makes the template of `families` families when missing; returns its folder. */
async function template(families: number): Promise<string> {
  const dir = templateDir(families)
  const file = path.join(dir, 'portee.sqlite')
  if (fs.existsSync(path.join(dir, 'done'))) return dir
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(dir, { recursive: true })
  console.log(`   (première fois : génération de la démo de ${families} familles…)`)
  const started = Date.now()
  const server = await startPortee(dir, families)
  await server.stop() // a clean stop folds the WAL into the database file
  fs.rmSync(path.join(dir, 'backups'), { recursive: true, force: true })
  if (!fs.existsSync(file)) throw new Error(`no database in ${dir}`)
  fs.writeFileSync(path.join(dir, 'done'), `${Date.now() - started} ms\n`)
  return dir
}

/** A fresh DATA_DIR holding a copy of the demo of `families` families; removed by `dispose`. */
export async function demoCopy(families: number): Promise<{ dataDir: string; dispose(): void }> {
  const source = await template(families)
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `portee-bench-${families}-`))
  fs.chmodSync(dataDir, 0o700)
  for (const name of fs.readdirSync(source)) {
    if (name.startsWith('portee.sqlite')) {
      fs.copyFileSync(path.join(source, name), path.join(dataDir, name))
    }
  }
  return { dataDir, dispose: () => fs.rmSync(dataDir, { recursive: true, force: true }) }
}

/** The database file of a demo copy, for reading accounts before the server starts. */
export function databaseOf(dataDir: string): string {
  return path.join(dataDir, 'portee.sqlite')
}
