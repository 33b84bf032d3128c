// `npm run bench`: Portée's speed, measured from outside. The server runs in its own process,
// started as `npm run serve` starts it (its bundle, built first), on a copy of the demo; a bare Hapi
// server with a "hello" route, in its own process too, is the baseline; autocannon loads both from
// this process (50 connections). Every figure is printed with p50 and p99 and as a ratio to the
// baseline, and written to bench/results/<date>.json. The README, "Performances", tells how to read it.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { loadConfig } from '../extranet/server/config.ts'
import { HashPool } from '../extranet/server/hash-pool.ts'
import { DEMO_PASSWORD } from '../db/demo/index.ts'
import { databaseOf, demoCopy } from './demo.ts'
import { importBench } from './import.ts'
import { billingBench } from './billing.ts'
import { billingPdfBench } from './billing-pdf.ts'
import {
  FAMILIES_AT_ONCE,
  openRush,
  PDF_BYTES,
  rush,
  UPLOADS_AT_ONCE,
  type RushFamily,
} from './reenrolment.ts'
import {
  CONNECTIONS,
  DURATION,
  getJson,
  load,
  logIn,
  measure,
  measureInTurns,
  measureOf,
  TURNS,
  type CpuClock,
  type Measure,
} from './load.ts'
import { backupDone, startHello, startPortee, type StartedPortee } from './processes.ts'
import {
  whyBelow,
  whyLoginsBelow,
  whyP99Above,
  whyStormSlower,
  whyUploadsBelow,
} from './reasons.ts'
import { Report } from './report.ts'
import { firstLoadFiles, firstLoadSize } from '../scripts/bundle-size.ts'
import { serveNodeArgs } from '../scripts/serve-command.ts'

const FAMILIES = Number(process.env['DEMO_FAMILIES'] ?? 20_000)
/** The sizes of the scaling table (the main size is measured in full anyway). */
const SCALES = (process.env['BENCH_SCALES'] ?? '300,20000,100000')
  .split(',')
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0)

/** The words of a section's name, folded: « Tempête de connexions » → « tempete de connexions ». */
const folded = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .trim()

/**
 * BENCH_ONLY: the sections to measure (comma-separated, the start of their names, without accents:
 * `pedagogie`, `familles,back office`…); every section when unset. The baseline and the start are
 * always measured (the ratios and the server need them).
 */
const ONLY = (process.env['BENCH_ONLY'] ?? '').split(',').map(folded).filter(Boolean)
const wanted = (section: string) =>
  ONLY.length === 0 || ONLY.some((start) => folded(section).startsWith(start))

const report = new Report(DURATION, CONNECTIONS, ONLY)
let baseline: Measure

const ratio = (m: Measure) => m.rps / baseline.rps

/** The reasons of the goals a measure misses, joined (undefined when it meets them all). */
const reasons = (...parts: (string | false | undefined)[]) =>
  parts.filter(Boolean).join(' ; ') || undefined

/** The family routes a logged-in guardian reads, with the ids of their own family. */
async function familyRoutes(portalUrl: string, cookie: string): Promise<[string, string][]> {
  const home = await getJson<{ pupils: { id: number }[] }>(`${portalUrl}/api/family/home`, cookie)
  const pupil = home.pupils[0]?.id
  if (!pupil) throw new Error('the measured family has no pupil')
  return [
    ['Accueil', '/api/family/home'],
    ['Famille (responsables et élèves)', '/api/family/record'],
    ['Fiche d’un élève', `/api/family/pupils/${pupil}`],
    ['Conservatoire (nom, logo)', '/api/family/conservatoire'],
    ['Établissements scolaires', '/api/family/schools'],
    ['Sites (page de connexion, sans session)', '/api/family/sites'],
  ]
}

/** The pupil of the family's whose « Cours » tab lists courses (the current year's), or an error. */
async function pupilWithCourses(portalUrl: string, cookie: string): Promise<number> {
  const home = await getJson<{ pupils: { id: number }[] }>(`${portalUrl}/api/family/home`, cookie)
  for (const { id } of home.pupils) {
    const courses = await getJson<unknown[]>(`${portalUrl}/api/family/pupils/${id}/courses`, cookie)
    if (courses.length > 0) return id
  }
  throw new Error('no pupil of the measured family has courses this year')
}

interface RollCall {
  courseId: number
  date: string
  pupils: number
}

