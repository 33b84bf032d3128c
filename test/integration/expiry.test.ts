import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MINUTE } from '../support/clock.ts'
import { askReset, asFamily, familyLogin, sentLinkToken } from '../support/api.ts'
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../support/server.ts'
import { startSmtpCatcher, type SmtpCatcher } from '../support/smtp.ts'

// Time is an input: the server's clock is moved, nothing sleeps.

let server: TestServer
let smtp: SmtpCatcher
beforeAll(async () => {
  smtp = await startSmtpCatcher()
  server = await startTestServer({ config: (c) => ({ ...c, smtpUrl: smtp.url }) })
})
afterAll(async () => {
  await server.close()
  await smtp.close()
})

async function resetLink(siteId: number, login: string, email: string): Promise<string> {
  await askReset(server, { siteId, login, email })
  return sentLinkToken(server, smtp)
}

const linkStatus = async (token: string) =>
  (await asFamily(server).get(`/api/family/password-links/${token}`)).statusCode

describe('links and waits that end with time', () => {
  it('a lost-password link works for one hour, not a minute more', async () => {
    const token = await resetLink(1, 'abolant1', 'jocelyne.abolant@example.org')
    server.clock.advance(59 * MINUTE)
    expect(await linkStatus(token)).toBe(200)
    server.clock.advance(2 * MINUTE)
    expect(await linkStatus(token)).toBe(410)
  })

  it('an account locked after 10 failures opens again 15 minutes after them', async () => {
    const attempt = (password: string) => familyLogin(server, 2, 'torrice1', password)
    for (let i = 0; i < 10; i++)
      expect((await attempt('mauvais mot de passe')).statusCode).toBe(401)
    const locked = await attempt(DEMO_PASSWORD)
    expect(locked.statusCode).toBe(429)
    expect(locked.body.message).toContain('dans 15 minutes')
    server.clock.advance(14 * MINUTE)
    expect((await attempt(DEMO_PASSWORD)).statusCode).toBe(429)
    server.clock.advance(2 * MINUTE)
    expect((await attempt(DEMO_PASSWORD)).statusCode).toBe(204)
  })

  it('keeps an account waiting across a restart of the server', async () => {
    const first = await startTestServer()
    const attempt = (s: TestServer) => familyLogin(s, 1, 'abolant1', 'mauvais mot de passe')
    for (let i = 0; i < 10; i++) await attempt(first)
    await first.stop()
    const restarted = await startTestServer({ dataDir: first.dataDir })
    try {
      expect((await attempt(restarted)).statusCode).toBe(429)
    } finally {
      await restarted.close()
    }
  })
})
