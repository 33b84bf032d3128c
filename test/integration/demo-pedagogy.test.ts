// The demo conservatoire's pedagogy (db/demo/pedagogy.ts): the named pupils of DESIGN.md, read
// through the pupil tabs' services, and the rules the generated data keeps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { enrolmentFollowUp } from '../../db/services/pedagogy/enrolment-follow-up.ts'
import {
  pupilCourses,
  pupilHistory,
  pupilRepertoire,
} from '../../db/services/pedagogy/pupil-tabs.ts'
import { startTestServer, type TestServer } from '../support/server.ts'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer({ demoFamilies: 40 })
})
afterAll(async () => {
  await server.close()
})

async function pupilId(lastName: string, firstName: string, siteId: number): Promise<number> {
  const row = await server
    .db('pupils')
    .join('families', 'families.id', 'pupils.family_id')
    .where({ 'pupils.last_name': lastName, 'pupils.first_name': firstName })
    .where('families.site_id', siteId)
    .first<{ id: number }>('pupils.id')
  if (!row) throw new Error(`no pupil ${lastName} ${firstName}`)
  return row.id
}

describe('the demo pedagogy', () => {
  it('has three school years and the next one (db/demo/reenrolment.ts), 2026/2027 current', async () => {
    const years = await server.db('school_years').orderBy('starts_on')
    expect(years.map((y: { label: string }) => y.label)).toEqual([
      '2024/2025',
      '2025/2026',
      '2026/2027',
      '2027/2028',
    ])
    expect(years.map((y: { is_current: number }) => Boolean(y.is_current))).toEqual([
      false,
      false,
      true,
      false,
    ])
  })

  it('gives ABOLANT Adrien the cursus diplômant 3C3: Trompette with G. BRANTOME, Ensemble de cuivres with T. BAMELONG', async () => {
    const adrien = await pupilId('ABOLANT', 'Adrien', 1)
    const lines = await server.db.transaction((trx) => pupilCourses(trx, adrien))
    const trumpet = lines.find((l) => l.discipline === 'Trompette')
    const brass = lines.find((l) => l.discipline === 'Ensemble de cuivres')
    expect(trumpet).toMatchObject({
      cursus: 'Musique cursus diplômant',
      cycle: '3C3',
      teacher: 'G. BRANTOME',
      schoolYear: '2026/2027',
      active: true,
    })
    expect(brass).toMatchObject({ teacher: 'T. BAMELONG', cycle: '3C3' })
    expect(trumpet?.schedule).not.toBe('')
    const history = await server.db.transaction((trx) => pupilHistory(trx, adrien))
    expect(new Set(history.lines.map((l) => l.cycle))).toEqual(new Set(['3C1', '3C2']))
  })

  it('gives TORRICE Emilie Classique adulte, Danse hors cursus, cycle Danse Ad, at the antenne', async () => {
    const emilie = await pupilId('TORRICE', 'Emilie', 2)
    const lines = await server.db.transaction((trx) => pupilCourses(trx, emilie))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({
      cursus: 'Danse hors cursus',
      cycle: 'Danse Ad',
      discipline: 'Classique adulte',
    })
  })

  it('gives DUPONT Léa a first cycle with two years of history and a répertoire', async () => {
    const lea = await pupilId('DUPONT', 'Léa', 1)
    const [lines, history, repertoire] = await server.db.transaction(async (trx) => [
      await pupilCourses(trx, lea),
      await pupilHistory(trx, lea),
      await pupilRepertoire(trx, lea),
    ])
    expect(lines.length).toBeGreaterThan(0)
    expect(lines.every((l) => l.cycle === '1C3')).toBe(true)
    expect(new Set(history.lines.map((l) => l.schoolYear))).toEqual(
      new Set(['2024/2025', '2025/2026']),
    )
    expect(repertoire.length).toBe(3)
    const first = lines[0]
    if (!first) throw new Error('no course')
    const followUp = await server.db.transaction((trx) => enrolmentFollowUp(trx, first.enrolmentId))
    expect(followUp?.suivi.length).toBeGreaterThan(0)
    expect(followUp?.evaluations.length).toBeGreaterThan(0)
    expect(followUp?.absences.length).toBeGreaterThan(0)
  })

  it('enrols every generated pupil in the current year, with no course over its capacity', async () => {
    const without = await server
      .db('pupils')
      .join('families', 'families.id', 'pupils.family_id')
      .whereNotIn('families.id', [1, 2, 3, 4])
      .whereNotExists(
        server
          .db('enrolments')
          .join('courses', 'courses.id', 'enrolments.course_id')
          .join('school_years', 'school_years.id', 'courses.school_year_id')
          .where('school_years.is_current', true)
          .whereNull('enrolments.ends_on')
          .whereRaw('enrolments.pupil_id = pupils.id'),
      )
      .select('pupils.last_name')
    expect(without).toEqual([])
    const generated = await server.db('families').whereNotIn('id', [1, 2, 3, 4]).count({ n: '*' })
    expect(Number(generated[0]?.['n'])).toBeGreaterThan(30)
    const over = await server.db.raw(
      `SELECT c.id FROM courses c
         JOIN enrolments e ON e.course_id = c.id AND e.ends_on IS NULL
        GROUP BY c.id HAVING count(*) > c.capacity`,
    )
    expect(over).toEqual([])
    const overPast = await server.db.raw(
      `SELECT c.id FROM courses c JOIN enrolments e ON e.course_id = c.id
        GROUP BY c.id HAVING count(*) > c.capacity`,
    )
    expect(overPast).toEqual([])
  })

  it('copies the courses year to year and fills every tab somewhere', async () => {
    const perYear = await server
      .db('courses as c')
      .join('school_years as y', 'y.id', 'c.school_year_id')
      .groupBy('y.starts_on')
      .orderBy('y.starts_on')
      .count<{ n: number }[]>({ n: '*' })
    const n = Number(perYear[0]?.n)
    // Each year a copy of the one before; 2027/2028 has DUPONT Léa's Piano course in two groups
    // (db/demo/reenrolment.ts).
    expect(perYear.map((r) => Number(r.n))).toEqual([n, n, n, n + 1])
    expect(n).toBeGreaterThanOrEqual(100)
    const copied = await server.db('courses').whereNotNull('previous_course_id').count({ n: '*' })
    expect(Number(copied[0]?.['n'])).toBe(3 * n + 1)
    for (const table of [
      'teachers',
      'absences',
      'evaluations',
      'suivi_notes',
      'repertoire_works',
    ]) {
      const n = await server.db(table).count({ n: '*' })
      expect(Number(n[0]?.['n']), table).toBeGreaterThan(0)
    }
    const exams = await server
      .db('evaluations')
      .where({ kind: 'examen_fin_cycle' })
      .count({ n: '*' })
    expect(Number(exams[0]?.['n'])).toBeGreaterThan(0)
  })

  it('says appreciations that go with the marks, and répertoires that go with the instrument', async () => {
    const marks = await server
      .db('evaluations')
      .whereNotNull('mark')
      .whereNull('result')
      .select<{ mark: number; appreciation: string }[]>('mark', 'appreciation')
    const praised = marks.filter((e) => e.appreciation === 'Très bonne prestation.')
    const fragile = marks.filter((e) => e.appreciation === 'Prestation fragile.')
    expect(praised.length).toBeGreaterThan(0)
    expect(fragile.length).toBeGreaterThan(0)
    expect(praised.every((e) => e.mark >= 16)).toBe(true)
    expect(fragile.every((e) => e.mark < 10)).toBe(true)
    const played = await server
      .db('repertoire_works as w')
      .join('courses as c', 'c.id', 'w.course_id')
      .join('disciplines as d', 'd.id', 'c.discipline_id')
      .select<{ discipline: string; composer: string }[]>('d.name as discipline', 'w.composer')
    const trumpet = played.filter((w) => w.discipline === 'Trompette')
    const piano = played.filter((w) => w.discipline === 'Piano')
    expect(trumpet.length).toBeGreaterThan(0)
    expect(piano.length).toBeGreaterThan(0)
    expect(trumpet.some((w) => ['Claude Debussy', 'Erik Satie'].includes(w.composer))).toBe(false)
    expect(piano.some((w) => ['Jean-Baptiste Arban', 'Joseph Haydn'].includes(w.composer))).toBe(
      false,
    )
  })
})
