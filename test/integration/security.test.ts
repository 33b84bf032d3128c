import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  askReset,
  asFamily,
  asStaff,
  familyCookie,
  familyLogin,
  sentLinkToken,
  staffCookie,
} from '../support/api.ts'
import { startSmtpCatcher } from '../support/smtp.ts'
import { MINUTE } from '../support/clock.ts'
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../support/server.ts'

// What a probe of the running server found open, closed one by one.

let server: TestServer
let staff: string
beforeAll(async () => {
  server = await startTestServer()
  staff = await staffCookie(server)
})
afterAll(async () => {
  await server.close()
})

/** A family of the demo, found by name (no id written into the test). */
async function familyId(name: string): Promise<number> {
  const { items } = await asStaff(server, staff).read(`/api/staff/families?q=${name}`)
  return items[0].id
}

describe('a change asked by a page of another origin (cross-site request forgery)', () => {
  it('is refused when the browser says the page is of another site or port', async () => {
    const id = await familyId('abolant')
    const fromElsewhere = { headers: { 'sec-fetch-site': 'same-site' } }
    const res = await asStaff(server, staff).post(
      `/api/staff/families/${id}/archive`,
      {},
      fromElsewhere,
    )
    expect(res.statusCode).toBe(403)
    expect(res.body).toMatchObject({
      code: 'FORBIDDEN_ORIGIN',
      message: 'Cette demande vient d’une autre page que Portée : elle est refusée.',
    })
    expect((await asStaff(server, staff).get(`/api/staff/families/${id}`)).statusCode).toBe(200)
  })

  it('is refused when its Origin is not the listener’s own, on both listeners', async () => {
    const id = await familyId('abolant')
    const origin = { headers: { host: 'localhost:8081', origin: 'http://localhost:9999' } }
    const archive = await asStaff(server, staff).post(
      `/api/staff/families/${id}/archive`,
      {},
      origin,
    )
    expect(archive.statusCode).toBe(403)
    const family = await familyCookie(server, 1, 'dupont1')
    const change = await asFamily(server, family).post(
      '/api/family/password-reset-requests',
      { siteId: 1, login: 'dupont1', email: 'gerard.dupont@example.org' },
      { headers: { host: '127.0.0.1:8080', origin: 'http://127.0.0.1:9999' } },
    )
    expect(change.statusCode).toBe(403)
    expect(await server.db('outbox').where({ kind: 'reset' })).toHaveLength(0)
  })

  it('is let through from the listener’s own pages, and from PUBLIC_URL on the portal', async () => {
    const own = { headers: { host: 'localhost:8081', origin: 'http://localhost:8081' } }
    const sameOrigin = { headers: { 'sec-fetch-site': 'same-origin' } }
    const staffClient = asStaff(server, staff)
    const id = await familyId('torrice')
    const guardian = (await staffClient.read(`/api/staff/families/${id}`)).guardians[0].id
    expect(
      (await staffClient.post(`/api/staff/guardians/${guardian}/access`, {}, own)).statusCode,
    ).toBe(200)
    expect(
      (await staffClient.post(`/api/staff/guardians/${guardian}/access`, {}, sameOrigin))
        .statusCode,
    ).toBe(200)
    const publicUrl = { headers: { host: '127.0.0.1:8080', origin: server.config.publicUrl } }
    expect((await familyLogin(server, 1, 'abolant1', undefined, publicUrl)).statusCode).toBe(204)
  })

  it('is refused with 415 when a body comes without Content-Type (no preflight needed)', async () => {
    const id = await familyId('dupont')
    const accessMails = async () => (await server.db('outbox').where({ kind: 'access' })).length
    const before = await accessMails()
    const res = await asStaff(server, staff).post(
      '/api/staff/access-mailings',
      JSON.stringify({ familyIds: [id] }),
    )
    expect(res.statusCode).toBe(415)
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA')
    expect(await accessMails()).toBe(before)
  })
})

