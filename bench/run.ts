// `npm run bench`: speed as ratios against a baseline taken in the same run (autocannon, loopback).
import autocannon from 'autocannon'
import { cookieFrom, DEMO_PASSWORD, startTestServer } from '../test/support/server.ts'

const FAMILIES = Number(process.env['DEMO_FAMILIES'] ?? 20_000)
const DURATION = Number(process.env['BENCH_SECONDS'] ?? 5)

async function measure(url: string, cookie: string): Promise<{ rps: number; p99: number }> {
  const result = await autocannon({ url, connections: 10, duration: DURATION, headers: { cookie } })
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`)
  return { rps: result.requests.average, p99: result.latency.p99 }
}

async function main(): Promise<void> {
  console.log(`Démo de ${FAMILIES} familles…`)
  const started = Date.now()
  const server = await startTestServer({ demoFamilies: FAMILIES, listen: true })
  console.log(`  chargée en ${((Date.now() - started) / 1000).toFixed(1)} s`)
  try {
    const login = await fetch(`${server.staffUrl}/api/staff/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'admin', password: DEMO_PASSWORD }),
    })
    const cookie = cookieFrom(login.headers.get('set-cookie') ?? undefined)
    const baseline = await measure(`${server.staffUrl}/api/staff/me`, cookie)
    console.log(
      `\nTémoin GET /api/staff/me : ${baseline.rps.toFixed(0)} req/s, p99 ${baseline.p99} ms`,
    )
    const cases = [
      ['liste, première page', '/api/staff/families'],
      ['liste, page 400', '/api/staff/families?page=400'],
      ['recherche « dupont »', '/api/staff/families?q=dupont'],
      ['recherche « lea » (prénom, sans accent)', '/api/staff/families?q=lea'],
      ['recherche « martin camille »', '/api/staff/families?q=martin%20camille'],
      ['recherche sans résultat', '/api/staff/families?q=zzzz'],
    ] as const
    console.log(`\nRecherche des familles (${FAMILIES} familles), débit rapporté au témoin :`)
    for (const [label, path] of cases) {
      const r = await measure(`${server.staffUrl}${path}`, cookie)
      console.log(
        `  ${label.padEnd(42)} ${r.rps.toFixed(0).padStart(6)} req/s  ratio ${(r.rps / baseline.rps).toFixed(2)}  p99 ${r.p99} ms`,
      )
    }
  } finally {
    await server.close()
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