/**
 * The roll calls the bench reads, among the current year's courses with pupils: the one with the
 * most pupils (the worst case) and a course of the median size (the usual page), each on the latest
 * day one of its pupils was absent (the year's first day when none was).
 */
function rollCalls(sqlite: Database.Database): [RollCall, RollCall] {
  const rows = sqlite
    .prepare(
      `SELECT courses.id AS courseId, COUNT(*) AS pupils,
         COALESCE((SELECT MAX(absent_on) FROM absences JOIN enrolments e ON e.id = absences.enrolment_id
                    WHERE e.course_id = courses.id), school_years.starts_on) AS date
       FROM courses
       JOIN school_years ON school_years.id = courses.school_year_id AND school_years.is_current = 1
       JOIN enrolments ON enrolments.course_id = courses.id AND enrolments.ends_on IS NULL
       WHERE courses.archived_at IS NULL
       GROUP BY courses.id ORDER BY COUNT(*) DESC, courses.id`,
    )
    .all() as RollCall[]
  const largest = rows[0]
  const median = rows[Math.floor(rows.length / 2)]
  if (!largest || !median) throw new Error('the demo has no course with pupils this year')
  return [largest, median]
}

/**
 * The staff family list's routes: first and last page (keyset: read backwards), searches, for the
 * administrator (every site); the last two, for a secrétariat bound to one site (the demo's
 * « antenne »: its 4,000 families among 20,000).
 */
function staffRoutes(): [string, string, 'admin' | 'antenne'][] {
  return [
    ['Familles, première page', '/api/staff/families', 'admin'],
    ['Familles, dernière page', '/api/staff/families?last=true', 'admin'],
    ['recherche « dupont »', '/api/staff/families?q=dupont', 'admin'],
    ['recherche « lea » (prénom, sans accent)', '/api/staff/families?q=lea', 'admin'],
    ['recherche « martin camille »', '/api/staff/families?q=martin%20camille', 'admin'],
    ['recherche sans résultat', '/api/staff/families?q=zzzz', 'admin'],
    ['Familles, première page, secrétariat d’un site', '/api/staff/families', 'antenne'],
    ['recherche « lea », secrétariat d’un site', '/api/staff/families?q=lea', 'antenne'],
  ]
}

/** The largest resident memory seen while `work` runs (sampled every 100 ms). */
async function peakMemory<T>(
  memory: () => { rssKb: number },
  work: () => Promise<T>,
): Promise<{ result: T; peakKb: number }> {
  let peakKb = memory().rssKb
  const timer = setInterval(() => (peakKb = Math.max(peakKb, memory().rssKb)), 100)
  try {
    const result = await work()
    return { result, peakKb: Math.max(peakKb, memory().rssKb) }
  } finally {
    clearInterval(timer)
  }
}

/** What the hashing pool can do at most: workers ÷ the time of one bcrypt check (measured here). */
async function theoreticalLoginsPerSecond(workers: number, hash: string): Promise<number> {
  const pool = new HashPool(1)
  try {
    await pool.verify(DEMO_PASSWORD, hash)
    const rounds = 8
    const started = process.hrtime.bigint()
    for (let i = 0; i < rounds; i++) await pool.verify(DEMO_PASSWORD, hash)
    return workers / (Number(process.hrtime.bigint() - started) / 1e9 / rounds)
  } finally {
    await pool.close()
  }
}

