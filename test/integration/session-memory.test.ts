import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashSessionId } from '../../db/services/sessions.ts'
import { asFamily, asStaff, familyCookie, staffCookie } from '../support/api.ts'
import { startTestServer, type TestServer } from '../support/server.ts'
import { countStatements, statementsOf } from '../support/statements.ts'

// The session check is remembered while nothing is written to the database (SessionMemory,
// db/services/sessions.ts): a page read again with the same session reads no session; any write
// sends the check back to the database, so that what staff change is felt at the next request,
// and a session in use is still kept alive. Statements counted on the connection itself.

let server: TestServer

countStatements()
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  await server.close()
})

/** The statements of one GET of the family's listener, and its status. */
async function counted(
  cookie: string,
  url: string,
): Promise<{ statements: number; status: number }> {
  let status = 0
  const statements = await statementsOf(async () => {
    status = (await asFamily(server, cookie).get(url)).statusCode
  })
  return { statements, status }
}

const SESSION_STATEMENTS = 3 // BEGIN, the session and its guardian, COMMIT

describe('the session memory', () => {
  it('reads a session once while nothing is written, and again after any write', async () => {
    const cookie = await familyCookie(server, 1, 'abolant1')
    // The login wrote the session: the first page reads it.
    const first = await counted(cookie, '/api/family/schools')
    const again = await counted(cookie, '/api/family/schools')
    expect(first.status).toBe(200)
    expect(again.status).toBe(200)
    expect(again.statements).toBe(first.statements - SESSION_STATEMENTS)

    // Another family's change (a write that has nothing to do with this session).
    const other = await familyCookie(server, 2, 'torrice1')
    const change = await asFamily(server, other).put('/api/family/guardian', {
      values: { profession: 'Pianiste' },
    })
    expect(change.statusCode).toBe(200)
    expect((await counted(cookie, '/api/family/schools')).statements).toBe(first.statements)
    expect((await counted(cookie, '/api/family/schools')).statements).toBe(again.statements)
  })

  it('refuses at once the session of a family that staff archive', async () => {
    const cookie = await familyCookie(server, 1, 'dupont2')
    const home = async () => (await asFamily(server, cookie).get('/api/family/home')).statusCode
    expect(await home()).toBe(200)
    expect(await home()).toBe(200) // remembered
    const { familyId } = await server
      .db('guardians')
      .where({ login: 'dupont2', site_id: 1 })
      .first({ familyId: 'family_id' })
    const admin = asStaff(server, await staffCookie(server))
    const archived = await admin.post(`/api/staff/families/${familyId}/archive`)
    expect(archived.statusCode).toBe(204)
    expect(await home()).toBe(401)
  })

  it('gives a staff member their new role at the next request (no session is ended)', async () => {
    const cookie = await staffCookie(server, 'antenne')
    const families = async () =>
      (await asStaff(server, cookie).get('/api/staff/families')).statusCode
    expect(await families()).toBe(200)
    expect(await families()).toBe(200) // remembered
    const admin = asStaff(server, await staffCookie(server))
    const { id } = await server.db('staff_users').where({ login: 'antenne' }).first('id')
    const teacher = await admin.put(`/api/staff/staff-accounts/${id}`, {
      login: 'antenne',
      displayName: 'Julien ROUX',
      email: 'julien.roux@example.org',
      role: 'enseignant',
      siteIds: [2],
    })
    expect(teacher.statusCode).toBe(204)
    expect(await families()).toBe(403)
  })

  it('still keeps a session in use alive: « last seen » written every 30 seconds', async () => {
    const cookie = await familyCookie(server, 1, 'abolant1')
    const sid = cookie.slice(cookie.indexOf('=') + 1)
    const lastSeen = async () =>
      (
        await server
          .db('sessions')
          .where({ id_hash: hashSessionId(sid) })
          .first('last_seen_at')
      ).last_seen_at as string
    expect((await counted(cookie, '/api/family/schools')).status).toBe(200)
    const seen = await lastSeen()
    server.clock.advance(10_000)
    expect((await counted(cookie, '/api/family/schools')).status).toBe(200)
    expect(await lastSeen()).toBe(seen) // remembered, not written again
    server.clock.advance(21_000)
    const at = server.clock.now().getTime()
    expect((await counted(cookie, '/api/family/schools')).status).toBe(200)
    expect(Date.parse(await lastSeen())).toBeGreaterThanOrEqual(at)
  })
})
