import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import {
  cookieFrom,
  DEMO_PASSWORD,
  json,
  startTestServer,
  type TestServer,
} from '../support/server.ts'
import { linkIn, startSmtpCatcher, tokenOf, type SmtpCatcher } from '../support/smtp.ts'
import { MINUTE } from '../support/clock.ts'

const PUBLIC_URL = 'https://extranet.example.org'
const opened: { close(): Promise<void> }[] = []
afterEach(async () => {
  for (const o of opened.splice(0).reverse()) await o.close()
})

async function smtpCatcher(): Promise<SmtpCatcher> {
  const catcher = await startSmtpCatcher()
  opened.push(catcher)
  return catcher
}

async function server(smtpUrl: string | null, demo = true): Promise<TestServer> {
  const s = await startTestServer({
    demoFamilies: demo ? 40 : 0,
    config: (c) => ({
      ...c,
      demo,
      smtpUrl,
      publicUrl: PUBLIC_URL,
      mail: { pollMs: 50, retryDelaysMs: [MINUTE, 5 * MINUTE], maxAttempts: 3 },
    }),
  })
  opened.push(s)
  return s
}

/** A loopback port where nothing listens: an SMTP server that is down. */
async function deadPort(): Promise<number> {
  const probe = net.createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()))
  const address = probe.address()
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return typeof address === 'object' && address ? address.port : 1
}

async function staffCookie(s: TestServer): Promise<string> {
  const res = await s.staff.inject({
    method: 'POST',
    url: '/api/staff/session',
    payload: { login: 'admin', password: DEMO_PASSWORD },
  })
  return cookieFrom(res.headers['set-cookie'])
}

async function outbox(s: TestServer, cookie: string) {
  return json(await s.staff.inject({ url: '/api/staff/outbox', headers: { cookie } }))
}

async function grant(s: TestServer, cookie: string, guardianId: number) {
  return s.staff.inject({
    method: 'POST',
    url: `/api/staff/guardians/${guardianId}/access`,
    headers: { cookie },
  })
}

describe('the outbox', () => {
  it('keeps mails waiting when no SMTP is configured, and says so', async () => {
    const s = await server(null)
    const cookie = await staffCookie(s)
    expect((await grant(s, cookie, 1)).statusCode).toBe(200)
    await s.mailer.runOnce()
    const status = json(
      await s.staff.inject({ url: '/api/staff/mail-status', headers: { cookie } }),
    )
    expect(status).toEqual({ source: null, pending: 1, failed: 0 })
    const list = await outbox(s, cookie)
    expect(list.items[0]).toMatchObject({
      status: 'pending',
      attempts: 0,
      to: 'gerard.dupont@example.org',
    })
  })

  it('keeps a mail to retry later while the SMTP server is down', async () => {
    const port = await deadPort()
    const s = await server(`smtp://127.0.0.1:${port}`)
    const cookie = await staffCookie(s)
    await grant(s, cookie, 1)
    await s.mailer.runOnce()
    const waiting = (await outbox(s, cookie)).items[0]
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1 })
    expect(waiting.lastError).toMatch(/ne répond pas|ECONNREFUSED/)
    expect(Date.parse(waiting.nextAttemptAt)).toBeGreaterThan(Date.parse(waiting.createdAt))
  })

  it('retries a 452 answer and marks a 550 answer failed, with the SMTP answer', async () => {
    const smtp = await smtpCatcher()
    const s = await server(smtp.url)
    const cookie = await staffCookie(s)
    smtp.failWith = { code: 452, message: 'Boîte pleine, réessayez plus tard' }
    await grant(s, cookie, 1)
    await s.mailer.runOnce()
    let row = (await outbox(s, cookie)).items[0]
    expect(row).toMatchObject({ status: 'pending', attempts: 1 })
    expect(row.lastError).toContain('452')

    smtp.failWith = { code: 550, message: 'Adresse inconnue' }
    // Not due yet: the retry waits a minute.
    await s.mailer.runOnce()
    expect((await outbox(s, cookie)).items[0]).toMatchObject({ status: 'pending', attempts: 1 })
    s.clock.advance(MINUTE)
    await s.mailer.runOnce()
    row = (await outbox(s, cookie)).items[0]
    expect(row).toMatchObject({ status: 'failed', attempts: 2 })
    expect(row.lastError).toContain('550')
    expect(row.lastError).toContain('Adresse inconnue')
    expect(smtp.mails).toHaveLength(0)

    // "Réessayer" sends it again once the address is fixed; a sent mail is never sent twice.
    smtp.failWith = null
    const retry = await s.staff.inject({
      method: 'POST',
      url: `/api/staff/outbox/${row.id}/retry`,
      headers: { cookie },
    })
    expect(retry.statusCode).toBe(204)
    await s.mailer.runOnce()
    await smtp.waitFor(1)
    expect((await outbox(s, cookie)).items[0]).toMatchObject({ status: 'sent', attempts: 3 })
    const again = await s.staff.inject({
      method: 'POST',
      url: `/api/staff/outbox/${row.id}/retry`,
      headers: { cookie },
    })
    expect(again.statusCode).toBe(409)
    await s.mailer.runOnce()
    await s.mailer.runOnce()
    expect(smtp.mails).toHaveLength(1)
  })

  it('loses nothing when the server stops mid-queue', async () => {
    const smtp = await smtpCatcher()
    const s = await server(smtp.url)
    const cookie = await staffCookie(s)
    await grant(s, cookie, 1)
    await grant(s, cookie, 3)
    // As if the server had stopped while sending the first one.
    await s.db('outbox').where({ id: 1 }).update({ status: 'sending' })
    await s.mailer.start()
    await smtp.waitFor(2)
    await s.mailer.stop()
    const statuses = (await outbox(s, cookie)).items.map((r: { status: string }) => r.status)
    expect(statuses).toEqual(['sent', 'sent'])
    expect(new Set(smtp.mails.map((m) => m.messageId)).size).toBe(2)
  })

  it('shows a mail itself, in text and HTML', async () => {
    const s = await server(null)
    const cookie = await staffCookie(s)
    await grant(s, cookie, 3)
    const mail = json(await s.staff.inject({ url: '/api/staff/outbox/1', headers: { cookie } }))
    expect(mail.subject).toBe('Votre accès au portail des familles — Conservatoire')
    expect(mail.text).toContain('Identifiant : abolant1')
    expect(mail.html).toContain('Choisir mon mot de passe')
  })
})

