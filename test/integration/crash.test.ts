import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../db/connection.ts'
import { cookieFrom, DEMO_PASSWORD } from '../support/server.ts'
import { startSmtpCatcher, type SmtpCatcher } from '../support/smtp.ts'

// Reliability: nothing acknowledged is lost. The server runs as its users start it (its own
// process), families send changes at the same time, and the process is killed (SIGKILL) at
// moments drawn from a seed, then started again on the same data: every change answered 2xx is
// there, none is half-written, and every acknowledgement mail goes out.
//
// CRASH_SEED=<n> replays a run: the seed picks after how many answered changes each kill falls.

const root = path.resolve(import.meta.dirname, '..', '..')
const SEED = Number(process.env['CRASH_SEED'] ?? Math.floor(Math.random() * 1_000_000))
const KILLS = 3
const FAMILIES = 10

/** mulberry32: a small PRNG, the same draws for the same seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

interface Running {
  child: ChildProcess
  portalUrl: string
  exited: Promise<void>
}

/** `node --import tsx extranet/server/main.ts`, as `npm run serve` does; resolves when it is ready. */
function startServer(dataDir: string, smtp: SmtpCatcher): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'extranet/server/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      DEMO: '1',
      DEMO_FAMILIES: String(FAMILIES),
      PORTAL_HOST: '127.0.0.1',
      PORTAL_PORT: '0',
      STAFF_PORT: '0',
      SMTP_URL: smtp.url,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    child.stderr?.on('data', (chunk: Buffer) => (err += String(chunk)))
    child.stdout?.on('data', (chunk: Buffer) => {
      out += String(chunk)
      const portal = /Extranet des familles : (\S+)/.exec(out)
      if (portal?.[1] && out.includes('Back office')) {
        resolve({ child, portalUrl: portal[1], exited })
      }
    })
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before ready: ${err}`)))
  })
}

interface Family {
  siteId: number
  login: string
  guardianId: number
  cookie: string
  /** The last change sent, and the last one answered 2xx (0: none). */
  sent: number
  acknowledged: number
}

/** What a change number `n` of a family sets: three fields, to tell a whole change from a part. */
const change = (n: number) => ({
  profession: `Métier ${n}`,
  address: `${n} rue de la Reprise`,
  city: `Ville ${n}`,
})

async function logIn(portalUrl: string, family: Family): Promise<void> {
  const res = await fetch(`${portalUrl}/api/family/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ siteId: family.siteId, login: family.login, password: DEMO_PASSWORD }),
  })
  expect(res.status).toBe(204)
  family.cookie = cookieFrom(res.headers.get('set-cookie') ?? undefined)
}

/** Changes one after the other until the server stops answering. */
async function keepChanging(portalUrl: string, family: Family, onAck: () => void): Promise<void> {
  for (;;) {
    const n = family.sent + 1
    family.sent = n
    let status: number
    try {
      const res = await fetch(`${portalUrl}/api/family/guardian`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', cookie: family.cookie },
        body: JSON.stringify({ values: change(n) }),
      })
      status = res.status
      await res.arrayBuffer()
    } catch {
      return // the server is gone
    }
    expect(status).toBe(200)
    family.acknowledged = n
    onAck()
  }
}