/** Many families logging in at once (each their own account) while one reads its pages. */
async function loginStorm(
  server: StartedPortee,
  cookie: string,
  accounts: { site_id: number; login: string }[],
  hash: string,
): Promise<void> {
  const section = 'Tempête de connexions'
  const { portalUrl } = server
  const home = `${portalUrl}/api/family/home`
  const workers = loadConfig({}).hashWorkers
  const calmFrom = processorsNow(server)
  const calm = await measure(home, cookie)
  const calmShares = sharesSince(server, calmFrom, workers)
  report.add({ section, label: 'Accueil, au calme', what: 'GET /api/family/home', measure: calm })
  let next = 0
  const before = processorsNow(server)
  const storm = load({
    url: `${portalUrl}/api/family/session`,
    method: 'POST',
    connections: 20,
    duration: DURATION + 2,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => {
          const account = accounts[next++ % accounts.length]
          const body = { siteId: account?.site_id, login: account?.login, password: DEMO_PASSWORD }
          return { ...request, body: JSON.stringify(body) }
        },
      },
    ],
  })
  await new Promise((resolve) => setTimeout(resolve, 1000)) // the storm is under way
  const duringFrom = processorsNow(server)
  const during = await load({ url: home, headers: { cookie } })
  const duringShares = sharesSince(server, duringFrom, workers)
  const logins = await storm
  const shares = sharesSince(server, before, workers)
  const duringMeasure = measureOf(during)
  const slower = duringMeasure.p99 / Math.max(1, calm.p99)
  report.add({
    section,
    label: 'Accueil, pendant la tempête',
    what: 'GET /api/family/home',
    measure: duringMeasure,
    value: { amount: slower, unit: '× le p99 au calme' },
    goal: 'p99 ≤ 2 × au calme',
    met: slower <= 2 && duringMeasure.failures === 0,
    why:
      slower > 2
        ? whyStormSlower(
            { slower, calm: calmShares, during: duringShares, cpus: os.cpus().length },
            2,
          )
        : undefined,
  })
  const theory = await theoreticalLoginsPerSecond(workers, hash)
  // Logins that succeeded, per second of the storm (a refused one is not a login).
  const rate = logins['2xx'] / logins.duration
  const refused = logins.non2xx + logins.errors + logins.timeouts
  report.add({
    section,
    label: `connexions réussies (${refused} refusées)`,
    what: 'POST /api/family/session',
    value: {
      amount: rate / theory,
      unit: `× la théorie (${theory.toFixed(1)}/s, ${workers} worker(s))`,
    },
    goal: '≥ 0,8 × la théorie du pool',
    met: rate / theory >= 0.8,
    why:
      rate / theory < 0.8
        ? whyLoginsBelow({ rate, theory, workers, ...shares, cpus: os.cpus().length }, 0.8)
        : undefined,
  })
}

/** The processor time of the server's threads and of the bench, at a moment of the run. */
interface Processors {
  wallMs: number
  threads: Map<number, number>
  benchMs: number
}

function processorsNow(server: StartedPortee): Processors {
  const { user, system } = process.cpuUsage()
  return {
    wallMs: performance.now(),
    threads: server.threadsCpuMs(),
    benchMs: (user + system) / 1000,
  }
}

/**
 * How the processors were shared since `then`, in cores: the `workers` hashing threads (the
 * server's busiest besides its main thread, the event loop), the rest of the server, the bench.
 */
function sharesSince(server: StartedPortee, then: Processors, workers: number) {
  const now = processorsNow(server)
  const seconds = (now.wallMs - then.wallMs) / 1000
  const used = [...now.threads].map(([tid, ms]) => ({ tid, ms: ms - (then.threads.get(tid) ?? 0) }))
  const others = used.filter((t) => t.tid !== server.pid).sort((a, b) => b.ms - a.ms)
  const hashingMs = others.slice(0, workers).reduce((sum, t) => sum + t.ms, 0)
  const serverMs = used.reduce((sum, t) => sum + t.ms, 0) - hashingMs
  const mainMs = used.find((t) => t.tid === server.pid)?.ms ?? 0
  return {
    hashing: hashingMs / 1000 / seconds,
    server: serverMs / 1000 / seconds,
    main: mainMs / 1000 / seconds,
    bench: (now.benchMs - then.benchMs) / 1000 / seconds,
  }
}

/**
 * A route measured in turns with the family's Accueil (`home`), so that a drift of the machine
 * during the run, or the load of other processes, does not count as a difference between the two;
 * its line gives its ratio to the Accueil (goal ≥ 0,8, and a p99 when `p99Ms` is given).
 */
async function addInTurns(
  row: { section: string; label: string; route: string; p99Ms?: number },
  home: { url: string; cookie: string },
  measured: { url: string; cookie: string },
  cpuMs: CpuClock,
): Promise<void> {
  const [accueil, m] = await measureInTurns(home, measured, cpuMs)
  const toAccueil = m.rps / accueil.rps
  const { p99Ms } = row
  const slow = p99Ms !== undefined && m.p99 > p99Ms
  report.add({
    section: row.section,
    label: row.label,
    what: `GET ${row.route}`,
    families: FAMILIES,
    measure: m,
    ratio: ratio(m),
    value: { amount: toAccueil, unit: `× Accueil (mesurés tour à tour, ${TURNS} fois)` },
    goal: p99Ms === undefined ? '≥ 0,8 × Accueil' : `≥ 0,8 × Accueil, p99 ≤ ${p99Ms} ms`,
    met: toAccueil >= 0.8 && !slow,
    why: reasons(
      toAccueil < 0.8 && whyBelow(m, { name: 'l’Accueil', measure: accueil }, 0.8),
      slow && whyP99Above(m, baseline, p99Ms),
    ),
  })
}

