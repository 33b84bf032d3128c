import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { asStaff, staffCookie, staffLogin, type Client } from '../support/api.ts'
import { startTestServer, type TestServer } from '../support/server.ts'
import { linkIn, startSmtpCatcher, tokenOf, type SmtpCatcher } from '../support/smtp.ts'

const STAFF_URL = 'http://backoffice.conservatoire.test:8081'
const NEW_PASSWORD = 'Trois violons sous la pluie'

let smtp: SmtpCatcher
let server: TestServer
let admin: Client

beforeAll(async () => {
  smtp = await startSmtpCatcher()
  server = await startTestServer({
    demoFamilies: 5,
    config: (c) => ({
      ...c,
      smtpUrl: smtp.url,
      staffUrl: STAFF_URL,
      mail: { pollMs: 50, retryDelaysMs: [50, 100], maxAttempts: 4 },
    }),
  })
  admin = asStaff(server, await staffCookie(server))
})
afterAll(async () => {
  await server.close()
  await smtp.close()
})
beforeEach(() => {
  smtp.mails.length = 0
})

let n = 0
/** A new Secrétariat account of the Conservatoire, and the mail it gets. */
async function create(more: Record<string, unknown> = {}) {
  n++
  const input = {
    login: `agent${n}`,
    displayName: `Agent ${n}`,
    email: `agent${n}@example.org`,
    role: 'secretariat',
    siteIds: [1],
    ...more,
  }
  const res = await admin.post('/api/staff/staff-accounts', input)
  expect(res.statusCode).toBe(201)
  await server.mailer.runOnce()
  const [mail] = await smtp.waitFor(1)
  return { id: res.body.id as number, login: input.login, mail }
}

const useLink = (token: string, password: string, confirmation = password) =>
  asStaff(server).post(`/api/staff/password-links/${token}`, { password, confirmation })

