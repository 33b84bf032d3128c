import { beforeEach, describe, expect, it } from 'vitest'
import { saveCourse, removeCourse } from '../../db/services/pedagogy/courses.ts'
import {
  listCursus,
  nextCycleOf,
  removeCursus,
  saveCycle,
} from '../../db/services/pedagogy/cursus.ts'
import {
  listDepartments,
  removeDepartment,
  restoreDepartment,
  removeDiscipline,
  saveDiscipline,
} from '../../db/services/pedagogy/disciplines.ts'
import { enrolPupil, endEnrolment } from '../../db/services/pedagogy/enrolments.ts'
import {
  createNextSchoolYear,
  createSchoolYear,
  listSchoolYears,
  setCurrentSchoolYear,
} from '../../db/services/pedagogy/school-years.ts'
import { removeTeacher, saveTeacher } from '../../db/services/pedagogy/teachers.ts'
import { freshDatabases } from '../support/db.ts'
import { buildWorld, courseInput, refusedUnchanged, type World } from '../support/pedagogy.ts'

// The pedagogy's catalogue on a real SQLite file: school years (one current, no overlap, the next
// one copied from the current one), cursus and cycles (the progression), what is archived rather
// than deleted, and each bad input refused with its French message, nothing changed.

const freshDb = freshDatabases('portee-pedagogy-')
let w: World

beforeEach(async () => {
  w = await buildWorld(freshDb())
})

/** Runs a change that must be refused: the answer, and not one row changed anywhere. */
const refused = (change: () => Promise<unknown>) => refusedUnchanged(w.db, change)

