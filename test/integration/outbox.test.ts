import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import {
  asFamily,
  asStaff,
  expectShutOut,
  familyCookie,
  familyLogin,
  staffCookie,
  type Client,
} from '../support/api.ts'
import { cookieFrom, startTestServer, type TestServer } from '../support/server.ts'
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

/** The demo administrator, logged in on the back office of `s`. */
async function administrator(s: TestServer): Promise<Client> {
  return asStaff(s, await staffCookie(s))
}

/** The first row of the outbox list. */
const firstMail = async (staff: Client) => (await staff.read('/api/staff/outbox')).items[0]

const grant = (staff: Client, guardianId: number) =>
  staff.post(`/api/staff/guardians/${guardianId}/access`)

describe('the outbox', () => {
  it('keeps mails waiting when no SMTP is configured, and says so', async () => {
    const s = await server(null)
    const staff = await administrator(s)
    expect((await grant(staff, 1)).statusCode).toBe(200)
    await s.mailer.runOnce()
    const status = await staff.read('/api/staff/mail-status')
    expect(status).toEqual({ source: null, pending: 1, failed: 0 })
    const list = await staff.read('/api/staff/outbox')
    expect(list.items[0]).toMatchObject({
      status: 'pending',
      attempts: 0,
      to: 'gerard.dupont@example.org',
    })
  })

  it('keeps a mail to retry later while the SMTP server is down', async () => {
    const port = await deadPort()
    const s = await server(`smtp://127.0.0.1:${port}`)
    const staff = await administrator(s)
    await grant(staff, 1)
    await s.mailer.runOnce()
    const waiting = await firstMail(staff)
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1 })
    expect(waiting.lastError).toMatch(/ne répond pas|ECONNREFUSED/)
    expect(Date.parse(waiting.nextAttemptAt)).toBeGreaterThan(Date.parse(waiting.createdAt))
  })

  it('retries a 452 answer and marks a 550 answer failed, with the SMTP answer', async () => {
    const smtp = await smtpCatcher()
    const s = await server(smtp.url)
    const staff = await administrator(s)
    smtp.failWith = { code: 452, message: 'Boîte pleine, réessayez plus tard' }
    await grant(staff, 1)
    await s.mailer.runOnce()
    let row = await firstMail(staff)
    expect(row).toMatchObject({ status: 'pending', attempts: 1 })
    expect(row.lastError).toContain('452')

    smtp.failWith = { code: 550, message: 'Adresse inconnue' }
    // Not due yet: the retry waits a minute.
    await s.mailer.runOnce()
    expect(await firstMail(staff)).toMatchObject({ status: 'pending', attempts: 1 })
    s.clock.advance(MINUTE)
    await s.mailer.runOnce()
    row = await firstMail(staff)
    expect(row).toMatchObject({ status: 'failed', attempts: 2 })
    expect(row.lastError).toContain('550')
    expect(row.lastError).toContain('Adresse inconnue')
    expect(smtp.mails).toHaveLength(0)

    // "Réessayer" sends it again once the address is fixed; a sent mail is never sent twice.
    smtp.failWith = null
    const retry = await staff.post(`/api/staff/outbox/${row.id}/retry`)
    expect(retry.statusCode).toBe(204)
    await s.mailer.runOnce()
    await smtp.waitFor(1)
    expect(await firstMail(staff)).toMatchObject({ status: 'sent', attempts: 3 })
    const again = await staff.post(`/api/staff/outbox/${row.id}/retry`)
    expect(again.statusCode).toBe(409)
    await s.mailer.runOnce()
    await s.mailer.runOnce()
    expect(smtp.mails).toHaveLength(1)
  })

  it('lists each mail with its real subject; a mail still waiting cannot be retried', async () => {
    const s = await server(null)
    const staff = await administrator(s)
    const family = asFamily(s, await familyCookie(s, 1, 'abolant1'))
    expect(
      (await family.put('/api/family/guardian', { values: { city: 'GRIMAUD' } })).statusCode,
    ).toBe(200)
    const { items: requests } = await staff.read('/api/staff/change-requests')
    const { id, revision } = await staff.read(`/api/staff/change-requests/${requests[0].id}`)
    const decision = { revision, decisions: { city: 'accept' }, comment: '' }
    expect(
      (await staff.post(`/api/staff/change-requests/${id}/decision`, decision)).statusCode,
    ).toBe(200)
    const list = await staff.read('/api/staff/outbox')
    expect(list.items.map((m: { subject: string; to: string }) => [m.to, m.subject])).toEqual([
      [
        'jocelyne.abolant@example.org',
        'Votre demande de modification a été traitée — Conservatoire',
      ],
      [
        'jocelyne.abolant@example.org',
        'Accusé de réception de votre demande de modification — Conservatoire',
      ],
    ])
    const waiting = list.items[0]
    const before = await s.db('outbox').where({ id: waiting.id }).first()
    const retry = await staff.post(`/api/staff/outbox/${waiting.id}/retry`)
    expect(retry.statusCode).toBe(409)
    expect(retry.body.message).toContain('attend son envoi')
    expect(await s.db('outbox').where({ id: waiting.id }).first()).toEqual(before)
  })

  it('loses nothing when the server stops mid-queue', async () => {
    const smtp = await smtpCatcher()
    const s = await server(smtp.url)
    const staff = await administrator(s)
    await grant(staff, 1)
    await grant(staff, 3)
    // As if the server had stopped while sending the first one.
    await s.db('outbox').where({ id: 1 }).update({ status: 'sending' })
    await s.mailer.start()
    await smtp.waitFor(2)
    await s.mailer.stop()
    const statuses = (await staff.read('/api/staff/outbox')).items.map(
      (r: { status: string }) => r.status,
    )
    expect(statuses).toEqual(['sent', 'sent'])
    expect(new Set(smtp.mails.map((m) => m.messageId)).size).toBe(2)
  })

  it('shows a mail itself, in text and HTML', async () => {
    const s = await server(null)
    const staff = await administrator(s)
    await grant(staff, 3)
    const mail = await staff.read('/api/staff/outbox/1')
    expect(mail.subject).toBe('Votre accès au portail des familles — Conservatoire')
    expect(mail.text).toContain('Identifiant : abolant1')
    expect(mail.html).toContain('Choisir mon mot de passe')
  })
})

