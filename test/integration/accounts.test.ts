import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  askReset as askResetOn,
  asFamily,
  familyLogin,
  homeStatus,
  sessionCookie,
} from '../support/api.ts'
import type { TestServer } from '../support/server.ts'
import { DEMO_PASSWORD, startTestServer } from '../support/server.ts'
import { SAME_AS_CURRENT } from '../../db/services/password-change.ts'
import { linkIn, startSmtpCatcher, tokenOf, type SmtpCatcher } from '../support/smtp.ts'

const PUBLIC_URL = 'https://extranet.example.org'
const NEW_PASSWORD = 'Trois pianos à queue verts'

let smtp: SmtpCatcher
let server: TestServer
let ip = 1

beforeAll(async () => {
  smtp = await startSmtpCatcher()
  server = await startTestServer({
    config: (c) => ({
      ...c,
      smtpUrl: smtp.url,
      publicUrl: PUBLIC_URL,
      mail: { pollMs: 50, retryDelaysMs: [50, 100], maxAttempts: 4 },
    }),
  })
})
afterAll(async () => {
  await server.close()
  await smtp.close()
})
beforeEach(() => {
  smtp.mails.length = 0
  smtp.failWith = null
  ip++ // each test from its own client address, so that throttling of one does not touch another
})

const remoteAddress = () => `198.51.100.${ip}`

const login = (siteId: number, identifiant: string, password: string) =>
  familyLogin(server, siteId, identifiant, password, { remoteAddress: remoteAddress() })

const askReset = (
  siteId: number,
  identifiant: string,
  email: string,
  host = 'extranet.example.org',
) =>
  askResetOn(
    server,
    { siteId, login: identifiant, email },
    { headers: { host }, remoteAddress: remoteAddress() },
  )

/** Chooses a password with a one-time link, as its page does. */
const useLink = (token: string, password: string, confirmation = password) =>
  asFamily(server).post(`/api/family/password-links/${token}`, { password, confirmation })

async function deliver(count: number) {
  await server.mailer.runOnce()
  return smtp.waitFor(count)
}

describe('Mot de passe perdu', () => {
  it('answers the same words whether the pair matches or not, and mails a link only when it does', async () => {
    const matching = await askReset(1, 'dupont1', 'Gerard.Dupont@example.org', 'evil.example.com')
    const wrongMail = await askReset(1, 'dupont1', 'someone@example.org')
    const unknown = await askReset(1, 'personne', 'gerard.dupont@example.org')
    for (const res of [matching, wrongMail, unknown]) {
      expect(res.statusCode).toBe(202)
      expect(res.body).toEqual(matching.body)
    }
    const mails = await deliver(1)
    await server.mailer.runOnce()
    expect(mails).toHaveLength(1)
    const [mail] = mails
    expect(mail?.to).toEqual(['gerard.dupont@example.org'])
    expect(mail?.subject).toBe('Mot de passe perdu — Conservatoire')
    expect(mail?.from).toContain('Conservatoire de musique, danse et théâtre du Golfe')
    // Built on PUBLIC_URL only, never on the Host header of the request.
    expect(linkIn(mail)).toMatch(/^https:\/\/extranet\.example\.org\/choisir-mot-de-passe\?jeton=/)
    expect(mail?.text).not.toContain('evil.example.com')
    expect(mail?.html).toContain('Choisir un nouveau mot de passe')
    expect(mail?.text).not.toContain(DEMO_PASSWORD)
  })

  it('keeps the current password until the link is used; asking again replaces the link', async () => {
    await askReset(1, 'abolant1', 'jocelyne.abolant@example.org')
    await askReset(1, 'abolant1', 'jocelyne.abolant@example.org')
    const mails = await deliver(2)
    const [first, second] = mails.map((m) => tokenOf(linkIn(m)))
    expect((await login(1, 'abolant1', DEMO_PASSWORD)).statusCode).toBe(204)

    const old = await asFamily(server).get(`/api/family/password-links/${first}`)
    expect(old.statusCode).toBe(410)
    expect(old.body.message).toMatch(/n’est plus valable/)

    const info = await asFamily(server).get(`/api/family/password-links/${second}`)
    expect(info.body).toEqual({ purpose: 'reset', siteName: 'Conservatoire', login: 'abolant1' })
  })

  it('sets the password with the link, ends the other sessions, and says so by mail', async () => {
    const open = sessionCookie(await login(2, 'torrice1', DEMO_PASSWORD))
    await askReset(2, 'torrice1', 'emilie.torrice@example.org')
    const token = tokenOf(linkIn((await deliver(1))[0]))
    smtp.mails.length = 0

    const used = await useLink(token, NEW_PASSWORD)
    expect(used.statusCode).toBe(200)
    expect(used.body).toEqual({ siteId: 2, login: 'torrice1' })
    expect(await homeStatus(server, open)).toBe(401)
    expect((await login(2, 'torrice1', DEMO_PASSWORD)).statusCode).toBe(401)
    expect((await login(2, 'torrice1', NEW_PASSWORD)).statusCode).toBe(204)

    const [notice] = await deliver(1)
    expect(notice?.subject).toMatch(/Votre mot de passe a été modifié/)
    expect(notice?.text).toContain('votre accès au portail des familles')

    const again = await useLink(token, 'Encore un autre mot 42')
    expect(again.statusCode).toBe(410)
  })

  it('never writes a password or a token into the audit log', async () => {
    const rows = await server.db('audit_log').select('details')
    const all = JSON.stringify(rows)
    expect(all).not.toContain(NEW_PASSWORD)
    expect(all).not.toContain(DEMO_PASSWORD)
    const tokens = await server.db('password_tokens').select('token_hash')
    for (const t of tokens as { token_hash: string }[]) expect(all).not.toContain(t.token_hash)
  })
})