describe('school years', () => {
  it('take their label from their dates; one only is current', async () => {
    const y = await w.run((trx) =>
      createSchoolYear(trx, { startsOn: '01/09/2026', endsOn: '04/07/2027' }, w.actor),
    )
    expect(y).toEqual({
      id: y.id,
      label: '2026/2027',
      startsOn: '2026-09-01',
      endsOn: '2027-07-04',
      isCurrent: false,
    })
    await w.run((trx) => setCurrentSchoolYear(trx, y.id, w.actor))
    const years = await w.run((trx) => listSchoolYears(trx))
    expect(years.map((s) => [s.label, s.isCurrent])).toEqual([
      ['2026/2027', true],
      ['2025/2026', false],
    ])
    // The database itself refuses a second current year.
    await expect(w.db('school_years').update({ is_current: true })).rejects.toThrow(/UNIQUE/)
  })

  it('refuse overlapping years, dates that are not dates, an end before the start', async () => {
    const overlap = await refused(() =>
      w.run((trx) =>
        createSchoolYear(trx, { startsOn: '2026-06-01', endsOn: '2027-06-30' }, w.actor),
      ),
    )
    expect(overlap).toMatchObject({
      code: 'CONFLICT',
      message: 'Ces dates chevauchent l’année scolaire 2025/2026.',
      details: { startsOn: 'Ces dates chevauchent l’année scolaire 2025/2026.' },
    })
    const notDates = await refused(() =>
      w.run((trx) => createSchoolYear(trx, { startsOn: '31/02/2027', endsOn: 'juillet' }, w.actor)),
    )
    expect(notDates).toMatchObject({
      code: 'VALIDATION',
      details: {
        startsOn: 'Ce n’est pas une date (jj/mm/aaaa).',
        endsOn: 'Ce n’est pas une date (jj/mm/aaaa).',
      },
    })
    const backwards = await refused(() =>
      w.run((trx) =>
        createSchoolYear(trx, { startsOn: '2027-09-01', endsOn: '2027-07-01' }, w.actor),
      ),
    )
    expect(backwards.details).toEqual({ endsOn: 'La fin doit venir après le début.' })
    const twoYears = await refused(() =>
      w.run((trx) =>
        createSchoolYear(trx, { startsOn: '2027-09-01', endsOn: '2029-07-01' }, w.actor),
      ),
    )
    expect(twoYears.details['endsOn']).toMatch(/^Une année scolaire va d’une année à la suivante/)
  })

  it('the next one copies the current courses with their teachers, without pupils', async () => {
    // A pupil enrolled, an archived course, an archived teacher: none of them crosses over.
    await w.run((trx) =>
      enrolPupil(
        trx,
        { pupilId: w.pupils.adrien, courseId: w.courses.cuivres, schoolYearId: w.years.y2025 },
        w.actor,
      ),
    )
    const old = await w.run(async (trx) => {
      const id = (
        await saveCourse(
          trx,
          courseInput(w, { disciplineId: w.disciplines.fm, label: 'Ancien cours' }),
          w.actor,
        )
      ).id
      // Léa was in it and left: it is archived, not deleted.
      const { enrolmentId } = await enrolPupil(
        trx,
        { pupilId: w.pupils.lea, courseId: id, schoolYearId: w.years.y2025 },
        w.actor,
      )
      await endEnrolment(trx, { enrolmentId, endsOn: '2025-10-20' }, w.actor)
      w.clock.set('2025-10-21T10:00:00.000Z') // the day after her last
      expect(await removeCourse(trx, id, w.actor)).toBe('archived')
      return id
    })
    const { schoolYear, copiedCourses } = await w.run((trx) =>
      createNextSchoolYear(trx, {}, w.actor),
    )
    expect(schoolYear).toMatchObject({
      label: '2026/2027',
      startsOn: '2026-09-01',
      endsOn: '2027-07-04',
      isCurrent: false,
    })
    expect(copiedCourses).toBe(4)
    const copies = await w
      .db('courses')
      .where({ school_year_id: schoolYear.id })
      .orderBy('id')
      .select(
        'label',
        'teacher_id',
        'weekday',
        'start_time',
        'duration_minutes',
        'capacity',
        'site_id',
        'previous_course_id',
      )
    expect(copies).toEqual([
      {
        label: 'Musique cursus diplômant',
        teacher_id: w.teachers.brantome,
        weekday: 2,
        start_time: '17:30',
        duration_minutes: 90,
        capacity: 12,
        site_id: 1,
        previous_course_id: w.courses.formation,
      },
      {
        label: 'Ensemble de cuivres',
        teacher_id: w.teachers.bamelong,
        weekday: 3,
        start_time: '14:00',
        duration_minutes: 60,
        capacity: 3,
        site_id: 1,
        previous_course_id: w.courses.cuivres,
      },
      {
        label: 'Trompette',
        teacher_id: null,
        weekday: null,
        start_time: null,
        duration_minutes: null,
        capacity: 1,
        site_id: 1,
        previous_course_id: w.courses.trompette,
      },
      {
        label: 'Classique adulte',
        teacher_id: w.teachers.leroy,
        weekday: 1,
        start_time: '19:00',
        duration_minutes: 75,
        capacity: 12,
        site_id: 2,
        previous_course_id: w.courses.classique,
      },
    ])
    expect(copies.some((c) => c.previous_course_id === old)).toBe(false)
    const enrolled = await w
      .db('enrolments')
      .join('courses', 'courses.id', 'enrolments.course_id')
      .where('courses.school_year_id', schoolYear.id)
    expect(enrolled).toEqual([])
    // A second time, the year is there already.
    const again = await refused(() => w.run((trx) => createNextSchoolYear(trx, {}, w.actor)))
    expect(again.message).toBe('Ces dates chevauchent l’année scolaire 2026/2027.')
    const before = await refused(() =>
      w.run((trx) =>
        createNextSchoolYear(trx, { startsOn: '2020-09-01', endsOn: '2021-07-01' }, w.actor),
      ),
    )
    expect(before.details).toEqual({
      startsOn: 'L’année suivante commence après la fin de l’année en cours (04/07/2026).',
    })
  })

  it('the next one leaves out a teacher archived since', async () => {
    await w
      .db('teachers')
      .where({ id: w.teachers.leroy })
      .update({ archived_at: '2026-01-01T00:00:00.000Z' })
    const { schoolYear } = await w.run((trx) => createNextSchoolYear(trx, {}, w.actor))
    const copy = await w
      .db('courses')
      .where({ school_year_id: schoolYear.id, label: 'Classique adulte' })
      .first('teacher_id')
    expect(copy).toEqual({ teacher_id: null })
  })
})

