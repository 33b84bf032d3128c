import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asFamily, familyCookie } from '../support/api.ts'
import { startTestServer, type TestServer } from '../support/server.ts'
import { countStatements, statementsOfGet } from '../support/statements.ts'

// Every page of a family costs a few SQL statements, always the same number: none grows with the
// family's guardians, pupils or pending requests. Counted on the connection itself (knex's
// statements and the prepared ones alike, BEGIN and COMMIT included), the session remembered.

let server: TestServer

countStatements()
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  await server.close()
})

/** The statements of a GET of the family's page (statementsOfGet: the session remembered). */
const count = (cookie: string, url: string) => statementsOfGet(asFamily(server, cookie), url)

interface Family {
  cookie: string
  pupilId: number
}

/** A family's session, with pending changes asked for each of its records when `pending`. */
async function family(login: string, pending: boolean): Promise<Family> {
  const cookie = await familyCookie(server, 1, login)
  const client = asFamily(server, cookie)
  const home = (await client.read('/api/family/home')) as { pupils: { id: number }[] }
  if (pending) {
    for (const pupil of home.pupils) {
      const res = await client.put(`/api/family/pupils/${pupil.id}`, {
        values: { birthPlace: `Ville ${pupil.id}` },
      })
      expect(res.statusCode).toBe(200)
    }
    expect(
      (await client.put('/api/family/guardian', { values: { profession: 'Musicien' } })).statusCode,
    ).toBe(200)
  }
  const [first] = home.pupils
  if (!first) throw new Error(`${login} has no pupil`)
  return { cookie, pupilId: first.id }
}

/** Three more pupils in the family of the guardian `login` (site 1), copies of its first one. */
async function morePupils(login: string): Promise<void> {
  const guardian = await server.db('guardians').where({ login, site_id: 1 }).first('family_id')
  const pupil = (await server
    .db('pupils')
    .where({ family_id: guardian.family_id })
    .orderBy('id')
    .first()) as Record<string, unknown>
  for (const firstName of ['Anna', 'Hugo', 'Inès']) {
    await server.db('pupils').insert({ ...pupil, id: undefined, first_name: firstName })
  }
}

const ROUTES = [
  '/api/family/home',
  '/api/family/record',
  '/api/family/pupils/{id}',
  '/api/family/schools',
  '/api/family/conservatoire',
  '/api/family/sites',
]

describe('SQL statements of the family pages', () => {
  it('are few, and as many for a family of one pupil as for one of five with requests pending', async () => {
    await morePupils('dupont1')
    const small = await family('abolant1', false)
    const large = await family('dupont1', true)
    const counts: Record<string, [number, number]> = {}
    for (const route of ROUTES) {
      const url = (f: Family) => route.replace('{id}', String(f.pupilId))
      counts[route] = [await count(small.cookie, url(small)), await count(large.cookie, url(large))]
    }
    for (const [route, [one, five]] of Object.entries(counts)) {
      expect(five, `${route}: ${one} statements for one pupil, ${five} for five`).toBe(one)
      // The page: BEGIN, up to five statements, COMMIT.
      expect(one, route).toBeLessThanOrEqual(7)
    }
    expect(counts['/api/family/home']?.[0]).toBeLessThanOrEqual(5)
  })
})
