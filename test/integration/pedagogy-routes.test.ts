import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asFamily, asStaff, familyCookie, staffCookie, type Client } from '../support/api.ts'
import { clearDemoPedagogy } from '../support/pedagogy.ts'
import { startTestServer, type TestServer } from '../support/server.ts'

// The pedagogy through HTTP, on the demo (school year 2026/2027 current; pupils 1-2 DUPONT and
// 3 ABOLANT at the Conservatoire, site 1; 4 TORRICE and 5 DUPONT Hugo at the Antenne, site 2).
// `secretariat` works for the Conservatoire, `antenne` for the Antenne. The demo's own pedagogy is
// taken away first: this file builds one from nothing.

let server: TestServer
let secretariat: Client
let admin: Client
let antenne: Client
const family: Record<string, Client> = {}
let yearId: number
const ids = {} as {
  department: number
  trompette: number
  cursus: number
  c1: number
  c2: number
  teacher: number
  course: number
  enrolment: number
  antenneEnrolment: number
}

function as(who: string): Client {
  const client = family[who]
  if (!client) throw new Error(`no family ${who}`)
  return client
}

const count = async (table: string) =>
  Number((await server.db(table).count<{ n: number }[]>({ n: '*' }))[0]?.n)

beforeAll(async () => {
  server = await startTestServer({ demoFamilies: 0 })
  await clearDemoPedagogy(server.db)
  secretariat = asStaff(server, await staffCookie(server, 'secretariat'))
  admin = asStaff(server, await staffCookie(server, 'admin'))
  antenne = asStaff(server, await staffCookie(server, 'antenne'))
  family['gerard'] = asFamily(server, await familyCookie(server, 1, 'dupont1'))
  family['emilie'] = asFamily(server, await familyCookie(server, 2, 'torrice1'))
  family['marc'] = asFamily(server, await familyCookie(server, 2, 'dupont1'))
})
afterAll(() => server.close())