describe('staff accounts', () => {
  it('a new account gets a mail whose link leads to the back office, to choose a password once', async () => {
    const { id, login, mail } = await create()
    expect(mail?.to).toEqual([`agent${n}@example.org`])
    expect(mail?.subject).toBe('Votre compte sur le back office de Portée — Conservatoire')
    expect(mail?.text).toContain(`Identifiant : ${login}`)
    expect(mail?.text).toContain('rôle : Secrétariat')
    const link = linkIn(mail)
    expect(link.startsWith(`${STAFF_URL}/choisir-mot-de-passe?jeton=`)).toBe(true)
    // No token in clear in the database: the outbox keeps the placeholder.
    const stored = await server.db('outbox').where({ staff_user_id: id }).first()
    expect(stored.text).not.toContain(tokenOf(link))
    // Before the password: no login.
    expect((await staffLogin(server, login, NEW_PASSWORD)).statusCode).toBe(401)
    const token = tokenOf(link)
    expect(await asStaff(server).read(`/api/staff/password-links/${token}`)).toEqual({
      login,
      displayName: `Agent ${n}`,
    })
    const used = await useLink(token, NEW_PASSWORD)
    expect(used.statusCode).toBe(200)
    expect(used.body).toEqual({ login })
    const again = await useLink(token, 'Un autre mot de passe très long')
    expect(again.statusCode).toBe(410)
    expect(again.body.code).toBe('LINK_EXPIRED')
    const me = await asStaff(server, await staffCookie(server, login, NEW_PASSWORD)).read(
      '/api/staff/me',
    )
    expect(me).toMatchObject({ login, role: 'secretariat', roleLabel: 'Secrétariat' })
    const listed = (await admin.read('/api/staff/staff-accounts')).items
    expect(listed.find((a: { id: number }) => a.id === id)).toEqual({
      id,
      login,
      displayName: `Agent ${n}`,
      email: `agent${n}@example.org`,
      role: 'secretariat',
      siteIds: [1],
      active: true,
      hasPassword: true,
    })
  })

  it('holds the same password policy as the families', async () => {
    const { login, mail } = await create()
    const token = tokenOf(linkIn(mail))
    const short = await useLink(token, 'court')
    expect(short.statusCode).toBe(400)
    expect(short.body.details.password).toMatch(/12 caractères/)
    const same = await useLink(token, `${login}${login}${login}`)
    expect(same.statusCode).toBe(400)
    const mismatch = await useLink(token, NEW_PASSWORD, `${NEW_PASSWORD}!`)
    expect(mismatch.statusCode).toBe(400)
    expect(mismatch.body.details.confirmation).toBeTruthy()
    // Refusals leave the link usable.
    expect((await useLink(token, NEW_PASSWORD)).statusCode).toBe(200)
  })

  it('checks the identifiant and refuses one already taken, saying so in French', async () => {
    const base = { displayName: 'X', email: 'x@example.org', role: 'direction', siteIds: [1] }
    const bad = await admin.post('/api/staff/staff-accounts', { ...base, login: 'Jean Dupont!' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body.details.login).toBe(
      'De 3 à 40 caractères : lettres sans accent, chiffres, point, tiret.',
    )
    const taken = await admin.post('/api/staff/staff-accounts', { ...base, login: 'admin' })
    expect(taken.statusCode).toBe(400)
    expect(taken.body.details).toEqual({ login: 'Cet identifiant est déjà pris.' })
    const noSite = await admin.post('/api/staff/staff-accounts', {
      ...base,
      login: 'sans.site',
      siteIds: [],
    })
    expect(noSite.body.details).toEqual({ siteIds: 'Choisissez au moins un site.' })
    expect(await server.db('staff_users').whereIn('login', ['sans.site', 'jean dupont!'])).toEqual(
      [],
    )
  })

  it('a disabled account cannot log in, and its open sessions end at once', async () => {
    const { id, login, mail } = await create()
    await useLink(tokenOf(linkIn(mail)), NEW_PASSWORD)
    const session = asStaff(server, await staffCookie(server, login, NEW_PASSWORD))
    expect((await session.get('/api/staff/families')).statusCode).toBe(200)
    expect(
      (await admin.put(`/api/staff/staff-accounts/${id}/state`, { active: false })).statusCode,
    ).toBe(204)
    expect((await session.get('/api/staff/families')).statusCode).toBe(401)
    expect((await staffLogin(server, login, NEW_PASSWORD)).statusCode).toBe(401)
    expect(
      (await admin.put(`/api/staff/staff-accounts/${id}/state`, { active: true })).statusCode,
    ).toBe(204)
    expect((await staffLogin(server, login, NEW_PASSWORD)).statusCode).toBe(204)
    const actions = await server
      .db('audit_log')
      .where({ entity_type: 'staff_user', entity_id: id })
      .orderBy('id')
      .pluck('action')
    expect(actions).toEqual([
      'staff.account_created',
      'staff.password_chosen',
      'staff.account_disabled',
      'staff.account_enabled',
    ])
  })

  it('keeps the last active administrator: not demoted, not disabled', async () => {
    const adminId = (await server.db('staff_users').where({ login: 'admin' }).first()).id
    const same = { login: 'admin', displayName: 'Administrateur', email: 'admin@example.org' }
    const demoted = await admin.put(`/api/staff/staff-accounts/${adminId}`, {
      ...same,
      role: 'direction',
      siteIds: [1],
    })
    expect(demoted.statusCode).toBe(409)
    expect(demoted.body.message).toBe(
      'C’est le dernier compte administrateur actif : il garde ce rôle. Donnez d’abord le rôle Administrateur à un autre compte.',
    )
    const disabled = await admin.put(`/api/staff/staff-accounts/${adminId}/state`, {
      active: false,
    })
    expect(disabled.statusCode).toBe(409)
    expect((await server.db('staff_users').where({ id: adminId }).first()).role).toBe('admin')
    // With a second administrator, the first may become Direction.
    const second = await create({ role: 'admin', siteIds: [] })
    const changed = await admin.put(`/api/staff/staff-accounts/${adminId}`, {
      ...same,
      role: 'direction',
      siteIds: [1, 2],
    })
    expect(changed.statusCode).toBe(204)
    expect((await admin.get('/api/staff/staff-accounts')).statusCode).toBe(403)
    const entry = await server
      .db('audit_log')
      .where({ action: 'staff.account_updated', entity_id: adminId })
      .first()
    expect(JSON.parse(entry.details)).toEqual({
      changes: {
        email: { old: '', new: 'admin@example.org' },
        role: { old: 'admin', new: 'direction' },
        siteIds: { old: [], new: [1, 2] },
      },
    })
    expect(entry.actor_id).toBe(adminId)
    expect(second.id).toBeGreaterThan(adminId)
  })
})
