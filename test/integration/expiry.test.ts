import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MINUTE } from '../support/clock.ts'
import { DEMO_PASSWORD, json, startTestServer, type TestServer } from '../support/server.ts'

// Time is an input: the server's clock is moved, nothing sleeps.

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  await server.close()
})

async function resetLink(siteId: number, login: string, email: string): Promise<string> {
  await server.portal.inject({
    method: 'POST',
    url: '/api/family/password-reset-requests',
    payload: { siteId, login, email },
  })
  const [mail] = await server.db('outbox').where({ kind: 'reset' }).orderBy('id', 'desc').limit(1)
  return /jeton=([\w-]+)/.exec(String(mail?.text))?.[1] ?? ''
}

const linkStatus = async (token: string) =>
  (await server.portal.inject(`/api/family/password-links/${token}`)).statusCode

describe('links and waits that end with time', () => {
  it('a lost-password link works for one hour, not a minute more', async () => {
    const token = await resetLink(1, 'abolant1', 'jocelyne.abolant@example.org')
    server.clock.advance(59 * MINUTE)
    expect(await linkStatus(token)).toBe(200)
    server.clock.advance(2 * MINUTE)
    expect(await linkStatus(token)).toBe(410)
  })

  it('an account locked after 10 failures opens again 15 minutes after them', async () => {
    const attempt = (password: string) =>
      server.portal.inject({
        method: 'POST',
        url: '/api/family/session',
        payload: { siteId: 2, login: 'torrice1', password },
      })
    for (let i = 0; i < 10; i++)
      expect((await attempt('mauvais mot de passe')).statusCode).toBe(401)
    const locked = await attempt(DEMO_PASSWORD)
    expect(locked.statusCode).toBe(429)
    expect(json(locked).message).toContain('dans 15 minutes')
    server.clock.advance(14 * MINUTE)
    expect((await attempt(DEMO_PASSWORD)).statusCode).toBe(429)
    server.clock.advance(2 * MINUTE)
    expect((await attempt(DEMO_PASSWORD)).statusCode).toBe(204)
  })

  it('keeps an account waiting across a restart of the server', async () => {
    const first = await startTestServer()
    const attempt = (s: TestServer) =>
      s.portal.inject({
        method: 'POST',
        url: '/api/family/session',
        payload: { siteId: 1, login: 'abolant1', password: 'mauvais mot de passe' },
      })
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