/** How many families the réinscription rush sends through the tab. */
const RUSH_FAMILIES = Number(process.env['RUSH_FAMILIES'] ?? 200)

/**
 * The réinscription rush (bench/reenrolment.ts): the tab measured in turns with the Accueil, then
 * RUSH_FAMILIES families log in, give their pièces and validate while others read the tab; the
 * uploads alone against a plain copy; the server's memory throughout.
 */
async function reenrolmentRush(
  server: StartedPortee,
  family: string,
  families: RushFamily[],
  dataDir: string,
): Promise<void> {
  const section = 'Réinscription'
  if (families.length < RUSH_FAMILIES)
    throw new Error(`only ${families.length} families of the demo can re-enrol`)
  const pupil = await pupilWithCourses(server.portalUrl, family)
  const route = `/api/family/pupils/${pupil}/reenrolment`
  const tab = { url: `${server.portalUrl}${route}`, cookie: family }
  const home = { url: `${server.portalUrl}/api/family/home`, cookie: family }
  const label = 'onglet Réinscription d’un élève (famille)'
  await addInTurns({ section, label, route }, home, tab, server.cpuMs)
  const rushed = await rush(server, families, tab, dataDir)
  const mo = (PDF_BYTES / 1024 / 1024).toLocaleString('fr-FR')
  report.add({
    section,
    label: `onglet pendant la ruée (${rushed.families} familles, ${FAMILIES_AT_ONCE} à la fois : connexion, onglet, ${rushed.uploads} pièces de ${mo} Mo, « Valider » ; ${rushed.loginsRefused} connexions priées de revenir, puis refaites)`,
    what: `GET ${route}, 50 connexions`,
    families: FAMILIES,
    measure: rushed.during,
    ratio: ratio(rushed.during),
    value: { amount: rushed.seconds, unit: 's pour toute la ruée' },
    goal: 'p99 ≤ 150 ms',
    met: rushed.during.p99 <= 150 && rushed.during.failures === 0,
  })
  const { uploadsAlone, bareUploads } = rushed
  const toCopy = uploadsAlone.mbps / rushed.copyMBps
  report.add({
    section,
    label: `envoi de ${rushed.families} pièces de ${mo} Mo, ${UPLOADS_AT_ONCE} à la fois`,
    what: `POST ${route}/pieces/{id}`,
    value: {
      amount: toCopy,
      unit: `× une copie simple sur le même disque, écrite jusqu’au disque (${uploadsAlone.mbps.toFixed(0)} contre ${rushed.copyMBps.toFixed(0)} Mo/s ; ${rushed.cachedCopyMBps.toFixed(0)} Mo/s sans attendre le disque ; ${bareUploads.mbps.toFixed(0)} Mo/s, ${(uploadsAlone.mbps / bareUploads.mbps).toFixed(2).replace('.', ',')} ×, pour les mêmes envois au serveur Hapi nu, qui ne fait que les écrire)`,
    },
    goal: '≥ 0,5 × la copie',
    met: toCopy >= 0.5,
    why: reasons(
      toCopy < 0.5 &&
        whyUploadsBelow(
          {
            portee: uploadsAlone,
            bare: bareUploads,
            copyMBps: rushed.copyMBps,
            fileMB: PDF_BYTES / 1e6,
            cpus: os.cpus().length,
          },
          0.5,
        ),
    ),
  })
  report.add({
    section,
    label: 'mémoire résidente du serveur pendant la ruée et les envois, au plus haut',
    what: 'RSS',
    families: FAMILIES,
    value: { amount: rushed.peakKb / 1024, unit: 'Mo' },
    goal: '< 300 Mo',
    met: rushed.peakKb / 1024 < 300,
  })
}

