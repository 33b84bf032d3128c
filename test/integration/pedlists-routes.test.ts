import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asStaff, staffCookie, type Client } from '../support/api.ts'
import { clearDemoPedagogy } from '../support/pedagogy.ts'
import { startTestServer, type TestServer } from '../support/server.ts'

// The routes the Pédagogie lists added besides the API: the exports of Disciplines and of
// Cursus et cycles, and the Enseignant accounts a teacher may be linked to (read by who reads the
// pedagogy, so that the secretariat links a teacher without reading Paramètres → Comptes). The
// demo's own pedagogy is taken away first: these tests build what they export.

let server: TestServer
let secretariat: Client
let direction: Client
let musique: number
let danse: number

const csv = async (client: Client, url: string) => {
  const res = await client.get(url)
  expect(res.statusCode).toBe(200)
  return res
}

beforeAll(async () => {
  server = await startTestServer({ demoFamilies: 0 })
  await clearDemoPedagogy(server.db)
  secretariat = asStaff(server, await staffCookie(server, 'secretariat'))
  direction = asStaff(server, await staffCookie(server, 'direction'))
  const departments: { id: number; name: string }[] =
    await secretariat.read('/api/staff/departments')
  musique = departments.find((d) => d.name === 'Musique')?.id ?? 0
  danse = departments.find((d) => d.name === 'Danse')?.id ?? 0
})
afterAll(() => server.close())

describe('the exports of Années scolaires, Disciplines and Cursus et cycles', () => {
  it('exports the school years with their dates and the current one', async () => {
    const res = await csv(direction, '/api/staff/school-years/export?format=csv')
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="annees-scolaires-\d{4}-\d{2}-\d{2}\.csv"$/,
    )
    const header = '\ufeffAnnée;Premier jour;Dernier jour;Année en cours\r\n'
    expect(res.rawPayload.toString('utf8')).toBe(`${header}2026/2027;01/09/2026;04/07/2027;Oui\r\n`)
    expect((await secretariat.post('/api/staff/school-years/next', {})).statusCode).toBe(200)
    const after = await csv(direction, '/api/staff/school-years/export?format=csv')
    expect(after.rawPayload.toString('utf8')).toContain(
      '\r\n2027/2028;01/09/2027;04/07/2028;Non\r\n',
    )
  })

  it('exports the disciplines by department then name, an archived one said so', async () => {
    const add = async (departmentId: number, name: string) =>
      (await secretariat.post('/api/staff/disciplines', { departmentId, name })).body.id as number
    await add(danse, 'Classique adulte')
    const cor = await add(musique, 'Cor')
    await add(musique, 'Alto')
    // Named by a teacher, Cor is archived rather than deleted.
    await secretariat.post('/api/staff/teachers', { lastName: 'LEROY', disciplineIds: [cor] })
    expect((await secretariat.del(`/api/staff/disciplines/${cor}`)).body).toEqual({
      outcome: 'archived',
    })
    const res = await csv(direction, '/api/staff/disciplines/export?format=csv')
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="disciplines-\d{4}-\d{2}-\d{2}\.csv"$/,
    )
    expect(res.rawPayload.toString('utf8')).toBe(
      '\ufeffDiscipline;Département;État\r\n' +
        'Alto;Musique;Active\r\n' +
        'Cor;Musique;Archivée\r\n' +
        'Classique adulte;Danse;Active\r\n',
    )
  })

  it('exports a row per cycle in their order, with the next cycle; a cursus without cycles once', async () => {
    const cursus = (
      await secretariat.post('/api/staff/cursus', {
        departmentId: musique,
        name: 'Musique cursus diplômant',
      })
    ).body.id as number
    const cycle = async (code: string, label: string) =>
      (await secretariat.post('/api/staff/cycles', { cursusId: cursus, code, label })).body
        .id as number
    const c1 = await cycle('1C1', 'Cycle 1, 1re année')
    const c2 = await cycle('1C2', 'Cycle 1, 2e année')
    await cycle('1C3', 'Cycle 1, 3e année')
    // 1C1 leads straight to 1C3; 1C2, never named, is deleted.
    const c3 = (await secretariat.read('/api/staff/cursus'))[0].cycles[2].id as number
    await secretariat.put(`/api/staff/cycles/${c1}`, {
      code: '1C1',
      label: 'Cycle 1, 1re année',
      nextCycleId: c3,
    })
    expect((await secretariat.del(`/api/staff/cycles/${c2}`)).body).toEqual({ outcome: 'deleted' })
    await secretariat.post('/api/staff/cursus', { departmentId: danse, name: 'Danse hors cursus' })
    const res = await csv(secretariat, '/api/staff/cursus/export?format=csv')
    expect(res.rawPayload.toString('utf8')).toBe(
      '\ufeffCursus;Département;Ordre;Cycle;Libellé;Cycle suivant;État\r\n' +
        'Danse hors cursus;Danse;;;;;Actif\r\n' +
        'Musique cursus diplômant;Musique;1;1C1;Cycle 1, 1re année;1C3;Actif\r\n' +
        'Musique cursus diplômant;Musique;3;1C3;Cycle 1, 3e année;;Actif\r\n',
    )
  })

  it('refuses a format it does not make, in French', async () => {
    const res = await secretariat.get('/api/staff/cursus/export?format=pdf')
    expect(res.statusCode).toBe(400)
    expect(res.body.code).toBe('VALIDATION')
  })
})