describe('waits', () => {
  it('say how long in a Retry-After header, not only in the body', async () => {
    let res = await familyLogin(server, 2, 'torrice1', 'mauvais mot de passe')
    for (let i = 0; i < 10; i++) res = await familyLogin(server, 2, 'torrice1', 'mauvais')
    expect(res.statusCode).toBe(429)
    expect(res.headers['retry-after']).toBe(res.body.details.retryAfterSeconds)
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(14 * 60)
  })
})

describe('the data folder', () => {
  it('is readable by the account that runs Portée only, even when it was made open before', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portee-modes-'))
    fs.chmodSync(dir, 0o755)
    fs.writeFileSync(path.join(dir, 'portee.sqlite'), '', { mode: 0o644 })
    const s = await startTestServer({ dataDir: dir, demoFamilies: 0 })
    try {
      const mode = (name: string) => fs.statSync(path.join(dir, name)).mode & 0o777
      expect(mode('.')).toBe(0o700)
      expect(['portee.sqlite', 'portee.sqlite-wal', 'portee.sqlite-shm'].map(mode)).toEqual([
        0o600, 0o600, 0o600,
      ])
    } finally {
      await s.close()
    }
  })
})

describe('the current password of the "Mot de passe" menu', () => {
  it('cannot be guessed: after 10 wrong tries in 15 minutes, even the right one waits', async () => {
    const family = asFamily(server, await familyCookie(server, 1, 'dupont2'))
    const change = (current: string) =>
      family.put('/api/family/password', {
        current,
        password: 'Une phrase de passe solide 2027',
        confirmation: 'Une phrase de passe solide 2027',
      })
    for (let i = 0; i < 10; i++) {
      const wrong = await change(`pas le bon ${i}`)
      expect(wrong.statusCode).toBe(400)
      expect(wrong.body.details).toEqual({ current: 'Le mot de passe actuel est incorrect.' })
    }
    const right = await change(DEMO_PASSWORD)
    expect(right.statusCode).toBe(429)
    expect(right.body.message).toMatch(/^Trop d’essais du mot de passe actuel ont échoué/)
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(14 * 60)
    server.clock.advance(16 * MINUTE)
    expect((await change(DEMO_PASSWORD)).statusCode).toBe(204)
  })
})

describe('acknowledgements of the sas', () => {
  it('are one for a burst of saves, and one again a few minutes later', async () => {
    const family = asFamily(server, await familyCookie(server, 2, 'dupont1'))
    const mails = async () =>
      (
        await server
          .db('outbox')
          .where({ kind: 'acknowledgement', to_address: 'marc.dupont@example.org' })
      ).length
    const saves = Array.from({ length: 30 }, (_, i) =>
      family.put('/api/family/guardian', { values: { profession: `Métier ${i}` } }),
    )
    expect((await Promise.all(saves)).map((r) => r.statusCode)).toEqual(Array(30).fill(200))
    expect(await mails()).toBe(1)
    const [mail] = await server
      .db('outbox')
      .where({ kind: 'acknowledgement', to_address: 'marc.dupont@example.org' })
    expect(mail.text).toContain('vous ne recevrez pas d’autre accusé de réception')
    server.clock.advance(6 * MINUTE)
    await family.put('/api/family/guardian', { values: { profession: 'Luthier' } })
    expect(await mails()).toBe(2)
  })
})