/** The whole measure on the main size: family routes, staff list, memory, start, login storm. */
async function mainSize(): Promise<void> {
  console.log(`\n2. Portée sur la démo de ${FAMILIES} familles`)
  const copy = await demoCopy(FAMILIES)
  const sqlite = new Database(databaseOf(copy.dataDir), { readonly: true })
  const accounts = sqlite
    .prepare('select site_id, login from guardians where login is not null order by id')
    .all() as { site_id: number; login: string }[]
  const { password_hash: hash } = sqlite
    .prepare('select password_hash from guardians where login = ?')
    .get('abolant1') as { password_hash: string }
  const [largest, median] = rollCalls(sqlite)
  sqlite.close()
  const rushing = wanted('Réinscription') ? openRush(databaseOf(copy.dataDir), RUSH_FAMILIES) : []
  const server = await startPortee(copy.dataDir, FAMILIES)
  try {
    report.add({
      section: 'Démarrage',
      label: 'première réponse après le lancement',
      what: ['node', ...serveNodeArgs()].join(' '),
      families: FAMILIES,
      value: { amount: server.firstAnswerMs / 1000, unit: 's' },
      goal: '≤ 2 s',
      met: server.firstAnswerMs <= 2000,
    })
    await backupDone(copy.dataDir)
    if (wanted('Premier chargement')) await bundles(server.portalUrl)
    const { peakKb } = await peakMemory(server.memory, async () => {
      const family = await logIn(`${server.portalUrl}/api/family/session`, {
        siteId: 1,
        login: 'abolant1',
        password: DEMO_PASSWORD,
      })
      const families = wanted('Familles') ? await familyRoutes(server.portalUrl, family) : []
      for (const [label, route] of families) {
        const m = await measure(`${server.portalUrl}${route}`, family, server.cpuMs)
        report.add({
          section: 'Familles',
          label,
          what: `GET ${route}`,
          families: FAMILIES,
          measure: m,
          ratio: ratio(m),
          goal: '≥ 0,20 × témoin, p99 ≤ 50 ms',
          met: ratio(m) >= 0.2 && m.p99 <= 50,
          why: reasons(
            ratio(m) < 0.2 && whyBelow(m, { name: 'le témoin', measure: baseline }, 0.2),
            m.p99 > 50 && whyP99Above(m, baseline, 50),
          ),
        })
      }
      const staff = await logIn(`${server.staffUrl}/api/staff/session`, {
        login: 'admin',
        password: DEMO_PASSWORD,
      })
      const staffOfSite = await logIn(`${server.staffUrl}/api/staff/session`, {
        login: 'antenne',
        password: DEMO_PASSWORD,
      })
      const pupil = await pupilWithCourses(server.portalUrl, family)
      const rollCallRow = (label: string, c: RollCall) =>
        [
          `appel ${label}, ${c.pupils} élèves (back office)`,
          server.staffUrl,
          `/api/staff/courses/${c.courseId}/roll-call?date=${c.date}`,
          staff,
        ] as const
      const pedagogy = [
        [
          'onglet Cours d’un élève (famille)',
          server.portalUrl,
          `/api/family/pupils/${pupil}/courses`,
          family,
        ] as const,
        rollCallRow('d’un cours de taille médiane', median),
        rollCallRow('du plus grand cours', largest),
      ]
      const home = { url: `${server.portalUrl}/api/family/home`, cookie: family }
      for (const [label, base, route, cookie] of wanted('Pédagogie') ? pedagogy : []) {
        const measured = { url: `${base}${route}`, cookie }
        await addInTurns(
          { section: 'Pédagogie', label, route, p99Ms: 50 },
          home,
          measured,
          server.cpuMs,
        )
      }
      if (wanted('Facturation')) {
        const route = '/api/family/billing?account=cotisations'
        const measured = { url: `${server.portalUrl}${route}`, cookie: family }
        const label = 'page Facturation (famille)'
        await addInTurns({ section: 'Facturation', label, route }, home, measured, server.cpuMs)
      }
      const first = { url: `${server.staffUrl}${staffRoutes()[0]?.[1]}`, cookie: staff }
      for (const [label, route, who] of wanted('Back office') ? staffRoutes() : []) {
        const cookie = who === 'admin' ? staff : staffOfSite
        const url = `${server.staffUrl}${route}`
        const row = { section: 'Back office', label, what: `GET ${route}`, families: FAMILIES }
        // A page of the list, the last or a site's, as fast as the first (index seeks, whatever
        // the page or the site): measured in turns with it, as the Accueil's comparisons are.
        const likeFirst =
          label.includes('dernière') || label === 'Familles, première page, secrétariat d’un site'
        if (likeFirst) {
          const [firstPage, m] = await measureInTurns(first, { url, cookie }, server.cpuMs)
          const toFirst = m.rps / firstPage.rps
          const named = { name: 'la première page', measure: firstPage }
          report.add({
            ...row,
            measure: m,
            ratio: ratio(m),
            value: {
              amount: toFirst,
              unit: `× première page (mesurées tour à tour, ${TURNS} fois)`,
            },
            goal: '≥ 0,9 × première page',
            met: toFirst >= 0.9,
            why: reasons(toFirst < 0.9 && whyBelow(m, named, 0.9)),
          })
          continue
        }
        const m = await measure(url, cookie, server.cpuMs)
        report.add({
          ...row,
          measure: m,
          ratio: ratio(m),
          ...(label.startsWith('recherche')
            ? {
                goal: 'p99 ≤ 30 ms',
                met: m.p99 <= 30,
                why: reasons(m.p99 > 30 && whyP99Above(m, baseline, 30)),
              }
            : {}),
        })
      }
      if (wanted('Tempête de connexions')) await loginStorm(server, family, accounts, hash)
    })
    if (wanted('Mémoire'))
      report.add({
        section: 'Mémoire',
        label: 'mémoire résidente du serveur, au plus haut',
        what: 'RSS sous charge',
        families: FAMILIES,
        value: { amount: peakKb / 1024, unit: 'Mo' },
        goal: '≤ 200 Mo',
        met: peakKb / 1024 <= 200,
      })
    // Last: the rush writes hundreds of files and requests; its memory has its own line.
    if (wanted('Réinscription')) {
      const family = await logIn(`${server.portalUrl}/api/family/session`, {
        siteId: 1,
        login: 'abolant1',
        password: DEMO_PASSWORD,
      })
      await reenrolmentRush(server, family, rushing, copy.dataDir)
    }
  } finally {
    await server.stop()
    copy.dispose()
  }
}