describe('cursus and cycles', () => {
  it('go from cycle to cycle in order, to none after the last', async () => {
    const next = async (code: string) =>
      (await w.run((trx) => nextCycleOf(trx, w.cycles[code] as number)))?.code ?? null
    expect(await next('1C1')).toBe('1C2')
    expect(await next('1C4')).toBe('2C1')
    expect(await next('2C3')).toBe('3C1')
    expect(await next('3C3')).toBe(null)
    expect(await next('Danse Ad')).toBe(null)
    // An archived cycle is skipped; a cycle that names its next one goes there.
    await w.db('cycles').where({ id: w.cycles['1C2'] }).update({ archived_at: '2025-09-01' })
    expect(await next('1C1')).toBe('1C3')
    await w.run((trx) =>
      saveCycle(
        trx,
        {
          id: w.cycles['1C4'],
          cursusId: w.cursus.diplomant,
          code: '1C4',
          nextCycleId: w.cycles['2C2'],
        },
        w.actor,
      ),
    )
    expect(await next('1C4')).toBe('2C2')
    expect(await next('2C1')).toBe('2C2')
    const list = await w.run((trx) => listCursus(trx))
    expect(list.map((c) => c.name)).toEqual(['Danse hors cursus', 'Musique cursus diplômant'])
    expect(list[1]?.cycles.map((c) => c.code)).toEqual(MUSIC_ORDER)
  })

  it('refuse a next cycle of another cursus or itself, a code twice', async () => {
    const other = await refused(() =>
      w.run((trx) =>
        saveCycle(
          trx,
          {
            id: w.cycles['3C3'],
            cursusId: w.cursus.diplomant,
            code: '3C3',
            nextCycleId: w.cycles['Danse Ad'],
          },
          w.actor,
        ),
      ),
    )
    expect(other.details).toEqual({
      nextCycleId: 'Le cycle suivant doit être un cycle du même cursus.',
    })
    const itself = await refused(() =>
      w.run((trx) =>
        saveCycle(
          trx,
          {
            id: w.cycles['3C3'],
            cursusId: w.cursus.diplomant,
            code: '3C3',
            nextCycleId: w.cycles['3C3'],
          },
          w.actor,
        ),
      ),
    )
    expect(itself.details).toEqual({ nextCycleId: 'Un cycle ne peut pas se suivre lui-même.' })
    const twin = await refused(() =>
      w.run((trx) => saveCycle(trx, { cursusId: w.cursus.diplomant, code: '3c3' }, w.actor)),
    )
    expect(twin).toMatchObject({
      code: 'CONFLICT',
      details: { code: 'Ce cursus a déjà un cycle de ce nom.' },
    })
  })
})

const MUSIC_ORDER = ['1C1', '1C2', '1C3', '1C4', '2C1', '2C2', '2C3', '3C1', '3C2', '3C3']

