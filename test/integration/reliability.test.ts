import { afterEach, describe, expect, it } from 'vitest'
import { asStaff, staffCookie } from '../support/api.ts'
import { MINUTE } from '../support/clock.ts'
import { startTestServer } from '../support/server.ts'
import { startSmtpCatcher } from '../support/smtp.ts'

// Nothing acknowledged is lost: mails written while the SMTP server is down go out once it is
// back, each once, in the order they were written.

// Closed in this order: the server (its mail sender lets go of its SMTP connection), then the
// SMTP servers, which otherwise wait for that connection to end.
const opened: { close(): Promise<void> }[] = []
afterEach(async () => {
  for (const o of opened.splice(0)) await o.close()
})

describe('the SMTP server down for an hour, then back', () => {
  it('sends every mail once, in order, none twice', async () => {
    const first = await startSmtpCatcher()
    const port = first.port
    const s = await startTestServer({ config: (c) => ({ ...c, smtpUrl: first.url }) })
    opened.push(s)
    await first.close()
    const staff = asStaff(s, await staffCookie(s))
    const { items } = await staff.read('/api/staff/families?pageSize=10')
    const guardians = items
      .slice(0, 3)
      .map((f: { guardians: { id: number }[] }) => f.guardians[0]?.id)
    for (const id of guardians) {
      expect((await staff.post(`/api/staff/guardians/${id}/access`)).statusCode).toBe(200)
    }
    const written = (await s.db('outbox').where({ kind: 'access' }).orderBy('id')).map(
      (m: { to_address: string }) => m.to_address,
    )
    // An hour of tries against a server that does not answer: the mails wait, none is lost.
    for (let minute = 0; minute <= 60; minute += 5) {
      await s.mailer.runOnce()
      s.clock.advance(5 * MINUTE)
    }
    const waiting = await s.db('outbox').where({ kind: 'access' })
    expect(waiting.map((m: { status: string }) => m.status)).toEqual([
      'pending',
      'pending',
      'pending',
    ])
    expect(waiting.every((m: { attempts: number }) => m.attempts >= 3)).toBe(true)

    const back = await startSmtpCatcher(port)
    opened.push(back)
    s.clock.advance(2 * 60 * MINUTE)
    await s.mailer.runOnce()
    const mails = await back.waitFor(3)
    await s.mailer.runOnce()
    expect(mails.map((m) => m.to[0])).toEqual(written)
    expect(back.mails).toHaveLength(3)
    const sent = await s.db('outbox').where({ kind: 'access' })
    expect(sent.map((m: { status: string }) => m.status)).toEqual(['sent', 'sent', 'sent'])
  })
})