/** The data as a new start finds it: whole, every acknowledged change there, none in parts. */
async function checkData(dataDir: string, families: Family[]): Promise<string[]> {
  const db = openDatabase(path.join(dataDir, 'portee.sqlite'))
  try {
    expect(await db.raw('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }])
    for (const family of families) {
      const fields = await db('change_request_fields')
        .join('change_requests', 'change_requests.id', 'change_request_fields.request_id')
        .where({ target_type: 'guardian', target_id: family.guardianId, status: 'pending' })
        .select<{ field: string; new_value: string }[]>('field', 'new_value')
      const who = `${family.login}: sent ${family.sent}, acknowledged ${family.acknowledged}`
      if (fields.length === 0) {
        expect(family.acknowledged, who).toBe(0)
        continue
      }
      const stored = Object.fromEntries(fields.map((f) => [f.field, JSON.parse(f.new_value)]))
      const n = Number(/\d+/.exec(String(stored['profession']))?.[0])
      expect(stored, who).toEqual(change(n))
      expect(n, who).toBeGreaterThanOrEqual(family.acknowledged)
      expect(n, who).toBeLessThanOrEqual(family.sent)
    }
    // The mails being sent when the process died: one of them may have reached the SMTP server.
    return await db('outbox').where({ status: 'sending' }).pluck<string[]>('message_id')
  } finally {
    await db.destroy()
  }
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portee-crash-'))
let smtp: SmtpCatcher | null = null
let running: Running | null = null
afterAll(async () => {
  running?.child.kill('SIGKILL')
  await running?.exited
  await smtp?.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('the server killed while families send changes, then started again', () => {
  it(`loses nothing it acknowledged (CRASH_SEED=${SEED})`, { timeout: 240_000 }, async () => {
    console.log(`crash test: CRASH_SEED=${SEED}`)
    const random = prng(SEED)
    smtp = await startSmtpCatcher()
    running = await startServer(dataDir, smtp)
    const accounts = openDatabase(path.join(dataDir, 'portee.sqlite'))
    const families: Family[] = (
      await accounts('guardians').where({ rank: 1 }).orderBy('id').limit(FAMILIES)
    ).map((g: { site_id: number; login: string; id: number }) => ({
      siteId: g.site_id,
      login: g.login,
      guardianId: g.id,
      cookie: '',
      sent: 0,
      acknowledged: 0,
    }))
    await accounts.destroy()
    // One after the other: the server hashes with one worker on this machine.
    for (const family of families) await logIn(running.portalUrl, family)

    const inFlight = new Set<string>()
    for (let kill = 1; kill <= KILLS; kill++) {
      const current = running
      // Killed after this many more answered changes, and a little more time.
      const after = 5 + Math.floor(random() * 40)
      const delayMs = Math.floor(random() * 20)
      console.log(`  kill ${kill}: after ${after} answered changes + ${delayMs} ms`)
      let answered = 0
      let killed = false
      const onAck = () => {
        answered += 1
        if (answered === after && !killed) {
          killed = true
          setTimeout(() => current.child.kill('SIGKILL'), delayMs)
        }
      }
      await Promise.all(families.map((f) => keepChanging(current.portalUrl, f, onAck)))
      await current.exited
      for (const id of await checkData(dataDir, families)) inFlight.add(String(id))
      // Started again on the same data; the sessions are in the database and still hold.
      running = await startServer(dataDir, smtp)
    }

    // One more change each, on the server as it runs now: every family has been acknowledged.
    const last = running
    for (const family of families) {
      family.sent += 1
      const res = await fetch(`${last.portalUrl}/api/family/guardian`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', cookie: family.cookie },
        body: JSON.stringify({ values: change(family.sent) }),
      })
      expect(res.status).toBe(200)
      family.acknowledged = family.sent
    }
    await checkData(dataDir, families)
    // Every acknowledgement written goes out: at least once, and twice only for a mail that was
    // being sent when the process died (the SMTP server may have taken it just before).
    const check = openDatabase(path.join(dataDir, 'portee.sqlite'))
    try {
      const acks = () =>
        check('outbox')
          .where({ kind: 'acknowledgement' })
          .select<{ message_id: string; status: string }[]>('message_id', 'status')
      // The one acknowledgement of each family (one per few minutes), all sent in the end.
      expect((await acks()).length).toBe(families.length)
      while ((await acks()).some((m) => m.status !== 'sent')) {
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      const bare = (id: string) => id.replace(/^<|>$/g, '')
      const received = new Map<string, number>()
      for (const m of smtp.mails) {
        received.set(bare(m.messageId), (received.get(bare(m.messageId)) ?? 0) + 1)
      }
      for (const ack of await acks()) {
        expect(received.get(bare(ack.message_id)), ack.message_id).toBeGreaterThan(0)
      }
      expect(smtp.mails.length).toBeLessThanOrEqual(families.length + KILLS)
      const twice = [...received].filter(([, count]) => count > 1)
      for (const [id, count] of twice) {
        expect(count, id).toBe(2)
        expect([...inFlight].map(bare), id).toContain(id)
      }
      const changes = families.reduce((sum, f) => sum + f.acknowledged, 0)
      console.log(
        `  ${changes} changes acknowledged; ${received.size} mails, ${inFlight.size} being sent at a kill, ${twice.length} received twice`,
      )
    } finally {
      await check.destroy()
    }
  })
})
