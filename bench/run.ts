// `npm run bench`: speed as ratios against baselines taken in the same run (autocannon, loopback).
//   1. the Familles search on 20 000 families, against a trivial staff route;
//   2. a login storm: logins at full rate while logged-in families read their home page;
//   3. the import of 20 000 families from a spreadsheet, against a plain insert (bench/import.ts).
import autocannon from 'autocannon'
import { cookieFrom, DEMO_PASSWORD, startTestServer } from '../test/support/server.ts'
import { HashPool } from '../extranet/server/hash-pool.ts'
import { importBench } from './import.ts'

const FAMILIES = Number(process.env['DEMO_FAMILIES'] ?? 20_000)
const DURATION = Number(process.env['BENCH_SECONDS'] ?? 5)

interface Measure {
  rps: number
  p99: number
}

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return autocannon({ duration: DURATION, ...options })
}

async function measure(url: string, cookie: string): Promise<Measure> {
  const result = await run({ url, connections: 10, headers: { cookie } })
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`)
  return { rps: result.requests.average, p99: result.latency.p99 }
}

async function search(): Promise<void> {
  console.log(`\n1. Recherche des familles — démo de ${FAMILIES} familles…`)
  const started = Date.now()
  const server = await startTestServer({ demoFamilies: FAMILIES, listen: true })
  // The first daily backup, made at start, is done before anything is measured.
  await server.backups.runDue()
  console.log(`   chargée en ${((Date.now() - started) / 1000).toFixed(1)} s`)
  try {
    const login = await fetch(`${server.staffUrl}/api/staff/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'admin', password: DEMO_PASSWORD }),
    })
    const cookie = cookieFrom(login.headers.get('set-cookie') ?? undefined)
    const baseline = await measure(`${server.staffUrl}/api/staff/me`, cookie)
    console.log(
      `   témoin GET /api/staff/me : ${baseline.rps.toFixed(0)} req/s, p99 ${baseline.p99} ms`,
    )
    const cases = [
      ['liste, première page', '/api/staff/families'],
      ['liste, page 400', '/api/staff/families?page=400'],
      ['recherche « dupont »', '/api/staff/families?q=dupont'],
      ['recherche « lea » (prénom, sans accent)', '/api/staff/families?q=lea'],
      ['recherche « martin camille »', '/api/staff/families?q=martin%20camille'],
      ['recherche sans résultat', '/api/staff/families?q=zzzz'],
    ] as const
    for (const [label, path] of cases) {
      const r = await measure(`${server.staffUrl}${path}`, cookie)
      console.log(
        `   ${label.padEnd(42)} ${r.rps.toFixed(0).padStart(6)} req/s  ratio ${(r.rps / baseline.rps).toFixed(2)}  p99 ${r.p99} ms`,
      )
    }
  } finally {
    await server.close()
  }
}

/** What the worker pool can do in theory: workers ÷ the time of one bcrypt check. */
async function theoreticalLoginsPerSecond(workers: number): Promise<number> {
  const pool = new HashPool(1)
  try {
    const hash = await pool.hash(DEMO_PASSWORD)
    const rounds = 8
    const started = process.hrtime.bigint()
    for (let i = 0; i < rounds; i++) await pool.verify(DEMO_PASSWORD, hash)
    const seconds = Number(process.hrtime.bigint() - started) / 1e9 / rounds
    return workers / seconds
  } finally {
    await pool.close()
  }
}

async function loginStorm(): Promise<boolean> {
  console.log('\n2. Tempête de connexions — démo de 300 familles…')
  const server = await startTestServer({ demoFamilies: 300, listen: true })
  await server.backups.runDue() // the backup made at start, done before anything is measured
  try {
    const workers = server.config.hashWorkers
    const login = await fetch(`${server.portalUrl}/api/family/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ siteId: 1, login: 'dupont1', password: DEMO_PASSWORD }),
    })
    const cookie = cookieFrom(login.headers.get('set-cookie') ?? undefined)
    const home = `${server.portalUrl}/api/family/home`
    const calm = await measure(home, cookie)
    console.log(`   page d’accueil, au calme : ${calm.rps.toFixed(0)} req/s, p99 ${calm.p99} ms`)

    // Many families logging in at once, each with their own account.
    const accounts = await server
      .db('guardians')
      .select<{ site_id: number; login: string }[]>('site_id', 'login')
    let next = 0
    const storm = run({
      url: `${server.portalUrl}/api/family/session`,
      method: 'POST',
      connections: 20,
      headers: { 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (request) => {
            const account = accounts[next++ % accounts.length]
            return {
              ...request,
              body: JSON.stringify({
                siteId: account?.site_id,
                login: account?.login,
                password: DEMO_PASSWORD,
              }),
            }
          },
        },
      ],
    })
    await new Promise((resolve) => setTimeout(resolve, 500)) // the storm is under way
    const during = await measure(home, cookie)
    const logins = await storm
    const theory = await theoreticalLoginsPerSecond(workers)
    const ok = logins.non2xx === 0 && logins.errors === 0
    console.log(
      `   connexions : ${logins.requests.average.toFixed(1)} /s (théorie du pool de ${workers} worker(s) : ${theory.toFixed(1)} /s, ` +
        `soit ${((100 * logins.requests.average) / theory).toFixed(0)} %)${ok ? '' : ` — ${logins.non2xx} refus, ${logins.errors} erreurs`}`,
    )
    const ratio = during.p99 / Math.max(1, calm.p99)
    console.log(
      `   page d’accueil, pendant la tempête : ${during.rps.toFixed(0)} req/s, p99 ${during.p99} ms`,
    )
    const within = ratio <= 2
    console.log(
      `   p99 pendant / au calme : ${ratio.toFixed(2)} (au plus 2) — ${within ? 'tenu' : 'DÉPASSÉ'}`,
    )
    return within && ok
  } finally {
    await new Promise((resolve) => setTimeout(resolve, 3000)) // the logins still queued finish
    await server.close()
  }
}

async function main(): Promise<void> {
  await search()
  const ok = await loginStorm()
  const imported = await importBench()
  if (!ok || !imported) process.exitCode = 1
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