/** The main routes at each size: how throughput and p99 grow with the number of families. */
async function scaling(): Promise<void> {
  console.log('\n3. Croissance : les routes principales selon le nombre de familles')
  for (const families of SCALES) {
    const copy = await demoCopy(families)
    const server = await startPortee(copy.dataDir, families)
    try {
      await backupDone(copy.dataDir)
      const family = await logIn(`${server.portalUrl}/api/family/session`, {
        siteId: 1,
        login: 'abolant1',
        password: DEMO_PASSWORD,
      })
      const staff = await logIn(`${server.staffUrl}/api/staff/session`, {
        login: 'admin',
        password: DEMO_PASSWORD,
      })
      const staffList = staffRoutes()
      const routes: [string, string, string, string][] = [
        ['Accueil', server.portalUrl, '/api/family/home', family],
        ...staffList
          .filter(([, , who]) => who === 'admin')
          .filter(([label]) => !label.includes('«') || label.includes('dupont'))
          .map(([label, route]): [string, string, string, string] => [
            label,
            server.staffUrl,
            route,
            staff,
          ]),
      ]
      for (const [label, base, route, cookie] of routes) {
        const m = await measure(`${base}${route}`, cookie, server.cpuMs)
        report.add({
          section: 'Croissance',
          label: `${label} (${families.toLocaleString('fr-FR')} familles)`,
          what: `GET ${route}`,
          families,
          measure: m,
          ratio: ratio(m),
        })
      }
      report.add({
        section: 'Croissance',
        label: `première réponse (${families.toLocaleString('fr-FR')} familles)`,
        what: 'lancement',
        families,
        value: { amount: server.firstAnswerMs / 1000, unit: 's' },
      })
    } finally {
      await server.stop()
      copy.dispose()
    }
  }
}

const DIST = path.resolve(import.meta.dirname, '..', 'dist')

