import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../db/connection.ts'
import { asFamily, asStaff, familyCookie, staffCookie } from '../support/api.ts'
import { startTestServer, type TestServer } from '../support/server.ts'

// A disk that is full or read-only: said in French, and nothing half-written.

const root = path.resolve(import.meta.dirname, '..', '..')
const opened: { close(): Promise<void> }[] = []
afterEach(async () => {
  for (const o of opened.splice(0)) await o.close()
})

/** Every row of the tables a request may write (sessions and throttle only keep activity). */
async function contents(s: TestServer): Promise<unknown[]> {
  const tables = ['audit_log', 'outbox', 'password_tokens', 'change_requests']
  return Promise.all([...tables, 'change_request_fields'].map((t) => s.db(t).orderBy('id')))
}

const refusal = (cause: string) =>
  `Le serveur ne peut rien enregistrer pour le moment (${cause}) : rien n’a été modifié. Réessayez plus tard ; si cela dure, prévenez l’administrateur de Portée.`

describe('the disk fills up while the server runs', () => {
  it('answers 503 in French and writes nothing of the request, then works again', async () => {
    const s = await startTestServer()
    opened.push(s)
    const staff = asStaff(s, await staffCookie(s))
    const { items } = await staff.read('/api/staff/families?pageSize=100')
    const guardians: number[] = items.flatMap((f: { guardians: { id: number }[] }) =>
      f.guardians.map((g) => g.id),
    )
    // The database may not grow any more: SQLite answers SQLITE_FULL, as on a full disk.
    const [{ page_count: pages }] = await s.db.raw('PRAGMA page_count')
    await s.db.raw(`PRAGMA max_page_count = ${pages}`)
    let refused = null
    for (const id of guardians) {
      const before = await contents(s)
      const res = await staff.post(`/api/staff/guardians/${id}/access`)
      if (res.statusCode === 200) continue
      expect(res.statusCode).toBe(503)
      expect(res.headers['retry-after']).toBe('60')
      expect(res.body).toEqual({
        statusCode: 503,
        code: 'STORAGE',
        message: refusal('disque plein'),
        details: {},
      })
      expect(await contents(s)).toEqual(before)
      refused = id
      break
    }
    expect(refused, 'the database never filled up').not.toBeNull()
    expect(await s.db.raw('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }])
    // Room again: the same request goes through.
    await s.db.raw(`PRAGMA max_page_count = ${pages * 100}`)
    expect((await staff.post(`/api/staff/guardians/${refused}/access`)).statusCode).toBe(200)
  })
})

describe('the data becomes read-only while the server runs', () => {
  it('answers a family’s change 503 in French, and nothing of it is written', async () => {
    const s = await startTestServer({ demoFamilies: 0 })
    opened.push(s)
    const family = asFamily(s, await familyCookie(s, 1, 'dupont1'))
    const before = await contents(s)
    // SQLite refuses every write with SQLITE_READONLY, as on a file system remounted read-only.
    await s.db.raw('PRAGMA query_only = ON')
    const res = await family.put('/api/family/guardian', { values: { profession: 'Luthier' } })
    expect(res.statusCode).toBe(503)
    expect(res.body.message).toBe(refusal('données en lecture seule'))
    await s.db.raw('PRAGMA query_only = OFF')
    expect(await contents(s)).toEqual(before)
  })
})

/** Runs a shell script in a user and mount namespace of its own, where it may mount a tmpfs. */
function inNamespace(script: string, env: Record<string, string>) {
  return spawnSync('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-ec', script], {
    cwd: root,
    env: { ...process.env, ...env, PORTAL_HOST: '127.0.0.1', PORTAL_PORT: '0', STAFF_PORT: '0' },
    encoding: 'utf8',
    timeout: 60_000,
  })
}

const canMount = spawnSync('unshare', ['--user', '--map-root-user', '--mount', 'true']).status === 0

const START = 'node --import tsx extranet/server/main.ts'

describe('a data folder that cannot be written, at start', () => {
  it('stops with a French message naming the folder when the path goes through a file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portee-start-'))
    try {
      fs.writeFileSync(path.join(dir, 'fichier'), '')
      const dataDir = path.join(dir, 'fichier', 'données')
      const run = spawnSync('node', ['--import', 'tsx', 'extranet/server/main.ts'], {
        cwd: root,
        env: { ...process.env, DATA_DIR: dataDir, PORTAL_PORT: '0', STAFF_PORT: '0' },
        encoding: 'utf8',
        timeout: 60_000,
      })
      expect(run.status).toBe(1)
      expect(run.stderr).toContain(
        `Portée n’a pas pu démarrer : le dossier de données « ${dataDir} » ne peut pas être écrit : ce chemin passe par un fichier, pas par un dossier.`,
      )
      expect(run.stdout).not.toContain('Portée est prêt')
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  // A tmpfs mounted read-only, or filled up, in a namespace of the test's own (no privilege).
  it.runIf(canMount)('stops with « lecture seule » on a read-only file system', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portee-ro-'))
    try {
      const run = inNamespace(`mount -t tmpfs -o ro tmpfs "$DATA_DIR"; ${START}`, {
        DATA_DIR: dir,
      })
      expect(run.status).toBe(1)
      expect(run.stderr).toContain(
        `le dossier de données « ${dir} » ne peut pas être écrit : il est en lecture seule.`,
      )
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it.runIf(canMount)(
    'stops with « disque plein » on a full disk, and the database is intact afterwards',
    async () => {
      // A database with its demo, made on an ordinary disk and stopped.
      const made = await startTestServer({ demoFamilies: 5 })
      const families = await made.db('families').count({ n: '*' })
      await made.stop()
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portee-full-'))
      const out = fs.mkdtempSync(path.join(os.tmpdir(), 'portee-full-out-'))
      try {
        const run = inNamespace(
          // The database on a small tmpfs, then the disk filled to its last byte.
          `mount -t tmpfs -o size=4m tmpfs "$DATA_DIR"
           cp "$FROM"/portee.sqlite* "$DATA_DIR"/
           head -c 8m /dev/zero > "$DATA_DIR/remplissage" 2>/dev/null || true
           set +e; ${START}; echo "code $?"; set -e
           cp "$DATA_DIR"/portee.sqlite* "$OUT"/`,
          { DATA_DIR: dir, FROM: made.dataDir, OUT: out },
        )
        expect(run.stdout).toContain('code 1')
        expect(run.stderr).toContain(
          `le dossier de données « ${dir} » ne peut pas être écrit : le disque est plein.`,
        )
        const db = openDatabase(path.join(out, 'portee.sqlite'))
        try {
          expect(await db.raw('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }])
          expect(await db('families').count({ n: '*' })).toEqual(families)
        } finally {
          await db.destroy()
        }
      } finally {
        fs.rmSync(made.dataDir, { recursive: true, force: true })
        for (const d of [dir, out]) fs.rmSync(d, { recursive: true, force: true })
      }
    },
  )
})