describe('a course from its creation to the family’s tabs', () => {
  it('lists the school years, the current one marked', async () => {
    const years = await secretariat.read('/api/staff/school-years')
    expect(years).toEqual([
      {
        id: expect.any(Number),
        label: '2026/2027',
        startsOn: '2026-09-01',
        endsOn: '2027-07-04',
        isCurrent: true,
      },
    ])
    yearId = years[0].id
  })

  it('creates a department, a discipline, a cursus with two cycles and a teacher', async () => {
    const department = await secretariat.post('/api/staff/departments', { name: 'Jazz' })
    expect(department.body).toEqual({ id: expect.any(Number), name: 'Jazz', archived: false })
    const departments = await secretariat.read('/api/staff/departments')
    expect(departments.map((d: { name: string }) => d.name)).toEqual([
      'Musique',
      'Danse',
      'Théâtre',
      'Jazz',
    ])
    ids.department = departments[0].id
    const discipline = { departmentId: ids.department, name: 'Trompette' }
    ids.trompette = (await secretariat.post('/api/staff/disciplines', discipline)).body.id
    const cursus = { departmentId: ids.department, name: 'Musique cursus diplômant' }
    ids.cursus = (await secretariat.post('/api/staff/cursus', cursus)).body.id
    ids.c1 = (
      await secretariat.post('/api/staff/cycles', { cursusId: ids.cursus, code: '1C1' })
    ).body.id
    ids.c2 = (
      await secretariat.post('/api/staff/cycles', { cursusId: ids.cursus, code: '1C2' })
    ).body.id
    const cursusList = await secretariat.read('/api/staff/cursus')
    expect(cursusList[0].cycles.map((c: { code: string; nextCycleId: number }) => c)).toEqual([
      expect.objectContaining({ code: '1C1', nextCycleId: ids.c2 }),
      expect.objectContaining({ code: '1C2', nextCycleId: null }),
    ])
    const teacher = await secretariat.post('/api/staff/teachers', {
      civility: 'Monsieur',
      lastName: 'BRANTOME',
      firstName: 'Gilles',
      disciplineIds: [ids.trompette],
    })
    expect(teacher.body).toEqual({ id: expect.any(Number) })
    ids.teacher = teacher.body.id
  })

  it('creates a course and lists it with its teacher, timetable and effectif', async () => {
    const res = await secretariat.post('/api/staff/courses', {
      schoolYearId: yearId,
      siteId: 1,
      disciplineId: ids.trompette,
      teacherId: ids.teacher,
      label: 'Trompette 1C1',
      kind: 'individuel',
      weekday: 2,
      startTime: '17h30',
      durationMinutes: 45,
      room: 'Salle 3',
      capacity: 2,
    })
    expect(res.body).toEqual({ id: expect.any(Number) })
    ids.course = res.body.id
    const list = await secretariat.read(`/api/staff/courses?schoolYearId=${yearId}`)
    expect(list).toEqual([
      expect.objectContaining({
        id: ids.course,
        label: 'Trompette 1C1',
        teacher: 'G. BRANTOME',
        schedule: 'mardi 17:30–18:15',
        site: 'Conservatoire',
        effectif: 0,
        capacity: 2,
      }),
    ])
  })

  it('enrols a pupil, who shows on the course page', async () => {
    const res = await secretariat.post('/api/staff/pupils/1/enrolments', {
      courseId: ids.course,
      schoolYearId: yearId,
      cursusId: ids.cursus,
      cycleId: ids.c1,
      startsOn: '01/10/2026',
    })
    expect(res.statusCode).toBe(200)
    ids.enrolment = res.body.enrolmentId
    const page = await secretariat.read(`/api/staff/courses/${ids.course}`)
    expect(page.course.effectif).toBe(1)
    expect(page.pupils).toEqual([
      expect.objectContaining({
        enrolmentId: ids.enrolment,
        pupilId: 1,
        cursus: 'Musique cursus diplômant',
        cycle: '1C1',
        startsOn: '2026-10-01',
        active: true,
      }),
    ])
  })

  it('records the roll call of a date, an évaluation, a suivi note and a work', async () => {
    const call = await secretariat.put(`/api/staff/courses/${ids.course}/roll-call`, {
      date: '03/11/2026',
      absences: [{ enrolmentId: ids.enrolment, justified: true, reason: 'Malade' }],
    })
    expect(call.body).toEqual({ absent: 1 })
    const grid = await secretariat.read(
      `/api/staff/courses/${ids.course}/roll-call?date=2026-11-03`,
    )
    // Only what the grid shows (the course page has the rest), as JSON.
    expect(grid).toEqual({
      date: '2026-11-03',
      lines: [
        {
          enrolmentId: ids.enrolment,
          lastName: expect.any(String),
          firstName: expect.any(String),
          absent: true,
          justified: true,
          reason: 'Malade',
        },
      ],
    })
    const url = `/api/staff/courses/${ids.course}/roll-call`
    const sent = await secretariat.get(`${url}?date=03/11/2026`)
    expect(sent.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(sent.body).toEqual(grid)
    // The query checked as before its fast path: joi's French for what is not one short text.
    for (const query of ['', '?date=2026-11-03&x=1', '?date=1&date=2', `?date=${'1'.repeat(21)}`])
      expect((await secretariat.get(`${url}${query}`)).body, query).toMatchObject({
        statusCode: 400,
        code: 'VALIDATION',
      })
    expect((await secretariat.get(`${url}?date=juillet`)).body.details).toEqual({
      date: 'Ce n’est pas une date (jj/mm/aaaa).',
    })
    // A date outside the year and a mark over 20: both said at once, nothing recorded.
    const wrong = await secretariat.post(`/api/staff/enrolments/${ids.enrolment}/evaluations`, {
      date: '15/09/2027',
      kind: 'controle_continu',
      mark: 25,
    })
    expect(wrong.statusCode).toBe(400)
    expect(Object.keys(wrong.body.details).sort()).toEqual(['date', 'mark'])
    const emptyNote = await secretariat.post(`/api/staff/enrolments/${ids.enrolment}/suivi`, {
      date: 'juillet',
      text: '',
    })
    expect(Object.keys(emptyNote.body.details).sort()).toEqual(['date', 'text'])
    const evaluation = await secretariat.post(
      `/api/staff/enrolments/${ids.enrolment}/evaluations`,
      {
        date: '10/11/2026',
        kind: 'controle_continu',
        mark: 15,
        appreciation: 'Bon travail.',
      },
    )
    expect(evaluation.statusCode).toBe(200)
    const note = { date: '10/11/2026', text: 'Travailler les gammes.' }
    expect(
      (await secretariat.post(`/api/staff/enrolments/${ids.enrolment}/suivi`, note)).statusCode,
    ).toBe(200)
    const work = {
      schoolYearId: yearId,
      courseId: ids.course,
      composer: 'Haydn',
      title: 'Concerto',
    }
    expect((await secretariat.post('/api/staff/pupils/1/repertoire', work)).statusCode).toBe(200)
  })

  it('exports the courses of the year as a CSV for Excel', async () => {
    const res = await secretariat.get(`/api/staff/courses/export?schoolYearId=${yearId}&format=csv`)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(res.rawPayload.toString('utf8')).toContain(
      'Trompette 1C1;Trompette;G. BRANTOME;mardi 17:30–18:15;Salle 3;Conservatoire;1 / 2;Non',
    )
  })

  it('exports the teachers with their disciplines', async () => {
    const res = await secretariat.get('/api/staff/teachers/export?format=csv')
    expect(res.rawPayload.toString('utf8')).toBe(
      '\ufeffCivilité;Nom;Prénom;E-mail;Téléphone;Disciplines;Actif\r\n' +
        'Monsieur;BRANTOME;Gilles;;;Trompette;Oui\r\n',
    )
  })

  it('shows the family its pupil’s Cours, the course’s follow-up and the Répertoire', async () => {
    const courses = await as('gerard').read('/api/family/pupils/1/courses')
    expect(courses).toEqual([
      expect.objectContaining({
        enrolmentId: ids.enrolment,
        course: 'Trompette 1C1',
        cursus: 'Musique cursus diplômant',
        cycle: '1C1',
        teacher: 'G. BRANTOME',
        schedule: 'mardi 17:30–18:15',
      }),
    ])
    const opened = await as('gerard').read(`/api/family/enrolments/${ids.enrolment}`)
    expect(opened.absences).toEqual([
      { id: expect.any(Number), date: '2026-11-03', justified: true, reason: 'Malade' },
    ])
    expect(opened.evaluations).toEqual([
      expect.objectContaining({ date: '2026-11-10', kind: 'controle_continu', mark: 15 }),
    ])
    expect(opened.suivi).toEqual([expect.objectContaining({ text: 'Travailler les gammes.' })])
    expect(await as('gerard').read('/api/family/pupils/1/repertoire')).toEqual([
      {
        schoolYearId: yearId,
        schoolYear: '2026/2027',
        works: [
          {
            id: expect.any(Number),
            composer: 'Haydn',
            title: 'Concerto',
            courseId: ids.course,
            course: 'Trompette 1C1',
          },
        ],
      },
    ])
    expect(await as('gerard').read('/api/family/pupils/1/history')).toEqual({
      lines: [],
      cycleResults: [],
    })
  })
})

describe('bad input', () => {
  it('answers 400 with a French message per field, and creates nothing', async () => {
    const before = await count('courses')
    const res = await secretariat.post('/api/staff/courses', {
      schoolYearId: yearId,
      siteId: 1,
      disciplineId: ids.trompette,
      label: '',
      kind: 'collectif',
      capacity: 0,
      weekday: 9,
    })
    expect(res.statusCode).toBe(400)
    expect(res.body.details).toEqual({
      label: 'Ce champ est obligatoire.',
      capacity: 'Un nombre d’élèves, de 1 à 500.',
      weekday: 'Choisissez un jour de la semaine.',
    })
    const typed = await secretariat.post('/api/staff/courses', {
      siteId: 1,
      disciplineId: ids.trompette,
      label: 'X',
      kind: 'collectif',
      capacity: 'beaucoup',
    })
    expect(typed.statusCode).toBe(400)
    expect(typed.body.details).toEqual({ capacity: 'Ce champ doit être un nombre.' })
    const empty = await secretariat.post('/api/staff/courses', {
      siteId: 1,
      disciplineId: ids.trompette,
      label: 'X',
      kind: 'collectif',
      capacity: '',
      weekday: '',
    })
    expect(empty.body.details).toEqual({ capacity: 'Ce champ est obligatoire.' })
    // The form sent as it opens: every field to fill is named at once, the choices included.
    const blank = await secretariat.post('/api/staff/courses', {
      schoolYearId: yearId,
      siteId: null,
      disciplineId: null,
      teacherId: null,
      label: '',
      kind: 'collectif',
      weekday: null,
      startTime: null,
      durationMinutes: null,
      room: '',
      capacity: 0,
      horairesAmenages: false,
    })
    expect(blank.statusCode).toBe(400)
    expect(Object.keys(blank.body.details).sort()).toEqual([
      'capacity',
      'disciplineId',
      'label',
      'siteId',
    ])
    expect(await count('courses')).toBe(before)
  })

  it('refuses dates that are not dates and overlapping school years', async () => {
    const bad = await secretariat.post('/api/staff/school-years', {
      startsOn: '31/02/2027',
      endsOn: 'juillet',
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.body.details).toEqual({
      startsOn: 'Ce n’est pas une date (jj/mm/aaaa).',
      endsOn: 'Ce n’est pas une date (jj/mm/aaaa).',
    })
    const empty = await secretariat.post('/api/staff/school-years', { startsOn: '', endsOn: ' ' })
    expect(empty.body.details).toEqual({
      startsOn: 'Ce champ est obligatoire.',
      endsOn: 'Ce champ est obligatoire.',
    })
    const overlap = await secretariat.post('/api/staff/school-years', {
      startsOn: '2027-01-01',
      endsOn: '2028-06-30',
    })
    expect(overlap.statusCode).toBe(409)
    expect(overlap.body.details).toEqual({
      startsOn: 'Ces dates chevauchent l’année scolaire 2026/2027.',
    })
    expect(await count('school_years')).toBe(1)
  })

  it('refuses an absence outside the school year, and keeps the roll call as it was', async () => {
    const res = await secretariat.put(`/api/staff/courses/${ids.course}/roll-call`, {
      date: '2025-11-04',
      absences: [],
    })
    expect(res.statusCode).toBe(400)
    expect(res.body.details).toEqual({
      date: 'Cette date n’est pas dans l’année scolaire 2026/2027.',
    })
    expect(await count('absences')).toBe(1)
  })

  it('refuses a full course, a course of another site and a cycle of another cursus', async () => {
    const enrol = (client: Client, pupilId: number, fields: object = {}) =>
      client.post(`/api/staff/pupils/${pupilId}/enrolments`, {
        courseId: ids.course,
        schoolYearId: yearId,
        ...fields,
      })
    expect((await enrol(secretariat, 2)).statusCode).toBe(200)
    const before = await count('enrolments')
    const full = await enrol(secretariat, 3)
    expect(full.statusCode).toBe(409)
    expect(full.body.details).toEqual({ courseId: 'Ce cours est complet (2 élèves au plus).' })
    const elsewhere = await enrol(admin, 4)
    expect(elsewhere.statusCode).toBe(400)
    expect(elsewhere.body.details).toEqual({
      courseId:
        'Ce cours a lieu au site « Conservatoire », la famille est du site « Antenne de Sainte-Maxime ».',
    })
    const cursus = { departmentId: ids.department, name: 'Parcours personnalisé' }
    const other = (await secretariat.post('/api/staff/cursus', cursus)).body.id
    const change = await secretariat.put(`/api/staff/enrolments/${ids.enrolment}/cycle`, {
      cursusId: other,
      cycleId: ids.c2,
    })
    expect(change.statusCode).toBe(400)
    expect(change.body.details).toEqual({
      cycleId: 'Le cycle 1C2 n’est pas un cycle du cursus « Parcours personnalisé ».',
    })
    expect(await count('enrolments')).toBe(before)
  })
})

describe('roles and sites', () => {
  it('lets Direction read but not change; Enseignant not even read (403)', async () => {
    const direction = asStaff(server, await staffCookie(server, 'direction'))
    expect((await direction.get(`/api/staff/courses/${ids.course}`)).statusCode).toBe(200)
    const change = await direction.put(`/api/staff/courses/${ids.course}/roll-call`, {
      date: '2026-11-03',
      absences: [],
    })
    expect(change.statusCode).toBe(403)
    const enseignant = asStaff(server, await staffCookie(server, 'enseignant'))
    expect((await enseignant.get(`/api/staff/courses?schoolYearId=${yearId}`)).statusCode).toBe(403)
    expect(await count('absences')).toBe(1)
  })

  it('does not find the courses, pupils and enrolments of another site (404)', async () => {
    const reads = [
      `/api/staff/courses/${ids.course}`,
      `/api/staff/courses/${ids.course}/roll-call?date=2026-11-03`,
      '/api/staff/pupils/1/enrolments',
      '/api/staff/pupils/1/repertoire',
      `/api/staff/enrolments/${ids.enrolment}`,
    ]
    for (const url of reads) expect((await antenne.get(url)).statusCode, url).toBe(404)
    const roll = await antenne.put(`/api/staff/courses/${ids.course}/roll-call`, {
      date: '2026-11-03',
      absences: [],
    })
    expect(roll.body).toMatchObject({ code: 'NOT_FOUND', message: 'Ce cours est introuvable.' })
    const e = `/api/staff/enrolments/${ids.enrolment}`
    const writes: [string, string, object][] = [
      ['PUT', `${e}/end`, { endsOn: '2026-12-01' }],
      ['PUT', `${e}/cycle`, { cursusId: ids.cursus, cycleId: ids.c2 }],
      ['POST', `${e}/evaluations`, { date: '2026-11-10', kind: 'audition', mark: 12 }],
      ['POST', `${e}/suivi`, { date: '2026-11-10', text: 'Ailleurs' }],
      ['POST', '/api/staff/pupils/1/repertoire', { schoolYearId: yearId, title: 'Ailleurs' }],
      ['POST', '/api/staff/pupils/1/enrolments', { courseId: ids.course, schoolYearId: yearId }],
      [
        'PUT',
        `/api/staff/courses/${ids.course}`,
        { siteId: 2, disciplineId: ids.trompette, label: 'X', kind: 'collectif', capacity: 9 },
      ],
      ['POST', `/api/staff/courses/${ids.course}/restore`, {}],
    ]
    for (const [method, url, payload] of writes) {
      const res =
        method === 'PUT' ? await antenne.put(url, payload) : await antenne.post(url, payload)
      expect(res.statusCode, `${method} ${url}`).toBe(404)
    }
    expect((await antenne.del(e)).statusCode).toBe(404)
    expect((await antenne.del(`/api/staff/courses/${ids.course}`)).statusCode).toBe(404)
    expect(await count('evaluations')).toBe(1)
    expect(await count('suivi_notes')).toBe(1)
    expect(await count('repertoire_works')).toBe(1)
    expect(await antenne.read(`/api/staff/courses?schoolYearId=${yearId}`)).toEqual([])
    const course = await antenne.post('/api/staff/courses', {
      schoolYearId: yearId,
      siteId: 1,
      disciplineId: ids.trompette,
      label: 'Ailleurs',
      kind: 'collectif',
      capacity: 5,
    })
    expect(course.body.details).toEqual({ siteId: 'Ce site n’existe pas.' })
    expect(await count('absences')).toBe(1)
    const enrolment = await server.db('enrolments').where({ id: ids.enrolment }).first()
    expect(enrolment.ends_on).toBeNull()
  })
})

describe('the follow-up entered by mistake', () => {
  it('deletes an évaluation, a suivi note and a work, through their own enrolment or pupil only', async () => {
    const evaluation = await server.db('evaluations').first<{ id: number }>('id')
    const note = await server.db('suivi_notes').first<{ id: number }>('id')
    const work = await server.db('repertoire_works').first<{ id: number }>('id')
    const e = `/api/staff/enrolments/${ids.enrolment}`
    const other = (await server.db('enrolments').whereNot({ id: ids.enrolment }).first()).id
    const wrong = [
      `/api/staff/enrolments/${other}/evaluations/${evaluation.id}`,
      `/api/staff/enrolments/${other}/suivi/${note.id}`,
      `/api/staff/pupils/2/repertoire/${work.id}`,
    ]
    for (const url of wrong) {
      const res = await secretariat.del(url)
      expect(res.body, url).toMatchObject({ message: 'Cet élément est introuvable.' })
    }
    expect((await antenne.del(`${e}/evaluations/${evaluation.id}`)).statusCode).toBe(404)
    expect(await count('evaluations')).toBe(1)
    const right = [
      `${e}/evaluations/${evaluation.id}`,
      `${e}/suivi/${note.id}`,
      `/api/staff/pupils/1/repertoire/${work.id}`,
    ]
    for (const url of right) expect((await secretariat.del(url)).statusCode, url).toBe(204)
    const opened = await as('gerard').read(`/api/family/enrolments/${ids.enrolment}`)
    expect([opened.evaluations, opened.suivi]).toEqual([[], []])
    expect(await as('gerard').read('/api/family/pupils/1/repertoire')).toEqual([])
  })
})

describe('no family reads another family’s courses, on either site', () => {
  beforeAll(async () => {
    const course = await antenne.post('/api/staff/courses', {
      schoolYearId: yearId,
      siteId: 2,
      disciplineId: ids.trompette,
      label: 'Trompette Antenne',
      kind: 'collectif',
      capacity: 5,
    })
    const enrolled = await antenne.post('/api/staff/pupils/5/enrolments', {
      courseId: course.body.id,
      schoolYearId: yearId,
    })
    ids.antenneEnrolment = enrolled.body.enrolmentId
  })

  // gerard: DUPONT at the Conservatoire (pupils 1, 2); marc: DUPONT at the Antenne (pupil 5);
  // emilie: TORRICE at the Antenne (pupil 4).
  const matrix: [string, string, boolean][] = [
    ['gerard', 'pupils/1', true],
    ['gerard', 'pupils/5', false],
    ['marc', 'pupils/5', true],
    ['marc', 'pupils/1', false],
    ['emilie', 'pupils/1', false],
    ['emilie', 'pupils/5', false],
    ['marc', 'pupils/999', false],
  ]
  it.each(matrix)('%s reads %s: %s', async (who, pupil, allowed) => {
    for (const tab of ['courses', 'history', 'repertoire']) {
      const res = await as(who).get(`/api/family/${pupil}/${tab}`)
      expect(res.statusCode, tab).toBe(allowed ? 200 : 404)
    }
  })

  it('opens an enrolment for its family only', async () => {
    const cases: [string, number, boolean][] = [
      ['gerard', ids.enrolment, true],
      ['marc', ids.enrolment, false],
      ['emilie', ids.enrolment, false],
      ['marc', ids.antenneEnrolment, true],
      ['gerard', ids.antenneEnrolment, false],
      ['emilie', ids.antenneEnrolment, false],
    ]
    for (const [who, id, allowed] of cases) {
      const res = await as(who).get(`/api/family/enrolments/${id}`)
      expect(res.statusCode, `${who} ${id}`).toBe(allowed ? 200 : 404)
      if (!allowed) expect(res.body).toMatchObject({ message: 'Ce cours est introuvable.' })
    }
    expect((await asFamily(server).get(`/api/family/enrolments/${ids.enrolment}`)).statusCode).toBe(
      401,
    )
  })
})