describe('behind a TLS reverse proxy (PUBLIC_URL in https, TRUSTED_PROXIES)', () => {
  it('sends HSTS, a Secure __Host- cookie, and counts each family by its own address', async () => {
    const s = await startTestServer({
      demoFamilies: 0,
      config: (c) => ({
        ...c,
        publicUrl: 'https://extranet.example.org',
        trustedProxies: ['10.0.0.1'],
      }),
    })
    try {
      const viaProxy = (family: string) => ({
        remoteAddress: '10.0.0.1',
        headers: { 'x-forwarded-for': `${family}, 10.0.0.1` },
      })
      const login = await familyLogin(s, 1, 'dupont1', undefined, viaProxy('203.0.113.7'))
      expect(login.statusCode).toBe(204)
      const cookie = String(login.headers['set-cookie'])
      expect(cookie).toMatch(/^__Host-portee_famille=/)
      expect(cookie).toContain('Secure')
      expect(cookie).toContain('Path=/')
      expect(login.headers['strict-transport-security']).toBe('max-age=31536000')
      const [entry] = await s.db('audit_log').where({ action: 'family.login' })
      expect(entry.client_ip).toBe('203.0.113.7')
      // An address that is not a trusted proxy cannot make up another one.
      await familyLogin(s, 1, 'dupont1', undefined, {
        remoteAddress: '198.51.100.9',
        headers: { 'x-forwarded-for': '203.0.113.99' },
      })
      const last = await s
        .db('audit_log')
        .where({ action: 'family.login' })
        .orderBy('id', 'desc')
        .first()
      expect(last.client_ip).toBe('198.51.100.9')
    } finally {
      await s.close()
    }
  })

  it('sends no HSTS over plain HTTP', async () => {
    const login = await familyLogin(server, 1, 'abolant1')
    expect(login.headers['strict-transport-security']).toBeUndefined()
    expect(String(login.headers['set-cookie'])).toMatch(/^portee_famille=/)
  })
})

describe('links to choose a password', () => {
  it('are made when the mail is sent: no token in clear anywhere under DATA_DIR', async () => {
    const smtp = await startSmtpCatcher()
    const s = await startTestServer({ config: (c) => ({ ...c, smtpUrl: smtp.url }) })
    try {
      await askReset(s, { siteId: 1, login: 'abolant1', email: 'jocelyne.abolant@example.org' })
      const [waiting] = await s.db('outbox').where({ kind: 'reset' })
      expect(waiting.text).toContain('[lien personnel créé à l’envoi du courriel]')
      expect(waiting.text).not.toContain('jeton=')
      const token = await sentLinkToken(s, smtp)
      expect((await asFamily(s).get(`/api/family/password-links/${token}`)).statusCode).toBe(200)
      const [sent] = await s.db('outbox').where({ kind: 'reset' })
      expect(sent.status).toBe('sent')
      expect(sent.text).not.toContain(token)
      await s.db.raw('PRAGMA wal_checkpoint(FULL)')
      for (const file of fs.readdirSync(s.dataDir, { withFileTypes: true })) {
        if (!file.isFile()) continue // documents/: the demo's pièces justificatives
        const bytes = fs.readFileSync(path.join(s.dataDir, file.name))
        expect(bytes.includes(token), file.name).toBe(false)
      }
    } finally {
      await s.close()
      await smtp.close()
    }
  })
})

describe('a login storm', () => {
  it('gets 503 with Retry-After at once beyond the hashing queue, instead of a long wait', async () => {
    const s = await startTestServer({
      demoFamilies: 0,
      config: (c) => ({ ...c, hashQueue: { maxQueued: 2, maxWaitMs: 60_000 } }),
    })
    try {
      const storm = Array.from({ length: 8 }, (_, i) =>
        familyLogin(s, 1, `inconnu${i}`, 'mauvais mot de passe', {
          remoteAddress: `192.0.2.${i + 1}`,
        }),
      )
      const answers = await Promise.all(storm)
      const busy = answers.filter((a) => a.statusCode === 503)
      expect(busy.length).toBeGreaterThanOrEqual(3)
      expect(answers.filter((a) => a.statusCode !== 503).map((a) => a.statusCode)).toEqual(
        Array(8 - busy.length).fill(401),
      )
      expect(busy[0]?.body).toMatchObject({
        code: 'BUSY',
        message: 'Le serveur est très sollicité en ce moment. Réessayez dans quelques secondes.',
      })
      expect(busy[0]?.headers['retry-after']).toBe('30')
    } finally {
      await s.close()
    }
  })
})