describe('extranet accesses, from the back office', () => {
  it('creates an identifiant and mails the site, the identifiant, the address and a link — no password', async () => {
    const smtp = await smtpCatcher()
    const s = await server(smtp.url)
    const staff = await administrator(s)
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
    const res = await grant(staff, guardian.id)
    expect(res.body).toEqual({ login: 'dupont3' }) // dupont1 and dupont2 are taken on this site
    await s.mailer.runOnce()
    const [mail] = await smtp.waitFor(1)
    expect(mail?.text).toContain(`Adresse : ${PUBLIC_URL}`)
    expect(mail?.text).toContain('Site : Conservatoire')
    expect(mail?.text).toContain('Identifiant : dupont3')
    expect(linkIn(mail)).toMatch(/^https:\/\/extranet\.example\.org\/choisir-mot-de-passe\?jeton=/)

    const token = tokenOf(linkIn(mail))
    const portal = asFamily(s)
    const info = await portal.read(`/api/family/password-links/${token}`)
    expect(info).toEqual({ purpose: 'access', siteName: 'Conservatoire', login: 'dupont3' })
    const chosen = await portal.post(`/api/family/password-links/${token}`, {
      password: 'Une clarinette en si bémol',
      confirmation: 'Une clarinette en si bémol',
    })
    expect(chosen.statusCode).toBe(200)
    const loginRes = await familyLogin(s, 1, 'dupont3', 'Une clarinette en si bémol')
    expect(loginRes.statusCode).toBe(204)
  })

  it('refuses, in French, a guardian without e-mail', async () => {
    const s = await server(null)
    const staff = await administrator(s)
    await s.db('guardians').where({ id: 3 }).update({ email: '' })
    const res = await grant(staff, 3)
    expect(res.statusCode).toBe(400)
    expect(res.body.message).toContain('n’a pas d’adresse e-mail')
    expect(await s.db('outbox').count({ n: '*' }).first()).toEqual({ n: 0 })
  })

  it('disables an access: its open sessions end at once; re-enables it', async () => {
    const s = await server(null)
    const staff = await administrator(s)
    const cookie = await familyCookie(s, 1, 'abolant1')
    const off = await staff.put('/api/staff/guardians/3/access', { enabled: false })
    expect(off.statusCode).toBe(204)
    await expectShutOut(s, { cookie, siteId: 1, login: 'abolant1' })
    await staff.put('/api/staff/guardians/3/access', { enabled: true })
    const back = await familyLogin(s, 1, 'abolant1')
    expect(back.statusCode).toBe(204)
  })

  it('sends the identifiants of a whole selection of families', async () => {
    const s = await server(null)
    const staff = await administrator(s)
    await s.db('guardians').where({ id: 3 }).update({ email: '' })
    const ids = (await staff.read('/api/staff/family-ids?q=dupont')).ids
    expect(ids.length).toBeGreaterThanOrEqual(2)
    const res = await staff.post('/api/staff/access-mailings', { familyIds: [1, 2] })
    expect(res.body).toEqual({
      sent: 2,
      skipped: [{ guardian: 'ABOLANT Jocelyne', reason: 'pas d’adresse e-mail' }],
    })
    expect(await s.db('outbox').count({ n: '*' }).first()).toEqual({ n: 2 })
    const tooMany = await staff.post('/api/staff/access-mailings', {
      familyIds: Array.from({ length: 101 }, (_, i) => i + 1),
    })
    expect(tooMany.statusCode).toBe(400)
  })
})

