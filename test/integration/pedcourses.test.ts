import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asStaff, staffCookie, type Client } from '../support/api.ts'
import { startTestServer, type TestServer } from '../support/server.ts'

// « Ajouter un élève » on a course page: GET /api/staff/pupils?q= finds pupils by name, on the
// staff member's sites. The demo's named families only (DEMO_FAMILIES=0): DUPONT Gérard and Léa
// and ABOLANT Adrien at the Conservatoire (site 1), TORRICE Emilie and DUPONT Hugo at the Antenne
// (site 2). `secretariat` works for the Conservatoire, `antenne` for the Antenne.

let server: TestServer
let admin: Client
let secretariat: Client
let antenne: Client

const names = (found: { lastName: string; firstName: string }[]) =>
  found.map((p) => `${p.lastName} ${p.firstName}`)

beforeAll(async () => {
  server = await startTestServer({ demoFamilies: 0 })
  admin = asStaff(server, await staffCookie(server, 'admin'))
  secretariat = asStaff(server, await staffCookie(server, 'secretariat'))
  antenne = asStaff(server, await staffCookie(server, 'antenne'))
})
afterAll(() => server.close())

describe('the search of pupils by name', () => {
  it('finds a pupil with their family and site, accents and case ignored', async () => {
    const lea = await server.db('pupils').where({ first_name: 'Léa' }).first<{
      id: number
      family_id: number
    }>()
    expect(await admin.read('/api/staff/pupils?q=lea%20DUP')).toEqual([
      {
        id: lea.id,
        familyId: lea.family_id,
        lastName: 'DUPONT',
        firstName: 'Léa',
        birthDate: '2014-03-12',
        siteId: 1,
        site: 'Conservatoire',
      },
    ])
  })

  it('keeps every pupil whose own name holds every word, by name, on every site for the administrator', async () => {
    expect(names(await admin.read('/api/staff/pupils?q=dupont'))).toEqual([
      'DUPONT Gérard',
      'DUPONT Hugo',
      'DUPONT Léa',
    ])
    // A guardian's name is not a pupil's: Jocelyne ABOLANT is no pupil.
    expect(await admin.read('/api/staff/pupils?q=jocelyne')).toEqual([])
    expect(await admin.read('/api/staff/pupils?q=')).toEqual([])
    // Words shorter than three letters (no trigram) are looked for all the same.
    expect(names(await admin.read('/api/staff/pupils?q=le%20du'))).toEqual(['DUPONT Léa'])
  })

  it('shows only the pupils of the staff member’s sites, and of the site asked', async () => {
    expect(names(await secretariat.read('/api/staff/pupils?q=dupont'))).toEqual([
      'DUPONT Gérard',
      'DUPONT Léa',
    ])
    expect(names(await antenne.read('/api/staff/pupils?q=dupont'))).toEqual(['DUPONT Hugo'])
    expect(await antenne.read('/api/staff/pupils?q=abolant')).toEqual([])
    expect(names(await admin.read('/api/staff/pupils?q=dupont&siteId=2'))).toEqual(['DUPONT Hugo'])
  })

  it('leaves out archived pupils', async () => {
    const hugo = await server.db('pupils').where({ first_name: 'Hugo' }).first<{ id: number }>()
    expect((await admin.post(`/api/staff/pupils/${hugo.id}/archive`, {})).statusCode).toBe(204)
    expect(names(await admin.read('/api/staff/pupils?q=dupont'))).toEqual([
      'DUPONT Gérard',
      'DUPONT Léa',
    ])
    expect((await admin.post(`/api/staff/pupils/${hugo.id}/restore`, {})).statusCode).toBe(204)
  })

  it('answers 20 pupils at most', async () => {
    const family = await server.db('families').where({ site_id: 1 }).first<{ id: number }>()
    const now = new Date().toISOString()
    await server.db('pupils').insert(
      Array.from({ length: 25 }, (_, i) => ({
        family_id: family.id,
        last_name: 'MARTINEZ',
        first_name: `Élève ${String(i + 1).padStart(2, '0')}`,
        created_at: now,
        updated_at: now,
      })),
    )
    await server
      .db('families')
      .where({ id: family.id })
      .update({ search_text: server.db.raw(`search_text || ' martinez '`) })
    const found = await admin.read('/api/staff/pupils?q=martinez')
    expect(found).toHaveLength(20)
    expect(found[0].firstName).toBe('Élève 01')
    expect(found[19].firstName).toBe('Élève 20')
  })

  it('refuses a search too long or a site that is not an id', async () => {
    expect((await admin.get(`/api/staff/pupils?q=${'a'.repeat(101)}`)).statusCode).toBe(400)
    expect((await admin.get('/api/staff/pupils?q=dupont&siteId=abc')).statusCode).toBe(400)
  })
})