describe('archive rather than delete', () => {
  it('a discipline, a cursus, a department: deleted when nothing refers to them, archived otherwise', async () => {
    const unused = await w.run((trx) =>
      saveDiscipline(trx, { departmentId: w.departments.musique, name: 'Cor' }, w.actor),
    )
    expect(await w.run((trx) => removeDiscipline(trx, unused.id, w.actor))).toBe('deleted')
    expect(await w.db('disciplines').where({ id: unused.id }).first()).toBeUndefined()
    expect(await w.run((trx) => removeDiscipline(trx, w.disciplines.trompette, w.actor))).toBe(
      'archived',
    )
    expect(
      await w.db('disciplines').where({ id: w.disciplines.trompette }).first('archived_at'),
    ).toEqual({
      archived_at: '2025-10-15T10:00:00.000Z',
    })
    expect(await w.run((trx) => removeDepartment(trx, w.departments.musique, w.actor))).toBe(
      'archived',
    )
    await w.run((trx) => restoreDepartment(trx, w.departments.musique, w.actor))
    expect(await w.run((trx) => listDepartments(trx))).toEqual([
      { id: w.departments.musique, name: 'Musique', archived: false },
      { id: w.departments.danse, name: 'Danse', archived: false },
      { id: expect.any(Number), name: 'Théâtre', archived: false },
    ])
    const theatre = (await w.db('departments').where({ name: 'Théâtre' }).first('id')) as {
      id: number
    }
    expect(await w.run((trx) => removeDepartment(trx, theatre.id, w.actor))).toBe('deleted')
    // A cursus nobody is enrolled in goes with its cycles; one with an enrolment stays, archived.
    expect(await w.run((trx) => removeCursus(trx, w.cursus.danseHors, w.actor))).toBe('deleted')
    expect(await w.db('cycles').where({ id: w.cycles['Danse Ad'] }).first()).toBeUndefined()
    await w.run((trx) =>
      enrolPupil(
        trx,
        {
          pupilId: w.pupils.adrien,
          courseId: w.courses.formation,
          schoolYearId: w.years.y2025,
          cursusId: w.cursus.diplomant,
          cycleId: w.cycles['3C3'],
        },
        w.actor,
      ),
    )
    expect(await w.run((trx) => removeCursus(trx, w.cursus.diplomant, w.actor))).toBe('archived')
    expect(
      await w.db('cycles').where({ cursus_id: w.cursus.diplomant }).count({ n: '*' }).first(),
    ).toEqual({ n: 10 })
    // Each is in the audit log.
    const actions = (await w
      .db('audit_log')
      .where('action', 'like', 'staff.%_deleted')
      .orWhere('action', 'like', 'staff.%_archived')
      .orderBy('id')
      .pluck('action')) as string[]
    expect(actions).toEqual([
      'staff.discipline_deleted',
      'staff.discipline_archived',
      'staff.department_archived',
      'staff.department_deleted',
      'staff.cursus_deleted',
      'staff.cursus_archived',
    ])
  })

  it('a teacher with courses this year cannot be archived; after the year, archived; never used, deleted', async () => {
    const refusal = await refused(() =>
      w.run((trx) => removeTeacher(trx, w.teachers.brantome, w.actor)),
    )
    expect(refusal).toMatchObject({
      code: 'CONFLICT',
      message:
        'Cet enseignant a encore 1 cours cette année ou la suivante : confiez-les à un autre enseignant avant de l’archiver.',
    })
    w.clock.set('2026-08-01T10:00:00.000Z')
    expect(await w.run((trx) => removeTeacher(trx, w.teachers.brantome, w.actor))).toBe('archived')
    const newcomer = await w.run((trx) =>
      saveTeacher(trx, { lastName: 'NOUVEAU', disciplineIds: [w.disciplines.fm] }, w.actor),
    )
    expect(await w.run((trx) => removeTeacher(trx, newcomer.id, w.actor))).toBe('deleted')
    expect(await w.db('teacher_disciplines').where({ teacher_id: newcomer.id })).toEqual([])
    // An archived teacher gets no new course.
    const course = await refused(() =>
      w.run((trx) =>
        saveCourse(
          trx,
          courseInput(w, {
            disciplineId: w.disciplines.fm,
            label: 'FM 1C1',
            teacherId: w.teachers.brantome,
          }),
          w.actor,
        ),
      ),
    )
    expect(course.details).toEqual({ teacherId: 'Cet élément est archivé.' })
  })

  it('a course with pupils cannot be archived; once they have left, it is archived, not deleted', async () => {
    const { enrolmentId } = await w.run((trx) =>
      enrolPupil(
        trx,
        { pupilId: w.pupils.adrien, courseId: w.courses.cuivres, schoolYearId: w.years.y2025 },
        w.actor,
      ),
    )
    const refusal = await refused(() =>
      w.run((trx) => removeCourse(trx, w.courses.cuivres, w.actor)),
    )
    expect(refusal.message).toBe(
      'Ce cours a encore 1 élève inscrit : terminez leurs inscriptions avant de l’archiver.',
    )
    // Leaving on 20/12, he still attends until then (today is 15/10): still refused.
    await w.run((trx) => endEnrolment(trx, { enrolmentId, endsOn: '20/12/2025' }, w.actor))
    expect(
      (await refused(() => w.run((trx) => removeCourse(trx, w.courses.cuivres, w.actor)))).message,
    ).toBe(refusal.message)
    w.clock.set('2025-12-21T10:00:00.000Z')
    expect(await w.run((trx) => removeCourse(trx, w.courses.cuivres, w.actor))).toBe('archived')
    expect(await w.run((trx) => removeCourse(trx, w.courses.trompette, w.actor))).toBe('deleted')
  })
})