describe('the Enseignant accounts a teacher may be linked to', () => {
  it('lists the Enseignant accounts only, active ones first, for the secretariat and the direction', async () => {
    const now = '2026-11-01T08:00:00.000Z'
    await server.db('staff_users').insert([
      {
        login: 'a.zola',
        display_name: 'Anne ZOLA',
        role: 'enseignant',
        active: false,
        created_at: now,
        updated_at: now,
      },
      {
        login: 'b.arnaud',
        display_name: 'Bruno ARNAUD',
        role: 'enseignant',
        active: true,
        created_at: now,
        updated_at: now,
      },
    ])
    const expected = [
      { id: expect.any(Number), login: 'b.arnaud', displayName: 'Bruno ARNAUD', active: true },
      { id: expect.any(Number), login: 'enseignant', displayName: 'Thomas BAMELONG', active: true },
      { id: expect.any(Number), login: 'a.zola', displayName: 'Anne ZOLA', active: false },
    ]
    expect(await secretariat.read('/api/staff/teacher-accounts')).toEqual(expected)
    expect(await direction.read('/api/staff/teacher-accounts')).toEqual(expected)
  })

  it('lets the secretariat link a teacher to one of them, and refuses any other account', async () => {
    const accounts: { id: number; login: string }[] = await secretariat.read(
      '/api/staff/teacher-accounts',
    )
    const bruno = accounts.find((a) => a.login === 'b.arnaud')?.id
    const created = await secretariat.post('/api/staff/teachers', {
      lastName: 'ARNAUD',
      firstName: 'Bruno',
      staffUserId: bruno,
    })
    expect(created.statusCode).toBe(200)
    const secretariatId = (
      await server.db('staff_users').where({ login: 'secretariat' }).first<{ id: number }>('id')
    ).id
    const refused = await secretariat.post('/api/staff/teachers', {
      lastName: 'MARTIN',
      staffUserId: secretariatId,
    })
    expect(refused.statusCode).toBe(400)
    expect(refused.body.details).toEqual({ staffUserId: 'Ce compte n’a pas le rôle Enseignant.' })
    const names = (await secretariat.read('/api/staff/teachers')).map(
      (t: { lastName: string; staffUserId: number | null }) => [t.lastName, t.staffUserId],
    )
    expect(names).toEqual([
      ['ARNAUD', bruno],
      ['LEROY', null],
    ])
  })
})
