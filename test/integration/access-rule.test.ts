import { afterEach, describe, expect, it } from 'vitest'
import {
  askReset,
  asFamily,
  asStaff,
  decide,
  familyCookie,
  familyLogin,
  homeStatus,
  sentLinkToken,
  staffCookie,
} from '../support/api.ts'
import { MINUTE } from '../support/clock.ts'
import { startTestServer, type TestServer } from '../support/server.ts'
import { startSmtpCatcher } from '../support/smtp.ts'

// One rule says who may use the extranet: a guardian whose access is enabled, not archived, of a
// family not archived, on an active site. Logging in, keeping a session, asking for a new
// password, using a password link and receiving mails all follow it. Case by case, on Claire
// DUPONT (dupont2, second guardian of family 1, site 1).

const opened: { close(): Promise<void> }[] = []
afterEach(async () => {
  for (const s of opened.splice(0).reverse()) await s.close()
})

const CLAIRE = { siteId: 1, login: 'dupont2', email: 'claire.dupont@example.org' }

const login = (s: TestServer) => familyLogin(s, CLAIRE.siteId, CLAIRE.login)

async function resetMailsOf(s: TestServer): Promise<number> {
  const rows = await s.db('outbox').where({ kind: 'reset', to_address: CLAIRE.email })
  return rows.length
}

/** What Claire can do once `change` is applied, with a session and a link from before it. */
async function whatClaireCanDo(change: (s: TestServer) => Promise<unknown>) {
  const smtp = await startSmtpCatcher()
  const s = await startTestServer({ config: (c) => ({ ...c, smtpUrl: smtp.url }) })
  opened.push(smtp, s)
  const cookie = await familyCookie(s, CLAIRE.siteId, CLAIRE.login)
  await askReset(s, CLAIRE)
  const token = await sentLinkToken(s, smtp)
  await change(s)
  const before = await resetMailsOf(s)
  s.clock.advance(MINUTE)
  return {
    session: await homeStatus(s, cookie),
    login: (await login(s)).statusCode,
    link: (await asFamily(s).get(`/api/family/password-links/${token}`)).statusCode,
    resetAnswer: (await askReset(s, CLAIRE)).statusCode,
    resetMail: (await resetMailsOf(s)) > before,
  }
}

const REFUSED = { session: 401, login: 401, link: 410, resetAnswer: 202, resetMail: false }

describe('who may use the extranet', () => {
  it('a guardian with an enabled access, of a live family on an open site: everything works', async () => {
    expect(await whatClaireCanDo(async () => undefined)).toEqual({
      session: 200,
      login: 204,
      link: 200,
      resetAnswer: 202,
      resetMail: true,
    })
  })

  it('a disabled access: nothing works', async () => {
    const result = await whatClaireCanDo((s) =>
      s
        .db('guardians')
        .where({ login: CLAIRE.login, site_id: 1 })
        .update({ access_enabled: false }),
    )
    expect(result).toEqual(REFUSED)
  })

  it('an archived guardian: nothing works', async () => {
    const result = await whatClaireCanDo((s) =>
      s
        .db('guardians')
        .where({ login: CLAIRE.login, site_id: 1 })
        .update({ archived_at: new Date().toISOString() }),
    )
    expect(result).toEqual(REFUSED)
  })

  it('an archived family: nothing works', async () => {
    const result = await whatClaireCanDo(async (s) => {
      const g = await s.db('guardians').where({ login: CLAIRE.login, site_id: 1 }).first()
      await s
        .db('families')
        .where({ id: g.family_id })
        .update({ archived_at: new Date().toISOString() })
    })
    expect(result).toEqual(REFUSED)
  })

  it('a closed site: nothing works, sessions opened before included', async () => {
    const result = await whatClaireCanDo((s) =>
      s.db('sites').where({ id: 1 }).update({ active: false }),
    )
    expect(result).toEqual(REFUSED)
  })

  it('a decision on a request is not mailed to a guardian whose access was disabled since', async () => {
    const s = await startTestServer()
    opened.push(s)
    const family = asFamily(s, await familyCookie(s, CLAIRE.siteId, CLAIRE.login))
    const asked = await family.put('/api/family/guardian', { values: { profession: 'Luthière' } })
    expect(asked.statusCode).toBe(200)
    await s
      .db('guardians')
      .where({ login: CLAIRE.login, site_id: 1 })
      .update({ access_enabled: false })
    const staff = asStaff(s, await staffCookie(s))
    const [request] = (await staff.read('/api/staff/change-requests')).items
    const decided = await decide(staff, request.id, { profession: 'accept' })
    expect(decided.statusCode).toBe(200)
    expect(await s.db('outbox').where({ kind: 'decision' })).toHaveLength(0)
    expect(await s.db('outbox').where({ kind: 'acknowledgement' })).toHaveLength(1)
  })
})