describe('bad input of the catalogue', () => {
  it('teachers: a staff account that is not Enseignant, an e-mail, a phone', async () => {
    const notTeacher = await refused(() =>
      w.run((trx) => saveTeacher(trx, { lastName: 'DURAND', staffUserId: 3 }, w.actor)),
    )
    expect(notTeacher.details).toEqual({ staffUserId: 'Ce compte n’a pas le rôle Enseignant.' })
    const fields = await refused(() =>
      w.run((trx) => saveTeacher(trx, { lastName: ' ', email: 'durand@', phone: '12' }, w.actor)),
    )
    expect(fields.details).toEqual({
      lastName: 'Ce champ est obligatoire.',
      email: 'Cette adresse e-mail n’est pas valide.',
      phone: 'Ce numéro de téléphone n’est pas valide.',
    })
    const linked = await w.run((trx) =>
      saveTeacher(
        trx,
        {
          lastName: 'BRANTOME',
          firstName: 'Gilles',
          staffUserId: 2,
          phone: '0612345678',
          id: w.teachers.brantome,
          disciplineIds: [w.disciplines.fm],
        },
        w.actor,
      ),
    )
    expect(await w.db('teachers').where({ id: linked.id }).first('staff_user_id', 'phone')).toEqual(
      { staff_user_id: 2, phone: '06 12 34 56 78' },
    )
    const taken = await refused(() =>
      w.run((trx) => saveTeacher(trx, { lastName: 'AUTRE', staffUserId: 2 }, w.actor)),
    )
    expect(taken.details).toEqual({ staffUserId: 'Ce compte est déjà lié à un autre enseignant.' })
  })

  it('courses: a half-set timetable, a time, a capacity below the pupils enrolled, a discipline twice', async () => {
    const partial = await refused(() =>
      w.run((trx) =>
        saveCourse(
          trx,
          courseInput(w, { disciplineId: w.disciplines.fm, label: 'FM', weekday: 2 }),
          w.actor,
        ),
      ),
    )
    expect(partial.details).toEqual({
      weekday: 'Donnez le jour, l’heure et la durée, ou aucun des trois.',
    })
    const unknown = await refused(() =>
      w.run((trx) => saveCourse(trx, courseInput(w, { disciplineId: 999, label: 'FM' }), w.actor)),
    )
    expect(unknown.details).toEqual({ disciplineId: 'Choisissez dans la liste.' })
    const none = await refused(() =>
      w.run((trx) =>
        saveCourse(
          trx,
          { ...courseInput(w, { disciplineId: w.disciplines.fm, label: 'FM' }), siteId: undefined },
          w.actor,
        ),
      ),
    )
    expect(none.details).toEqual({ siteId: 'Ce champ est obligatoire.' })
    const time = await refused(() =>
      w.run((trx) =>
        saveCourse(
          trx,
          courseInput(w, {
            disciplineId: w.disciplines.fm,
            label: 'FM',
            weekday: 8,
            startTime: '25:00',
            durationMinutes: 0,
            capacity: 0,
          }),
          w.actor,
        ),
      ),
    )
    expect(time.details).toEqual({
      weekday: 'Choisissez un jour de la semaine.',
      startTime: 'Ce n’est pas une heure (hh:mm).',
      durationMinutes: 'Une durée en minutes, de 5 à 600.',
      capacity: 'Un nombre d’élèves, de 1 à 500.',
    })
    for (const pupilId of [w.pupils.adrien, w.pupils.lea])
      await w.run((trx) =>
        enrolPupil(
          trx,
          { pupilId, courseId: w.courses.cuivres, schoolYearId: w.years.y2025 },
          w.actor,
        ),
      )
    const below = await refused(() =>
      w.run((trx) =>
        saveCourse(
          trx,
          {
            ...courseInput(w, {
              disciplineId: w.disciplines.cuivres,
              label: 'Ensemble de cuivres',
              capacity: 1,
            }),
            id: w.courses.cuivres,
          },
          w.actor,
        ),
      ),
    )
    expect(below.details).toEqual({
      capacity: 'Ce cours a déjà 2 élèves inscrits : la capacité ne peut pas être plus petite.',
    })
    const twin = await refused(() =>
      w.run((trx) =>
        saveDiscipline(trx, { departmentId: w.departments.danse, name: 'trompette' }, w.actor),
      ),
    )
    expect(twin).toMatchObject({ code: 'CONFLICT', details: { name: 'Ce nom est déjà pris.' } })
  })
})