/** What a browser loads before the first page shows, gzipped; and how the server sends it. */
async function bundles(portalUrl: string): Promise<void> {
  const apps = [
    ['extranet des familles', 'extranet', 200],
    ['back office', 'renderer', 350],
  ] as const
  for (const [label, dir, budgetKb] of apps) {
    const size = await firstLoadSize(path.join(DIST, dir))
    const kb = size.totalGzipBytes / 1000
    report.add({
      section: 'Premier chargement',
      label: `${label} (JS + CSS, gzip)`,
      what: `dist/${dir}`,
      value: { amount: kb, unit: 'ko' },
      goal: `≤ ${budgetKb} ko`,
      met: kb <= budgetKb,
    })
  }
  // One hashed asset of the family app, asked for as a browser asks.
  const index = fs.readFileSync(path.join(DIST, 'extranet', 'index.html'), 'utf8')
  const asset = firstLoadFiles(index).find((file) => file.endsWith('.js')) ?? ''
  const response = await fetch(`${portalUrl}/${asset.replace(/^\//, '')}`, {
    headers: { 'accept-encoding': 'br, gzip' },
  })
  await response.arrayBuffer()
  const cache = response.headers.get('cache-control') ?? ''
  const encoding = response.headers.get('content-encoding') ?? 'aucune'
  report.add({
    section: 'Premier chargement',
    label: `fichiers : cache « ${cache} », compression ${encoding}`,
    what: `GET ${asset}`,
    goal: 'immutable, compressé',
    met: response.ok && cache.includes('immutable') && encoding !== 'aucune',
  })
}

/** Billing the demo's year, in this process on a copy; PDF invoices per second on one core. */
async function billingRows(): Promise<void> {
  const billed = await billingBench({ families: FAMILIES })
  report.add({
    section: 'Facturation',
    label: `facturer l’année (${billed.invoices} factures, ${billed.rows} lignes écrites)`,
    what: 'runs.ts, toutes les familles',
    families: FAMILIES,
    // The same rows as the run wrote (invoices, lines, instalments, audit entries), inserted
    // plainly in one transaction; the ratio to the invoices' rows alone is shown beside it.
    value: {
      amount: billed.ratioAll,
      unit: `× l’insertion simple des mêmes lignes (${billed.seconds.toFixed(1)} s ; ${billed.ratio.toFixed(1)} × celle des seules factures)`,
    },
    goal: '≤ 5 × l’insertion simple',
    met: billed.ratioAll <= 5,
  })
  report.add({
    section: 'Facturation',
    label: 'mémoire pendant la facturation, au plus haut',
    what: 'RSS du processus',
    value: { amount: billed.peakRssMb, unit: `Mo (${billed.baseRssMb} Mo avant)` },
  })
  const pdf = await billingPdfBench()
  report.add({
    section: 'Facturation',
    label: `factures PDF (${pdf.bytes} octets chacune)`,
    what: 'invoicePdf, un cœur',
    value: { amount: pdf.perSecond, unit: 'par seconde de processeur' },
    goal: `≥ ${pdf.goal} par seconde`,
    met: pdf.perSecond >= pdf.goal,
  })
}

async function main(): Promise<void> {
  console.log(
    `Banc de Portée — ${os.cpus().length} cœurs, Node ${process.version}, ${CONNECTIONS} connexions, ${DURATION} s par mesure`,
  )
  console.log('\n1. Témoin : un serveur Hapi nu, route « hello », dans son propre processus')
  const hello = await startHello()
  try {
    baseline = await measure(`${hello.urls[0]}/hello`, undefined, hello.cpuMs)
    report.add({
      section: 'Témoin',
      label: 'GET /hello',
      what: 'Hapi nu',
      measure: baseline,
      ratio: 1,
    })
  } finally {
    await hello.stop()
  }
  await mainSize()
  if (wanted('Croissance')) await scaling()
  if (wanted('Import')) {
    const imported = await importBench()
    report.add({
      section: 'Import',
      label: `fichier CSV de ${imported.families} familles, par l’API`,
      what: 'POST /api/staff/family-imports',
      value: {
        amount: imported.seconds,
        unit: `s (${imported.ratio.toFixed(1)} × l’insertion simple)`,
      },
      goal: '< 60 s',
      met: imported.seconds < 60,
    })
  }
  if (wanted('Facturation')) await billingRows()
  console.log('\nTableau (README, « Performances ») :\n')
  console.log(report.markdown())
  const file = report.save(path.resolve(import.meta.dirname, 'results'))
  console.log(`\nRésultats écrits dans ${path.relative(process.cwd(), file)}`)
  if (!report.allMet) {
    console.log('Des objectifs ne sont pas tenus : voir le tableau.')
    process.exitCode = 1
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
