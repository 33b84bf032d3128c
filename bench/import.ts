// `npm run bench` (or alone: `node --import tsx bench/import.ts`): the import of 20 000 generated
// families from a CSV file, through the API of a server in its own process (reading, dry run, one
// transaction), against a plain insert of the same rows (those the import wrote, read back) into an
// empty database, in the same run.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { DEMO_PASSWORD } from '../db/demo/index.ts'
import { generatedFamily, seededRandom } from '../db/demo/generator.ts'
import type { DemoFamily, DemoGuardian } from '../db/demo/types.ts'
import { frenchCsv, SAMPLE_HEADINGS } from '../extranet/server/presenters/import-files.ts'
import { startTestServer, type TestServer } from '../test/support/server.ts'
import { databaseOf } from './demo.ts'
import { logIn } from './load.ts'
import { backupDone, startPortee } from './processes.ts'

const FAMILIES = Number(process.env['IMPORT_FAMILIES'] ?? 20_000)
const SITES = ['Conservatoire', 'Antenne de Sainte-Maxime']

function families(): DemoFamily[] {
  const rand = seededRandom(1789)
  // Indexes far from the demo's: no e-mail of the file is already in Portée.
  return Array.from({ length: FAMILIES }, (_, i) => generatedFamily(rand, 500_000 + i, [1, 2]))
}

const person = (g: DemoGuardian | undefined) =>
  g
    ? [
        g.civility,
        g.lastName,
        g.firstName,
        g.address ?? '',
        g.postalCode ?? '',
        g.city ?? '',
      ].concat([g.phoneHome ?? '', g.phoneMobile ?? '', g.phoneWork ?? '', g.email])
    : Array.from({ length: 10 }, () => '')

const frenchDate = (iso: string) => iso.split('-').reverse().join('/')

/** The file a conservatoire would bring: one line per pupil, the guardians on each. */
function csvOf(list: DemoFamily[]): Buffer {
  const rows = [SAMPLE_HEADINGS]
  list.forEach((f, i) => {
    const family = [String(i + 1), SITES[f.siteId - 1] ?? '', ...person(f.guardians[0])]
    family.push(...person(f.guardians[1]))
    for (const p of f.pupils) {
      const pupil = [p.civility, p.lastName, p.firstName, frenchDate(p.birthDate)]
      rows.push([...family, ...pupil, p.birthPlace ?? '', p.schoolLevel ?? '', 'oui'])
    }
  })
  return Buffer.from(frenchCsv(rows), 'utf8')
}

/** The rows the import wrote (families after `firstFamily`), read back from the server's file. */
function rowsOf(dataDir: string, firstFamily: number): Record<string, object[]> {
  const sqlite = new Database(databaseOf(dataDir), { readonly: true })
  try {
    const after = (table: string, column: string) =>
      sqlite.prepare(`select * from ${table} where ${column} >= ?`).all(firstFamily) as object[]
    return {
      families: after('families', 'id'),
      guardians: after('guardians', 'family_id'),
      pupils: after('pupils', 'family_id'),
    }
  } finally {
    sqlite.close()
  }
}

/** The same rows written straight into the tables of an empty database: no file, no check. */
async function plainInsert(server: TestServer, rows: Record<string, object[]>): Promise<void> {
  await server.db.transaction(async (trx) => {
    await trx.batchInsert('families', rows['families'] ?? [], 200)
    await trx.batchInsert('guardians', rows['guardians'] ?? [], 150)
    await trx.batchInsert('pupils', rows['pupils'] ?? [], 150)
  })
}

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9

export interface ImportResult {
  families: number
  /** Elapsed seconds of the import request. */
  seconds: number
  /** The import's time as a ratio to the plain insert of the same rows. */
  ratio: number
}

/**
 * Imports the file through the API of a server in its own process (started on an empty demo), and
 * inserts the same rows plainly into another empty database, in this process, as the baseline.
 */
export async function importBench(): Promise<ImportResult> {
  console.log(`\n4. Import d’un fichier de ${FAMILIES} familles (CSV)…`)
  const list = families()
  const csv = csvOf(list)
  const lines = csv.toString('utf8').split('\r\n').length - 2
  console.log(`   ${lines} lignes, ${(csv.length / 1e6).toFixed(1)} Mo`)
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portee-bench-import-'))
  // The import's database has only the demo's named families and the sites: it takes the rows.
  const importing = await startPortee(dataDir, 0)
  const plain = await startTestServer({ demoFamilies: 0 })
  try {
    await backupDone(dataDir)
    const cookie = await logIn(`${importing.staffUrl}/api/staff/session`, {
      login: 'admin',
      password: DEMO_PASSWORD,
    })
    const post = async (route: string, payload: object) => {
      const response = await fetch(`${importing.staffUrl}${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify(payload),
      })
      const text = await response.text()
      if (!response.ok) throw new Error(`${route}: ${response.status} ${text.slice(0, 300)}`)
      return text
    }
    const file = { fileName: 'familles.csv', content: csv.toString('base64') }
    const sqlite = new Database(databaseOf(dataDir), { readonly: true })
    const { m } = sqlite.prepare('select max(id) as m from families').get() as { m: number | null }
    sqlite.close()
    const firstFamily = Number(m ?? 0) + 1
    let started = process.hrtime.bigint()
    let cpuStart = importing.cpuMs()
    const info = JSON.parse(await post('/api/staff/family-imports/analysis', file))
    const run = { ...file, mapping: info.mapping, siteId: null }
    const check = JSON.parse(await post('/api/staff/family-imports/check', run))
    const dryRun = seconds(started)
    const dryRunCpu = (importing.cpuMs() - cpuStart) / 1000
    if (check.problems.length) throw new Error(`problems: ${JSON.stringify(check.problems[0])}`)
    started = process.hrtime.bigint()
    cpuStart = importing.cpuMs()
    const answer = await post('/api/staff/family-imports', run)
    const imported = seconds(started)
    const importedCpu = (importing.cpuMs() - cpuStart) / 1000
    const last = JSON.parse(answer.trim().split('\n').at(-1) ?? '{}')
    if (!last.result) throw new Error(`import failed: ${answer.slice(0, 300)}`)
    const rows = rowsOf(dataDir, firstFamily)
    started = process.hrtime.bigint()
    await plainInsert(plain, rows)
    const inserted = seconds(started)
    console.log(
      `   lecture et vérification (essai à blanc) : ${dryRun.toFixed(2)} s (processeur du serveur ${dryRunCpu.toFixed(2)} s)`,
    )
    console.log(
      `   import (lecture, vérification, écriture) : ${imported.toFixed(2)} s (processeur du serveur ${importedCpu.toFixed(2)} s) — ` +
        `${last.result.families} familles, ${last.result.guardians} responsables, ${last.result.pupils} élèves`,
    )
    console.log(`   témoin, insertion simple des mêmes lignes : ${inserted.toFixed(2)} s`)
    return { families: FAMILIES, seconds: imported, ratio: imported / inserted }
  } finally {
    await importing.stop()
    await plain.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  importBench().then(
    (result) => {
      if (result.seconds >= 60) process.exitCode = 1
    },
    (err: unknown) => {
      console.error(err)
      process.exit(1)
    },
  )
}
