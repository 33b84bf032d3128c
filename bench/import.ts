// `npm run bench` (or alone: `node --import tsx bench/import.ts`): the import of 20 000 generated
// families from a CSV file, through the API (reading, dry run, one transaction), against a plain
// insert of the same rows (those the import wrote, read back) into an empty database, in the same
// run.
import os from 'node:os'
import { generatedFamily, seededRandom } from '../db/demo/generator.ts'
import type { DemoFamily, DemoGuardian } from '../db/demo/types.ts'
import { frenchCsv, SAMPLE_HEADINGS } from '../extranet/server/presenters/import-files.ts'
import { staffCookie } from '../test/support/api.ts'
import { startTestServer, type TestServer } from '../test/support/server.ts'

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

/**
 * The rows the import wrote (families after `firstFamily`), read back: the same rows, to insert
 * plainly into a database where the demo's named families already hold the same first ids.
 */
async function rowsOf(server: TestServer, firstFamily: number): Promise<Record<string, object[]>> {
  return {
    families: await server.db('families').where('id', '>=', firstFamily),
    guardians: await server.db('guardians').where('family_id', '>=', firstFamily),
    pupils: await server.db('pupils').where('family_id', '>=', firstFamily),
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

/** On a very busy machine, the bcrypt queue may turn a login away (BUSY): ask again. */
async function again<T>(work: () => Promise<T>, times = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await work()
    } catch (err) {
      if (i >= times) throw err
    }
  }
}

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9
/** The processor time this process spent since then (the server runs in it): on a busy machine,
 * the elapsed time says more about the neighbours than about the import. */
const cpu = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since)
  return ((used.user + used.system) / 1e6).toFixed(2)
}

/** Imports the file through the API; true when it took less than a minute. */
export async function importBench(): Promise<boolean> {
  console.log(`\n3. Import d’un fichier de ${FAMILIES} familles (CSV)…`)
  const list = families()
  const csv = csvOf(list)
  const lines = csv.toString('utf8').split('\r\n').length - 2
  console.log(`   ${lines} lignes, ${(csv.length / 1e6).toFixed(1)} Mo`)
  const importing = await again(() => startTestServer({ demoFamilies: 0 }))
  // The import's database has only the administrator and the sites: an empty one takes the rows.
  const plain = await again(() => startTestServer({ demoFamilies: 0 }))
  try {
    const cookie = await again(() => staffCookie(importing))
    const file = { fileName: 'familles.csv', content: csv.toString('base64') }
    const post = (url: string, payload: object) =>
      importing.staff.inject({ method: 'POST', url, payload, headers: { cookie } })
    const last0 = await importing.db('families').max<{ m: number }[]>({ m: 'id' }).first()
    const firstFamily = Number(last0?.m ?? 0) + 1
    let started = process.hrtime.bigint()
    let cpuStart = process.cpuUsage()
    const info = JSON.parse((await post('/api/staff/family-imports/analysis', file)).payload)
    const run = { ...file, mapping: info.mapping, siteId: null }
    const check = JSON.parse((await post('/api/staff/family-imports/check', run)).payload)
    const dryRun = seconds(started)
    const dryRunCpu = cpu(cpuStart)
    if (check.problems.length) throw new Error(`problems: ${JSON.stringify(check.problems[0])}`)
    started = process.hrtime.bigint()
    cpuStart = process.cpuUsage()
    const answer = await post('/api/staff/family-imports', run)
    const imported = seconds(started)
    const importedCpu = cpu(cpuStart)
    const last = JSON.parse(answer.payload.trim().split('\n').at(-1) ?? '{}')
    if (!last.result) throw new Error(`import failed: ${answer.payload.slice(0, 300)}`)
    const rows = await rowsOf(importing, firstFamily)
    started = process.hrtime.bigint()
    cpuStart = process.cpuUsage()
    await plainInsert(plain, rows)
    const inserted = seconds(started)
    const insertedCpu = cpu(cpuStart)
    console.log(
      `   lecture et vérification (essai à blanc) : ${dryRun.toFixed(2)} s (processeur ${dryRunCpu} s)`,
    )
    console.log(
      `   import (lecture, vérification, écriture) : ${imported.toFixed(2)} s (processeur ${importedCpu} s) — ` +
        `${last.result.families} familles, ${last.result.guardians} responsables, ${last.result.pupils} élèves`,
    )
    console.log(
      `   témoin, insertion simple des mêmes lignes : ${inserted.toFixed(2)} s (processeur ${insertedCpu} s)`,
    )
    const within = imported < 60
    const load = os.loadavg()[0]?.toFixed(1)
    console.log(
      `   (charge de la machine pendant la mesure : ${load} pour ${os.cpus().length} cœurs)`,
    )
    console.log(
      `   rapport import / insertion simple : ${(imported / inserted).toFixed(1)} ; ` +
        `moins d’une minute : ${within ? 'tenu' : 'DÉPASSÉ'}`,
    )
    return within
  } finally {
    await importing.close()
    await plain.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  importBench().then(
    (ok) => {
      if (!ok) process.exitCode = 1
    },
    (err: unknown) => {
      console.error(err)
      process.exit(1)
    },
  )
}