describe('extranet accesses, from the back office', () => {
  it('creates an identifiant and mails the site, the identifiant, the address and a link — no password', async () => {
    const smtp = await smtpCatcher()
    const s = await server(smtp.url)
    const cookie = await staffCookie(s)
    const now = new Date().toISOString()
    const [family] = await s
      .db('families')
      .insert({ site_id: 1, name: 'DUPONT', created_at: now, updated_at: now })
      .returning('id')
    const [guardian] = await s
      .db('guardians')
      .insert({
        family_id: family.id,
        site_id: 1,
        rank: 1,
        civility: 'Madame',
        last_name: 'DUPONT',
        first_name: 'Anne',
        email: 'anne.dupont@example.org',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
    const res = await grant(s, cookie, guardian.id)
    expect(json(res)).toEqual({ login: 'dupont3' }) // dupont1 and dupont2 are taken on this site
    await s.mailer.runOnce()
    const [mail] = await smtp.waitFor(1)
    expect(mail?.text).toContain(`Adresse : ${PUBLIC_URL}`)
    expect(mail?.text).toContain('Site : Conservatoire')
    expect(mail?.text).toContain('Identifiant : dupont3')
    expect(linkIn(mail)).toMatch(/^https:\/\/extranet\.example\.org\/choisir-mot-de-passe\?jeton=/)

    const token = tokenOf(linkIn(mail))
    const info = json(await s.portal.inject(`/api/family/password-links/${token}`))
    expect(info).toEqual({ purpose: 'access', siteName: 'Conservatoire', login: 'dupont3' })
    const chosen = await s.portal.inject({
      method: 'POST',
      url: `/api/family/password-links/${token}`,
      payload: {
        password: 'Une clarinette en si bémol',
        confirmation: 'Une clarinette en si bémol',
      },
    })
    expect(chosen.statusCode).toBe(200)
    const loginRes = await s.portal.inject({
      method: 'POST',
      url: '/api/family/session',
      payload: { siteId: 1, login: 'dupont3', password: 'Une clarinette en si bémol' },
    })
    expect(loginRes.statusCode).toBe(204)
  })

  it('refuses, in French, a guardian without e-mail', async () => {
    const s = await server(null)
    const cookie = await staffCookie(s)
    await s.db('guardians').where({ id: 3 }).update({ email: '' })
    const res = await grant(s, cookie, 3)
    expect(res.statusCode).toBe(400)
    expect(json(res).message).toContain('n’a pas d’adresse e-mail')
    expect(await s.db('outbox').count({ n: '*' }).first()).toEqual({ n: 0 })
  })

  it('disables an access: its open sessions end at once; re-enables it', async () => {
    const s = await server(null)
    const cookie = await staffCookie(s)
    const family = await s.portal.inject({
      method: 'POST',
      url: '/api/family/session',
      payload: { siteId: 1, login: 'abolant1', password: DEMO_PASSWORD },
    })
    const familyCookie = cookieFrom(family.headers['set-cookie'])
    const off = await s.staff.inject({
      method: 'PUT',
      url: '/api/staff/guardians/3/access',
      headers: { cookie },
      payload: { enabled: false },
    })
    expect(off.statusCode).toBe(204)
    expect(
      (await s.portal.inject({ url: '/api/family/home', headers: { cookie: familyCookie } }))
        .statusCode,
    ).toBe(401)
    const refused = await s.portal.inject({
      method: 'POST',
      url: '/api/family/session',
      payload: { siteId: 1, login: 'abolant1', password: DEMO_PASSWORD },
    })
    expect(refused.statusCode).toBe(401)
    await s.staff.inject({
      method: 'PUT',
      url: '/api/staff/guardians/3/access',
      headers: { cookie },
      payload: { enabled: true },
    })
    const back = await s.portal.inject({
      method: 'POST',
      url: '/api/family/session',
      payload: { siteId: 1, login: 'abolant1', password: DEMO_PASSWORD },
    })
    expect(back.statusCode).toBe(204)
  })

  it('sends the identifiants of a whole selection of families', async () => {
    const s = await server(null)
    const cookie = await staffCookie(s)
    await s.db('guardians').where({ id: 3 }).update({ email: '' })
    const ids = json(
      await s.staff.inject({ url: '/api/staff/family-ids?q=dupont', headers: { cookie } }),
    ).ids
    expect(ids.length).toBeGreaterThanOrEqual(2)
    const res = await s.staff.inject({
      method: 'POST',
      url: '/api/staff/access-mailings',
      headers: { cookie },
      payload: { familyIds: [1, 2] },
    })
    expect(json(res)).toEqual({
      sent: 2,
      skipped: [{ guardian: 'ABOLANT Jocelyne', reason: 'pas d’adresse e-mail' }],
    })
    expect(await s.db('outbox').count({ n: '*' }).first()).toEqual({ n: 2 })
    const tooMany = await s.staff.inject({
      method: 'POST',
      url: '/api/staff/access-mailings',
      headers: { cookie },
      payload: { familyIds: Array.from({ length: 101 }, (_, i) => i + 1) },
    })
    expect(tooMany.statusCode).toBe(400)
  })
})

describe('the SMTP settings', () => {
  it('are saved in the database, never show the password, and "Tester l’envoi" sends a mail', async () => {
    const smtp = await smtpCatcher()
    const s = await server(null)
    const cookie = await staffCookie(s)
    const save = await s.staff.inject({
      method: 'PUT',
      url: '/api/staff/settings/smtp',
      headers: { cookie },
      payload: {
        host: '127.0.0.1',
        port: smtp.port,
        security: 'none',
        user: '',
        password: 'secret-smtp',
        sender: 'secretariat@example.org',
      },
    })
    expect(save.statusCode).toBe(204)
    const view = json(
      await s.staff.inject({ url: '/api/staff/settings/smtp', headers: { cookie } }),
    )
    expect(view).toMatchObject({
      host: '127.0.0.1',
      port: smtp.port,
      security: 'none',
      hasPassword: true,
      overriddenBySmtpUrl: false,
    })
    expect(JSON.stringify(view)).not.toContain('secret-smtp')
    const test = await s.staff.inject({
      method: 'POST',
      url: '/api/staff/settings/smtp/test',
      headers: { cookie },
      payload: { to: 'essai@example.org' },
    })
    expect(json(test)).toEqual({ message: 'Le message d’essai a été envoyé à essai@example.org.' })
    const [mail] = await smtp.waitFor(1)
    expect(mail?.from).toContain('secretariat@example.org')
    expect(
      json(await s.staff.inject({ url: '/api/staff/mail-status', headers: { cookie } })).source,
    ).toBe('settings')
  })

  it('says why "Tester l’envoi" failed', async () => {
    const s = await server(null)
    const cookie = await staffCookie(s)
    await s.staff.inject({
      method: 'PUT',
      url: '/api/staff/settings/smtp',
      headers: { cookie },
      payload: {
        host: '127.0.0.1',
        port: await deadPort(),
        security: 'none',
        user: '',
        sender: '',
      },
    })
    const test = await s.staff.inject({
      method: 'POST',
      url: '/api/staff/settings/smtp/test',
      headers: { cookie },
      payload: { to: 'essai@example.org' },
    })
    expect(test.statusCode).toBe(502)
    expect(json(test).message).toMatch(/^L’envoi a échoué : /)
  })
})

describe('the first start of a production database', () => {
  it('asks for the administrator’s password instead of shipping one', async () => {
    const s = await server(null, false)
    expect(json(await s.staff.inject('/api/staff/setup'))).toEqual({ required: true })
    const weak = await s.staff.inject({
      method: 'POST',
      url: '/api/staff/setup',
      payload: {
        login: 'direction',
        displayName: 'Direction',
        password: 'admin',
        confirmation: 'admin',
      },
    })
    expect(weak.statusCode).toBe(400)
    const made = await s.staff.inject({
      method: 'POST',
      url: '/api/staff/setup',
      payload: {
        login: 'direction',
        displayName: 'Direction',
        password: 'La flûte enchantée 1791',
        confirmation: 'La flûte enchantée 1791',
      },
    })
    expect(made.statusCode).toBe(204)
    const cookie = cookieFrom(made.headers['set-cookie'])
    expect(json(await s.staff.inject({ url: '/api/staff/me', headers: { cookie } }))).toEqual({
      login: 'direction',
      displayName: 'Direction',
    })
    const twice = await s.staff.inject({
      method: 'POST',
      url: '/api/staff/setup',
      payload: {
        login: 'pirate',
        displayName: 'Pirate',
        password: 'La flûte enchantée 1791',
        confirmation: 'La flûte enchantée 1791',
      },
    })
    expect(twice.statusCode).toBe(409)
    expect(json(await s.staff.inject('/api/staff/setup'))).toEqual({ required: false })
  })
})
