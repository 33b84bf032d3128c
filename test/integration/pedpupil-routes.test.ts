import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asFamily, asStaff, staffCookie, type Client } from '../support/api.ts'
import { startTestServer, type TestServer } from '../support/server.ts'

// The staff's pupil tabs on the demo (current year 2026/2027): DUPONT Léa, at the Conservatoire,
// has Piano and Formation musicale in 1C1 (2024/2025), 1C2 (2025/2026) and 1C3 now. `secretariat`
// works for the Conservatoire, `antenne` for the Antenne de Sainte-Maxime only.

let server: TestServer
let secretariat: Client
let antenne: Client
let lea: number

beforeAll(async () => {
  server = await startTestServer({ demoFamilies: 0 })
  secretariat = asStaff(server, await staffCookie(server, 'secretariat'))
  antenne = asStaff(server, await staffCookie(server, 'antenne'))
  const row = await server.db('pupils').where({ last_name: 'DUPONT', first_name: 'Léa' }).first()
  lea = row.id
})
afterAll(() => server.close())

type Line = { schoolYear: string; course: string; cycle: string; active: boolean }

describe('GET /api/staff/pupils/{id}/history', () => {
  it('gives the earlier years’ enrolments, latest year first, without the current year', async () => {
    const history = await secretariat.read(`/api/staff/pupils/${lea}/history`)
    expect(
      history.lines.map((l: Line) => [l.schoolYear, l.course, l.cycle, l.active]).sort(),
    ).toEqual([
      ['2024/2025', 'Formation musicale — 1er cycle', '1C1', false],
      ['2024/2025', 'Piano — 1er cycle', '1C1', false],
      ['2025/2026', 'Formation musicale — 1er cycle', '1C2', false],
      ['2025/2026', 'Piano — 1er cycle', '1C2', false],
    ])
    // The order as answered: 2025/2026 before 2024/2025.
    expect(history.lines.map((l: Line) => l.schoolYear)).toEqual([
      '2025/2026',
      '2025/2026',
      '2024/2025',
      '2024/2025',
    ])
    expect(history.cycleResults).toEqual([])
  })

  it('gives the end-of-cycle results once an exam is recorded', async () => {
    const history = await secretariat.read(`/api/staff/pupils/${lea}/history`)
    const piano = history.lines.find(
      (l: Line & { enrolmentId: number }) =>
        l.schoolYear === '2025/2026' && l.course.startsWith('Piano'),
    )
    const exam = await secretariat.post(`/api/staff/enrolments/${piano.enrolmentId}/evaluations`, {
      date: '20/06/2026',
      kind: 'examen_fin_cycle',
      mark: 15,
      mention: 'Bien',
      appreciation: 'Passe en 1C3.',
      jury: 'Mme ROCHE, M. FAURE',
      result: 'admis',
    })
    expect(exam.statusCode).toBe(200)
    const after = await secretariat.read(`/api/staff/pupils/${lea}/history`)
    expect(after.cycleResults).toEqual([
      {
        evaluationId: exam.body.id,
        enrolmentId: piano.enrolmentId,
        date: '2026-06-20',
        schoolYear: '2025/2026',
        cursus: 'Musique cursus diplômant',
        cycle: '1C2',
        course: 'Piano — 1er cycle',
        result: 'admis',
        mark: 15,
        mention: 'Bien',
        jury: 'Mme ROCHE, M. FAURE',
      },
    ])
  })

  it('is not found for a pupil of another site, nor on the families’ listener', async () => {
    const other = await antenne.get(`/api/staff/pupils/${lea}/history`)
    expect(other.statusCode).toBe(404)
    const portal = await asFamily(server).get(`/api/staff/pupils/${lea}/history`)
    expect(portal.statusCode).toBe(404)
  })
})

describe('the enrolment lines carry their cursus and cycle ids', () => {
  it('names the cursus and cycle that the cursus list gives', async () => {
    const cursus = await secretariat.read('/api/staff/cursus')
    const diplome = cursus.find((c: { name: string }) => c.name === 'Musique cursus diplômant')
    const c3 = diplome.cycles.find((c: { code: string }) => c.code === '1C3')
    const lines = await secretariat.read(`/api/staff/pupils/${lea}/enrolments`)
    const current = lines.filter((l: Line) => l.schoolYear === '2026/2027')
    expect(
      current.map((l: { cursusId: number; cycleId: number }) => [l.cursusId, l.cycleId]),
    ).toEqual([
      [diplome.id, c3.id],
      [diplome.id, c3.id],
    ])
  })

  it('a change of cycle sent with those ids is taken, and read back', async () => {
    const cursus = await secretariat.read('/api/staff/cursus')
    const diplome = cursus.find((c: { name: string }) => c.name === 'Musique cursus diplômant')
    const c4 = diplome.cycles.find((c: { code: string }) => c.code === '1C4')
    const [line] = await secretariat.read(`/api/staff/pupils/${lea}/enrolments`)
    const changed = await secretariat.put(`/api/staff/enrolments/${line.enrolmentId}/cycle`, {
      cursusId: line.cursusId,
      cycleId: c4.id,
    })
    expect(changed.statusCode).toBe(204)
    const [after] = await secretariat.read(`/api/staff/pupils/${lea}/enrolments`)
    expect([after.enrolmentId, after.cycle, after.cycleId]).toEqual([
      line.enrolmentId,
      '1C4',
      c4.id,
    ])
  })
})
