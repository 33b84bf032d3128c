import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asFamily, asStaff, familyCookie, staffCookie, type Client } from '../support/api.ts'
import { clearDemoPedagogy } from '../support/pedagogy.ts'
import { startTestServer, type TestServer } from '../support/server.ts'
import { countStatements, statementsOfGet as count } from '../support/statements.ts'

// The pupil's Cours tab, a course's follow-up and the course page with its roll call cost a fixed
// number of SQL statements, whatever the number of courses or pupils (the performance
// part). Counted on the connection, as family-statements.test.ts does, the session remembered.
// The demo's own pedagogy is taken away first: this file makes the courses it counts.

let server: TestServer
let staff: Client
let family: Client
let yearId: number
let yearStart: string
let disciplineId: number

countStatements()
beforeAll(async () => {
  server = await startTestServer({ demoFamilies: 0 })
  await clearDemoPedagogy(server.db)
  staff = asStaff(server, await staffCookie(server, 'admin'))
  family = asFamily(server, await familyCookie(server, 1, 'dupont1'))
  const year = (await staff.read('/api/staff/school-years'))[0]
  yearId = year.id
  yearStart = year.startsOn
  const departmentId = (await staff.read('/api/staff/departments'))[0].id
  disciplineId = (await staff.post('/api/staff/disciplines', { departmentId, name: 'Piano' })).body
    .id
})
afterAll(async () => {
  await server.close()
})

/** A course of the Conservatoire with these pupils enrolled; its id and the first enrolment's. */
async function courseWith(label: string, pupilIds: number[]) {
  const course = await staff.post('/api/staff/courses', {
    schoolYearId: yearId,
    siteId: 1,
    disciplineId,
    label,
    kind: 'collectif',
    capacity: Math.max(10, pupilIds.length),
  })
  const enrolments: number[] = []
  for (const pupilId of pupilIds) {
    const res = await staff.post(`/api/staff/pupils/${pupilId}/enrolments`, {
      courseId: course.body.id,
      schoolYearId: yearId,
      startsOn: yearStart, // on the roll calls' date
    })
    expect(res.statusCode, JSON.stringify(res.body)).toBeLessThan(300)
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

  it('Cours and the roll call: the same few statements with 1 course or 12, 1 pupil or 12', async () => {
    // A pupil of another family, and eleven more pupils.
    const other = await server
      .db('guardians')
      .join('pupils', 'pupils.family_id', 'guardians.family_id')
      .whereNotNull('guardians.login')
      .whereNot('guardians.family_id', 1)
      .first<{ site_id: number; login: string; id: number }>(
        'guardians.site_id',
        'guardians.login',
        'pupils.id',
      )
    const family2 = asFamily(server, await familyCookie(server, other.site_id, other.login))
    const pupilOf2 = other.id
    const pupils = await server
      .db('pupils')
      .insert(
        Array.from({ length: 11 }, (_, i) => ({
          family_id: 1,
          last_name: 'DUPONT',
          first_name: `Enfant ${i}`,
          created_at: 'x',
          updated_at: 'x',
        })),
      )
      .returning<{ id: number }[]>('id')
    const coursesOf2 = async () =>
      (await family2.read(`/api/family/pupils/${pupilOf2}/courses`)).length as number
    const already = await coursesOf2()
    const single = await courseWith('Chant 1', [pupilOf2])
    const cost = async (courseId: number) => [
      await count(family2, `/api/family/pupils/${pupilOf2}/courses`),
      await count(staff, `/api/staff/courses/${courseId}/roll-call?date=2026-11-03`),
    ]
    const few = await cost(single.courseId)
    for (let i = 2; i <= 11; i++) await courseWith(`Chant ${i}`, [pupilOf2])
    const full = await courseWith('Chœur', [pupilOf2, ...pupils.map((p) => p.id)])
    await staff.put(`/api/staff/courses/${full.courseId}/roll-call`, {
      date: '2026-11-03',
      absences: [{ enrolmentId: full.enrolmentId }],
    })
    expect(await coursesOf2()).toBe(already + 12)
    const rollCall = await staff.read(
      `/api/staff/courses/${full.courseId}/roll-call?date=2026-11-03`,
    )
    expect(rollCall.lines.length).toBe(12)
    expect(await cost(full.courseId)).toEqual(few)
    // BEGIN, two statements, COMMIT: the pupil is the family's and their courses; the course with
    // its year, and its pupils with their absences.
    expect(few).toEqual([4, 4])
  })
})
