// `npm run bench` (or alone: `node --import tsx bench/import.ts`): the import of 20 000 generated
// families from a CSV file, through the API (reading, dry run, one transaction), against a plain
// insert of the same rows into the same tables, in the same run.
import { generatedFamily, seededRandom } from '../db/demo/generator.ts'
import type { DemoFamily, DemoGuardian } from '../db/demo/types.ts'
import { foldForSearch, frenchSortKey } from '../db/rules/text.ts'
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

/** The same families written straight into the tables: no file, no check, batch inserts. */
async function plainInsert(server: TestServer, list: DemoFamily[]): Promise<void> {
  const now = new Date().toISOString()
  const stamp = { created_at: now, updated_at: now }
  await server.db.transaction(async (trx) => {
    const max = async (t: string) => Number((await trx(t).max({ m: 'id' }).first())?.['m'] ?? 0)
    let [familyId, guardianId, pupilId] = [
      await max('families'),
      await max('guardians'),
      await max('pupils'),
    ]
    const rows = { families: [] as object[], guardians: [] as object[], pupils: [] as object[] }
    for (const f of list) {
      familyId++
      const first = f.guardians[0]
      const words = [...f.guardians, ...f.pupils].flatMap((p) => [p.lastName, p.firstName])
      rows.families.push({
        id: familyId,
        site_id: f.siteId,
        name: first.lastName,
        sort_key: frenchSortKey(first.lastName),
        search_text: ` ${foldForSearch(words.join(' '))} `,
        ...stamp,
      })
      f.guardians.forEach((g, i) =>
        rows.guardians.push({
          id: ++guardianId,
          family_id: familyId,
          site_id: f.siteId,
          rank: i + 1,
          civility: g.civility,
          last_name: g.lastName,
          first_name: g.firstName,
          address: g.address ?? '',
          postal_code: g.postalCode ?? '',
          city: g.city ?? '',
          phone_mobile: g.phoneMobile ?? '',
          email: g.email,
          ...stamp,
        }),
      )
      for (const p of f.pupils) {
        rows.pupils.push({
          id: ++pupilId,
          family_id: familyId,
          civility: p.civility,
          last_name: p.lastName,
          first_name: p.firstName,
          birth_date: p.birthDate,
          birth_place: p.birthPlace ?? '',
          school_level: p.schoolLevel ?? '',
          use_guardian_address: true,
          address: first.address ?? '',
          postal_code: first.postalCode ?? '',
          city: first.city ?? '',
          image_rights: true,
          ...stamp,
        })
      }
    }
    await trx.batchInsert('families', rows.families, 200)
    await trx.batchInsert('guardians', rows.guardians, 150)
    await trx.batchInsert('pupils', rows.pupils, 150)
  })
}

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9

/** Imports the file through the API; true when it took less than a minute. */
export async function importBench(): Promise<boolean> {
  console.log(`\n3. Import d’un fichier de ${FAMILIES} familles (CSV)…`)
  const list = families()
  const csv = csvOf(list)
  const lines = csv.toString('utf8').split('\r\n').length - 2
  console.log(`   ${lines} lignes, ${(csv.length / 1e6).toFixed(1)} Mo`)
  const importing = await startTestServer({ demoFamilies: 0 })
  const plain = await startTestServer({ demoFamilies: 0 })
  try {
    const cookie = await staffCookie(importing)
    const file = { fileName: 'familles.csv', content: csv.toString('base64') }
    const post = (url: string, payload: object) =>
      importing.staff.inject({ method: 'POST', url, payload, headers: { cookie } })
    let started = process.hrtime.bigint()
    const info = JSON.parse((await post('/api/staff/family-imports/analysis', file)).payload)
    const run = { ...file, mapping: info.mapping, siteId: null }
    const check = JSON.parse((await post('/api/staff/family-imports/check', run)).payload)
    const dryRun = seconds(started)
    if (check.problems.length) throw new Error(`problems: ${JSON.stringify(check.problems[0])}`)
    started = process.hrtime.bigint()
    const answer = await post('/api/staff/family-imports', run)
    const imported = seconds(started)
    const last = JSON.parse(answer.payload.trim().split('\n').at(-1) ?? '{}')
    if (!last.result) throw new Error(`import failed: ${answer.payload.slice(0, 300)}`)
    started = process.hrtime.bigint()
    await plainInsert(plain, list)
    const inserted = seconds(started)
    console.log(`   lecture et vérification (essai à blanc) : ${dryRun.toFixed(2)} s`)
    console.log(
      `   import (lecture, vérification, écriture) : ${imported.toFixed(2)} s — ` +
        `${last.result.families} familles, ${last.result.guardians} responsables, ${last.result.pupils} élèves`,
    )
    console.log(`   témoin, insertion simple des mêmes lignes : ${inserted.toFixed(2)} s`)
    const within = imported < 60
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