describe('the password policy', () => {
  async function tryPassword(password: string, confirmation = password) {
    await askReset(1, 'dupont2', 'claire.dupont@example.org')
    const token = tokenOf(linkIn((await deliver(smtp.mails.length + 1)).at(-1)))
    return useLink(token, password, confirmation)
  }

  it.each([
    ['court', 'au moins 12 caractères'],
    ['x'.repeat(65) + 'Aa1!', 'au plus 64 caractères'],
    ['123456789012', 'trop prévisible'],
    ['aaaaaaaaaaaaaa', 'trop prévisible'],
    ['motdepasse2026!!', 'plus courants'],
    ['qwerty123456', 'plus courants'],
    ['mon dupont2 chéri', 'ne doit pas contenir votre identifiant'],
  ])('refuses %j and says why', async (password, why) => {
    const res = await tryPassword(password)
    expect(res.statusCode).toBe(400)
    expect(res.body.message).toContain(why)
    expect(res.body.details.password).toContain(why)
  })

  it('refuses two different entries', async () => {
    const res = await tryPassword(NEW_PASSWORD, `${NEW_PASSWORD}!`)
    expect(res.statusCode).toBe(400)
    expect(res.body.details.confirmation).toBe(
      'Les deux mots de passe saisis ne sont pas identiques.',
    )
  })

  it('takes spaces, accents and passwords of over 72 bytes, every character counting', async () => {
    const long = 'Été à Noël, où ça ? Là-bas, près du château déjà très âgé !!' // 60 characters, 74 bytes
    expect(Buffer.byteLength(long)).toBeGreaterThan(72)
    expect((await tryPassword(long)).statusCode).toBe(200)
    expect((await login(1, 'dupont2', long)).statusCode).toBe(204)
    expect((await login(1, 'dupont2', `${long.slice(0, -1)}?`)).statusCode).toBe(401)
  })
})

