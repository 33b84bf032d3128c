import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { statementCounter } from '../../db/connection.ts'
import { asFamily, asStaff, familyCookie, staffCookie, type Client } from '../support/api.ts'
import { clearDemoPedagogy } from '../support/pedagogy.ts'
import { startTestServer, type TestServer } from '../support/server.ts'

// The pupil's Cours tab, a course's follow-up and the course page with its roll call cost a fixed
// number of SQL statements, whatever the number of courses or pupils (the performance
// part). Counted on the connection, as family-statements.test.ts does, session check included.
// The demo's own pedagogy is taken away first: this file makes the courses it counts.

let server: TestServer
let staff: Client
let family: Client
let yearId: number
let disciplineId: number

beforeAll(async () => {
  statementCounter.enabled = true
  server = await startTestServer({ demoFamilies: 0 })
  await clearDemoPedagogy(server.db)
  staff = asStaff(server, await staffCookie(server, 'admin'))
  family = asFamily(server, await familyCookie(server, 1, 'dupont1'))
  yearId = (await staff.read('/api/staff/school-years'))[0].id
  const departmentId = (await staff.read('/api/staff/departments'))[0].id
  disciplineId = (await staff.post('/api/staff/disciplines', { departmentId, name: 'Piano' })).body
    .id
})
afterAll(async () => {
  statementCounter.enabled = false
  await server.close()
})

async function count(client: Client, url: string): Promise<number> {
  const before = statementCounter.count
  const res = await client.get(url)
  expect(res.statusCode, url).toBe(200)
  return statementCounter.count - before
}

/** A course of the Conservatoire with these pupils enrolled; its id and the first enrolment's. */
async function courseWith(label: string, pupilIds: number[]) {
  const course = await staff.post('/api/staff/courses', {
    schoolYearId: yearId,
    siteId: 1,
    disciplineId,
    label,
    kind: 'collectif',
    capacity: 10,
  })
  const enrolments: number[] = []
  for (const pupilId of pupilIds) {
    const res = await staff.post(`/api/staff/pupils/${pupilId}/enrolments`, {
      courseId: course.body.id,
      schoolYearId: yearId,
    })
    enrolments.push(res.body.enrolmentId)
  }
  return { courseId: course.body.id as number, enrolmentId: enrolments[0] ?? 0 }
}

async function costs(courseId: number, enrolmentId: number) {
  return {
    cours: await count(family, '/api/family/pupils/1/courses'),
    followUp: await count(family, `/api/family/enrolments/${enrolmentId}`),
    coursePage: await count(staff, `/api/staff/courses/${courseId}`),
    rollCall: await count(staff, `/api/staff/courses/${courseId}/roll-call?date=2026-11-03`),
  }
}

describe('the pedagogy pages’ SQL statements', () => {
  it('do not grow with the courses of the pupil nor the pupils of the course', async () => {
    const first = await courseWith('Piano 1', [1])
    const small = await costs(first.courseId, first.enrolmentId)
    for (const [i, pupils] of [[1, 2, 3], [1], [1, 2]].entries())
      await courseWith(`Piano ${i + 2}`, pupils)
    const big = await courseWith('Piano 9', [1, 2, 3])
    await staff.put(`/api/staff/courses/${big.courseId}/roll-call`, {
      date: '2026-11-03',
      absences: [{ enrolmentId: big.enrolmentId }],
    })
    expect(await costs(big.courseId, big.enrolmentId)).toEqual(small)
    expect((await family.read('/api/family/pupils/1/courses')).length).toBe(5)
  })
})