describe('the SMTP settings', () => {
  it('are saved in the database, never show the password, and "Tester l’envoi" sends a mail', async () => {
    const smtp = await smtpCatcher()
    const s = await server(null)
    const staff = await administrator(s)
    const save = await staff.put('/api/staff/settings/smtp', {
      host: '127.0.0.1',
      port: smtp.port,
      security: 'none',
      user: '',
      password: 'secret-smtp',
      sender: 'secretariat@example.org',
    })
    expect(save.statusCode).toBe(204)
    const view = await staff.read('/api/staff/settings/smtp')
    expect(view).toMatchObject({
      host: '127.0.0.1',
      port: smtp.port,
      security: 'none',
      hasPassword: true,
      overriddenBySmtpUrl: false,
    })
    expect(JSON.stringify(view)).not.toContain('secret-smtp')
    const test = await staff.post('/api/staff/settings/smtp/test', { to: 'essai@example.org' })
    expect(test.body).toEqual({ message: 'Le message d’essai a été envoyé à essai@example.org.' })
    const [mail] = await smtp.waitFor(1)
    expect(mail?.from).toContain('secretariat@example.org')
    expect((await staff.read('/api/staff/mail-status')).source).toBe('settings')
  })

  it('says why "Tester l’envoi" failed', async () => {
    const s = await server(null)
    const staff = await administrator(s)
    await staff.put('/api/staff/settings/smtp', {
      host: '127.0.0.1',
      port: await deadPort(),
      security: 'none',
      user: '',
      sender: '',
    })
    const test = await staff.post('/api/staff/settings/smtp/test', { to: 'essai@example.org' })
    expect(test.statusCode).toBe(502)
    expect(test.body.message).toMatch(/^L’envoi a échoué : /)
  })
})

describe('the first start of a production database', () => {
  it('asks for the administrator’s password instead of shipping one', async () => {
    const s = await server(null, false)
    const anonymous = asStaff(s)
    const setup = (login: string, displayName: string, password: string) =>
      anonymous.post('/api/staff/setup', { login, displayName, password, confirmation: password })
    expect(await anonymous.read('/api/staff/setup')).toEqual({ required: true })
    const weak = await setup('direction', 'Direction', 'admin')
    expect(weak.statusCode).toBe(400)
    const made = await setup('direction', 'Direction', 'La flûte enchantée 1791')
    expect(made.statusCode).toBe(204)
    const cookie = cookieFrom(made.headers['set-cookie'])
    expect(await asStaff(s, cookie).read('/api/staff/me')).toEqual({
      login: 'direction',
      displayName: 'Direction',
      role: 'admin',
      roleLabel: 'Administrateur',
      allSites: true,
      sites: [],
    })
    const twice = await setup('pirate', 'Pirate', 'La flûte enchantée 1791')
    expect(twice.statusCode).toBe(409)
    expect(await anonymous.read('/api/staff/setup')).toEqual({ required: false })
  })
})