describe('the Mot de passe menu', () => {
  it('changes the password with the current one, keeps this session and ends the others', async () => {
    const here = sessionCookie(await login(2, 'dupont1', DEMO_PASSWORD))
    const elsewhere = sessionCookie(await login(2, 'dupont1', DEMO_PASSWORD))
    const change = (current: string) =>
      asFamily(server, here).put('/api/family/password', {
        current,
        password: NEW_PASSWORD,
        confirmation: NEW_PASSWORD,
      })
    const wrong = await change('pas le bon')
    expect(wrong.statusCode).toBe(400)
    expect(wrong.body.details.current).toBe('Le mot de passe actuel est incorrect.')
    // The current password again: refused, nothing changed, no session ended, no mail.
    const changedMails = () => server.db('outbox').where({ kind: 'password_changed' })
    const mailsBefore = (await changedMails()).length
    const same = await asFamily(server, here).put('/api/family/password', {
      current: DEMO_PASSWORD,
      password: DEMO_PASSWORD,
      confirmation: DEMO_PASSWORD,
    })
    expect([same.statusCode, same.body.details.password]).toEqual([400, SAME_AS_CURRENT])
    expect(await homeStatus(server, elsewhere)).toBe(200)
    expect(await changedMails()).toHaveLength(mailsBefore)

    const done = await change(DEMO_PASSWORD)
    expect(done.statusCode).toBe(204)
    expect(await homeStatus(server, here)).toBe(200)
    expect(await homeStatus(server, elsewhere)).toBe(401)
    await server.mailer.runOnce()
    const notice = smtp.mails.find((m) => m.to.includes('marc.dupont@example.org'))
    expect(notice?.subject).toContain('Votre mot de passe a été modifié')
  })
})

describe('throttling', () => {
  it('makes an account wait after 10 failures in 15 minutes, even with the right password', async () => {
    for (let i = 0; i < 10; i++) {
      ip++ // from ten different addresses: the account, not the address, is what waits
      expect((await login(1, 'abolant1', `mauvais ${i}`)).statusCode).toBe(401)
    }
    const locked = await login(1, 'abolant1', DEMO_PASSWORD)
    expect(locked.statusCode).toBe(429)
    expect(locked.body.code).toBe('THROTTLED')
    expect(locked.body.message).toMatch(
      /Réessayez dans 1[45] minutes, ou utilisez « Mot de passe perdu »/,
    )
    const actions = (await server
      .db('audit_log')
      .where({ action: 'family.account_locked' })) as unknown[]
    expect(actions.length).toBeGreaterThan(0)
    // The same identifiant on another site is another account.
    expect((await login(2, 'abolant1', DEMO_PASSWORD)).statusCode).toBe(401)
  })

  it('cannot be slipped past by sending the attempts in parallel', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        familyLogin(server, 2, 'dupont1', `parallèle ${i}`, {
          remoteAddress: `203.0.113.${i + 1}`,
        }),
      ),
    )
    const codes = answers.map((r) => r.statusCode)
    expect(codes.filter((c) => c === 401)).toHaveLength(10)
    expect(codes.filter((c) => c === 429)).toHaveLength(10)
  })

  it('lets one client address try 50 times in 15 minutes before a pause', async () => {
    for (let i = 0; i < 50; i++) {
      const res = await login(1, `inconnu${i}`, 'mauvais')
      expect(res.statusCode).toBe(401)
    }
    const paused = await login(1, 'dupont1', DEMO_PASSWORD)
    expect(paused.statusCode).toBe(429)
    expect(paused.body.message).toMatch(/depuis votre réseau/)
    ip++
    expect((await login(1, 'dupont1', DEMO_PASSWORD)).statusCode).toBe(204)
  }, 120_000) // 51 bcrypt checks: slow on a busy machine, never a matter of timing

  it('throttles lost-password requests the same way', async () => {
    for (let i = 0; i < 10; i++) {
      ip++
      expect((await askReset(1, 'durand7', 'nobody@example.org')).statusCode).toBe(202)
    }
    const res = await askReset(1, 'durand7', 'nobody@example.org')
    expect(res.statusCode).toBe(429)
    expect(res.body.message).toMatch(
      /Trop de demandes ont été faites. Réessayez dans 1[45] minutes./,
    )
    // The refusal is in the audit log: refusing does not roll its own entry back.
    const refusals = await server.db('audit_log').where({ action: 'family.reset_throttled' })
    expect(refusals.map((r: { details: string }) => JSON.parse(r.details))).toEqual([
      { siteId: 1, login: 'durand7' },
    ])
  })
})
