import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asFamily, familyCookie } from '../support/api.ts'
import { startTestServer, type TestServer } from '../support/server.ts'

// Below « Cours », the family sees the courses of next year its validated réinscription created;
// only for its own pupils.

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.close())

/** A pupil of the demo whose réinscription into 2027/2028 was validated, and a login of theirs. */
async function validatedPupil(): Promise<{ pupilId: number; siteId: number; login: string }> {
  const row = await server
    .db('reenrolment_requests as r')
    .join('guardians as g', 'g.family_id', 'r.family_id')
    .where({ 'r.status': 'validee', 'g.rank': 1, 'g.access_enabled': true })
    .whereNotNull('g.login')
    .orderBy('r.id')
    .first<{ pupil_id: number; site_id: number; login: string }>(
      'r.pupil_id',
      'g.site_id',
      'g.login',
    )
  return { pupilId: row.pupil_id, siteId: row.site_id, login: row.login }
}

describe('GET /api/family/pupils/{id}/upcoming-courses', () => {
  it('lists the next year’s courses of a validated réinscription, and only them', async () => {
    const { pupilId, siteId, login } = await validatedPupil()
    const family = asFamily(server, await familyCookie(server, siteId, login))
    const upcoming = (await family.read(`/api/family/pupils/${pupilId}/upcoming-courses`)) as {
      schoolYear: string
      course: string
    }[]
    const created = await server
      .db('reenrolment_lines as l')
      .join('reenrolment_requests as r', 'r.id', 'l.request_id')
      .join('enrolments as e', 'e.id', 'l.created_enrolment_id')
      .join('courses as c', 'c.id', 'e.course_id')
      .where({ 'r.pupil_id': pupilId })
      .pluck('c.label')
    expect(created.length).toBeGreaterThan(0)
    expect(upcoming.map((l) => l.schoolYear)).toEqual(created.map(() => '2027/2028'))
    expect(upcoming.map((l) => l.course).sort()).toEqual([...created].sort())
    const current = (await family.read(`/api/family/pupils/${pupilId}/courses`)) as {
      schoolYear: string
    }[]
    expect(current.every((l) => l.schoolYear === '2026/2027')).toBe(true)
  })

  it('answers « introuvable » for another family’s pupil', async () => {
    const { pupilId } = await validatedPupil()
    const other = asFamily(server, await familyCookie(server, 1, 'abolant1'))
    const res = await other.get(`/api/family/pupils/${pupilId}/upcoming-courses`)
    expect(res.statusCode).toBe(404)
    expect(res.body.message).toBe('Cette fiche est introuvable.')
  })
})
