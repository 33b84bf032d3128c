import { beforeEach, describe, expect, it } from 'vitest'
import type { Trx } from '../../db/connection.ts'
import { coursePage, listCourses } from '../../db/services/pedagogy/course-pages.ts'
import { rollCall } from '../../db/services/pedagogy/roll-call.ts'
import { saveCourse } from '../../db/services/pedagogy/courses.ts'
import { enrolmentFollowUp } from '../../db/services/pedagogy/enrolment-follow-up.ts'
import {
  familyEnrolmentFollowUp,
  familyPupilCourses,
  familyPupilHistory,
  familyPupilRepertoire,
} from '../../db/services/pedagogy/family-tabs.ts'
import {
  cancelEnrolment,
  changeEnrolmentCycle,
  endEnrolment,
  enrolPupil,
  type EnrolInput,
} from '../../db/services/pedagogy/enrolments.ts'
import {
  recordRollCall,
  saveEvaluation,
  saveRepertoireWork,
  saveSuiviNote,
} from '../../db/services/pedagogy/follow-up.ts'
import {
  pupilCourses,
  pupilEnrolments,
  pupilHistory,
  pupilRepertoire,
} from '../../db/services/pedagogy/pupil-tabs.ts'
import { createSchoolYear, setCurrentSchoolYear } from '../../db/services/pedagogy/school-years.ts'
import { parisDay } from '../../db/rules/pedagogy.ts'
import { assertStaffSees } from '../../db/services/staff-scope.ts'
import { freshDatabases } from '../support/db.ts'
import {
  buildWorld,
  countStatements,
  courseInput,
  refusedUnchanged,
  type World,
} from '../support/pedagogy.ts'

// Enrolments and their follow-up on a real SQLite file: what is refused (and changes nothing), the
// roll call of a date, évaluations and the end-of-cycle results of the history, and the reads of
// the pupil's tabs and the course page, in a fixed number of SQL statements.

const freshDb = freshDatabases('portee-enrolments-')
let w: World

beforeEach(async () => {
  w = await buildWorld(freshDb())
})

/** Runs a change that must be refused: the answer, and not one row changed anywhere. */
const refused = (change: () => Promise<unknown>) => refusedUnchanged(w.db, change)
/** The World's day (its clock), on which effectifs are counted. */
const today = () => parisDay(w.clock.now())

const enrol = (input: Partial<EnrolInput> & Pick<EnrolInput, 'courseId'>) =>
  w.run((trx) =>
    enrolPupil(trx, { pupilId: w.pupils.adrien, schoolYearId: w.years.y2025, ...input }, w.actor),
  )

/** ABOLANT Adrien as DESIGN.md has him: cursus diplômant 3C3 with G. BRANTOME, cuivres, trompette. */
async function adrienAsInTheDesign() {
  const formation = await enrol({
    courseId: w.courses.formation,
    cursusId: w.cursus.diplomant,
    cycleId: w.cycles['3C3'],
    startsOn: '01/09/2025',
  })
  const cuivres = await enrol({ courseId: w.courses.cuivres, startsOn: '2025-09-01' })
  const trompette = await enrol({ courseId: w.courses.trompette, startsOn: '2025-09-01' })
  return {
    formation: formation.enrolmentId,
    cuivres: cuivres.enrolmentId,
    trompette: trompette.enrolmentId,
  }
}

describe('enrolling a pupil', () => {
  it('refuses a cycle of another cursus, a cycle without cursus', async () => {
    const other = await refused(() =>
      enrol({
        courseId: w.courses.formation,
        cursusId: w.cursus.diplomant,
        cycleId: w.cycles['Danse Ad'],
      }),
    )
    expect(other).toMatchObject({
      code: 'VALIDATION',
      message: 'Le cycle Danse Ad n’est pas un cycle du cursus « Musique cursus diplômant ».',
      details: {
        cycleId: 'Le cycle Danse Ad n’est pas un cycle du cursus « Musique cursus diplômant ».',
      },
    })
    const alone = await refused(() =>
      enrol({ courseId: w.courses.formation, cycleId: w.cycles['1C1'] }),
    )
    expect(alone.details).toEqual({ cycleId: 'Choisissez d’abord le cursus de ce cycle.' })
  })

  it('refuses a course over capacity, and the same pupil twice', async () => {
    const { enrolmentId } = await enrol({ courseId: w.courses.trompette })
    const twice = await refused(() => enrol({ courseId: w.courses.trompette }))
    const already = { courseId: 'Cet élève est déjà inscrit à ce cours.' }
    expect(twice).toMatchObject({ code: 'CONFLICT', details: already })
    const full = await refused(() =>
      enrol({ pupilId: w.pupils.lea, courseId: w.courses.trompette }),
    )
    const complete = { courseId: 'Ce cours est complet (1 élève au plus).' }
    expect(full).toMatchObject({ code: 'CONFLICT', details: complete })
    // Adrien leaves on 30/11 (today is 15/10): until then he is enrolled and keeps his seat; from
    // 01/12 he may come back, or Léa take it.
    await w.run((trx) => endEnrolment(trx, { enrolmentId, endsOn: '30/11/2025' }, w.actor))
    const before = await refused(() =>
      enrol({ courseId: w.courses.trompette, startsOn: '15/11/2025' }),
    )
    expect(before.details).toEqual(already)
    const stillFull = await refused(() =>
      enrol({ pupilId: w.pupils.lea, courseId: w.courses.trompette }),
    )
    expect(stillFull.details).toEqual(complete)
    await enrol({ pupilId: w.pupils.lea, courseId: w.courses.trompette, startsOn: '01/12/2025' })
  })

  it('refuses a course of another site than the family’s, or of another year than asked', async () => {
    const site = await refused(() => enrol({ courseId: w.courses.classique }))
    expect(site.details).toEqual({
      courseId:
        'Ce cours a lieu au site « Antenne de Sainte-Maxime », la famille est du site « Conservatoire ».',
    })
    const next = await w.run((trx) =>
      createSchoolYear(trx, { startsOn: '2026-09-01', endsOn: '2027-07-04' }, w.actor),
    )
    const year = await refused(() => enrol({ courseId: w.courses.cuivres, schoolYearId: next.id }))
    expect(year.details).toEqual({ courseId: 'Ce cours est de l’année scolaire 2025/2026.' })
  })

  it('refuses a start outside the school year, or that is not a date', async () => {
    const outside = await refused(() =>
      enrol({ courseId: w.courses.cuivres, startsOn: '2026-08-01' }),
    )
    expect(outside.details).toEqual({
      startsOn: 'Cette date n’est pas dans l’année scolaire 2025/2026.',
    })
    const notADate = await refused(() =>
      enrol({ courseId: w.courses.cuivres, startsOn: '32/10/2025' }),
    )
    expect(notADate.details).toEqual({ startsOn: 'Ce n’est pas une date (jj/mm/aaaa).' })
  })

  it('starts today by default, ends on a date, changes cycle; each goes into the family’s journal', async () => {
    const { enrolmentId } = await enrol({
      courseId: w.courses.formation,
      cursusId: w.cursus.diplomant,
      cycleId: w.cycles['3C2'],
    })
    await w.run((trx) =>
      changeEnrolmentCycle(
        trx,
        { enrolmentId, cursusId: w.cursus.diplomant, cycleId: w.cycles['3C3'] },
        w.actor,
      ),
    )
    const early = await refused(() =>
      w.run((trx) => endEnrolment(trx, { enrolmentId, endsOn: '2025-10-01' }, w.actor)),
    )
    expect(early.details).toEqual({ endsOn: 'La fin doit venir après le début.' })
    await w.run((trx) => endEnrolment(trx, { enrolmentId, endsOn: '2025-12-20' }, w.actor))
    expect(
      await w.db('enrolments').where({ id: enrolmentId }).first('starts_on', 'ends_on', 'cycle_id'),
    ).toEqual({
      starts_on: '2025-10-15',
      ends_on: '2025-12-20',
      cycle_id: w.cycles['3C3'],
    })
    const again = await refused(() =>
      w.run((trx) => endEnrolment(trx, { enrolmentId, endsOn: '2025-12-21' }, w.actor)),
    )
    expect(again.details).toEqual({ endsOn: 'Cette inscription est déjà terminée.' })
    const journal = await w
      .db('audit_log')
      .where({ family_id: w.families.abolant })
      .orderBy('id')
      .select('action', 'entity_id', 'actor_id')
    expect(journal).toEqual([
      { action: 'staff.enrolment_created', entity_id: enrolmentId, actor_id: 1 },
      { action: 'staff.enrolment_cycle_changed', entity_id: enrolmentId, actor_id: 1 },
      { action: 'staff.enrolment_ended', entity_id: enrolmentId, actor_id: 1 },
    ])
  })
})

describe('taking back an enrolment made by mistake', () => {
  it('deletes it while it has no follow-up; refuses once an absence is recorded', async () => {
    const first = (await enrol({ courseId: w.courses.cuivres })).enrolmentId
    await w.run((trx) => cancelEnrolment(trx, first, w.actor))
    expect(await w.db('enrolments').where({ id: first }).first()).toBeUndefined()
    const second = (await enrol({ courseId: w.courses.cuivres })).enrolmentId
    await w.run((trx) =>
      recordRollCall(
        trx,
        { courseId: w.courses.cuivres, date: '2025-10-15', absences: [{ enrolmentId: second }] },
        w.actor,
      ),
    )
    const refusal = await refused(() => w.run((trx) => cancelEnrolment(trx, second, w.actor)))
    expect(refusal).toMatchObject({
      code: 'CONFLICT',
      details: {
        enrolmentId:
          'Cette inscription a déjà un suivi, des évaluations ou des absences : terminez-la plutôt.',
      },
    })
    const journal = (await w
      .db('audit_log')
      .where({ family_id: w.families.abolant })
      .orderBy('id')
      .pluck('action')) as string[]
    expect(journal).toEqual([
      'staff.enrolment_created',
      'staff.enrolment_cancelled',
      'staff.enrolment_created',
    ])
  })
})

describe('what a family reads', () => {
  it('its own pupils’ tabs and courses; another family’s ids are not found', async () => {
    const { cuivres } = await adrienAsInTheDesign()
    const abolant = { familyId: w.families.abolant, pupilId: w.pupils.adrien }
    expect((await w.run((trx) => familyPupilCourses(trx, abolant))).map((l) => l.course)).toEqual([
      'Musique cursus diplômant',
      'Ensemble de cuivres',
      'Trompette',
    ])
    const opened = await w.run((trx) =>
      familyEnrolmentFollowUp(trx, { familyId: w.families.abolant, enrolmentId: cuivres }),
    )
    expect(opened.line.teacher).toBe('T. BAMELONG')
    const torrice = { familyId: w.families.torrice, pupilId: w.pupils.adrien }
    const reads: ((trx: Trx, ref: typeof torrice) => Promise<unknown>)[] = [
      familyPupilCourses,
      familyPupilHistory,
      familyPupilRepertoire,
    ]
    for (const read of reads)
      await expect(w.run((trx) => read(trx, torrice))).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: 'Cette fiche est introuvable.',
      })
    await expect(
      w.run((trx) =>
        familyEnrolmentFollowUp(trx, { familyId: w.families.torrice, enrolmentId: cuivres }),
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Ce cours est introuvable.' })
  })
})

describe('what a staff member of one site sees', () => {
  it('a course or an enrolment of another site is not found, the same answer as a missing one', async () => {
    const emilie = (
      await enrol({
        pupilId: w.pupils.emilie,
        courseId: w.courses.classique,
        cursusId: w.cursus.danseHors,
        cycleId: w.cycles['Danse Ad'],
      })
    ).enrolmentId
    const sees = (kind: 'course' | 'enrolment', id: number) =>
      w.run((trx) => assertStaffSees(trx, [1], kind, id))
    await expect(sees('course', w.courses.cuivres)).resolves.toBeUndefined()
    await expect(sees('course', w.courses.classique)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'Ce cours est introuvable.',
    })
    await expect(sees('enrolment', emilie)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'Cette inscription est introuvable.',
    })
    await expect(
      w.run((trx) => assertStaffSees(trx, [2], 'enrolment', emilie)),
    ).resolves.toBeUndefined()
  })

  it('an archived cursus or cycle takes no new enrolment', async () => {
    await w.db('cycles').where({ id: w.cycles['1C1'] }).update({ archived_at: '2025-09-01' })
    const cycle = await refused(() =>
      enrol({
        courseId: w.courses.formation,
        cursusId: w.cursus.diplomant,
        cycleId: w.cycles['1C1'],
      }),
    )
    expect(cycle.details).toEqual({ cycleId: 'Cet élément est archivé.' })
    await w.db('cursus').where({ id: w.cursus.diplomant }).update({ archived_at: '2025-09-01' })
    const cursus = await refused(() =>
      enrol({ courseId: w.courses.formation, cursusId: w.cursus.diplomant }),
    )
    expect(cursus.details).toEqual({ cursusId: 'Cet élément est archivé.' })
  })
})

describe('the roll call', () => {
  it('records the absences of one date for the whole course in one call, and replaces them', async () => {
    const adrien = (await enrol({ courseId: w.courses.cuivres, startsOn: '2025-09-01' }))
      .enrolmentId
    const lea = (
      await enrol({ pupilId: w.pupils.lea, courseId: w.courses.cuivres, startsOn: '2025-09-01' })
    ).enrolmentId
    await w.run((trx) =>
      recordRollCall(
        trx,
        {
          courseId: w.courses.cuivres,
          date: '08/10/2025',
          absences: [
            { enrolmentId: adrien },
            { enrolmentId: lea, justified: true, reason: 'Malade' },
          ],
        },
        w.actor,
      ),
    )
    const page = async () =>
      (await w.run((trx) => rollCall(trx, w.courses.cuivres, '2025-10-08'))).lines.map((l) => [
        l.firstName,
        l.absent,
        l.justified,
        l.reason,
      ])
    expect(await page()).toEqual([
      ['Adrien', true, false, ''],
      ['Léa', true, true, 'Malade'],
    ])
    await w.run((trx) =>
      recordRollCall(
        trx,
        {
          courseId: w.courses.cuivres,
          date: '2025-10-08',
          absences: [{ enrolmentId: lea, justified: false }],
        },
        w.actor,
      ),
    )
    expect(await page()).toEqual([
      ['Adrien', false, false, ''],
      ['Léa', true, false, ''],
    ])
    expect(await w.db('absences').count({ n: '*' }).first()).toEqual({ n: 1 })
  })

  it('refuses a date outside the school year and a pupil not in the course that day', async () => {
    const adrien = (await enrol({ courseId: w.courses.cuivres, startsOn: '2025-10-01' }))
      .enrolmentId
    const trompette = (await enrol({ courseId: w.courses.trompette, startsOn: '2025-09-01' }))
      .enrolmentId
    const outside = await refused(() =>
      w.run((trx) =>
        recordRollCall(
          trx,
          { courseId: w.courses.cuivres, date: '2026-07-10', absences: [{ enrolmentId: adrien }] },
          w.actor,
        ),
      ),
    )
    expect(outside.details).toEqual({
      date: 'Cette date n’est pas dans l’année scolaire 2025/2026.',
    })
    const before = await refused(() =>
      w.run((trx) =>
        recordRollCall(
          trx,
          { courseId: w.courses.cuivres, date: '2025-09-24', absences: [{ enrolmentId: adrien }] },
          w.actor,
        ),
      ),
    )
    expect(before.details).toEqual({
      absences: 'Cet élève n’est pas inscrit à ce cours à cette date.',
    })
    const elsewhere = await refused(() =>
      w.run((trx) =>
        recordRollCall(
          trx,
          {
            courseId: w.courses.cuivres,
            date: '2025-10-08',
            absences: [{ enrolmentId: trompette }],
          },
          w.actor,
        ),
      ),
    )
    expect(elsewhere.details).toEqual({
      absences: 'Cet élève n’est pas inscrit à ce cours à cette date.',
    })
    await expect(
      w.run((trx) => rollCall(trx, w.courses.cuivres, '2024-10-08')),
    ).rejects.toMatchObject({
      details: { date: 'Cette date n’est pas dans l’année scolaire 2025/2026.' },
    })
  })
})

describe('the pupils’ sort key', () => {
  it('sorts a roll call and a course page by name as a French reader expects, kept in step with the names', async () => {
    const names: [string, string][] = [
      ['Zola', 'Émile'],
      ['éluard', 'Paul'],
      ['DUPONT-MARTIN', 'Abel'],
      ['Dupont', 'Léa'],
      ['DUPONT', 'Etienne'],
      ['Œuvray', 'Chloé'],
      ['Oeste', 'Zoé'],
    ]
    const ids = await w
      .db('pupils')
      .insert(
        names.map(([last_name, first_name]) => ({
          family_id: 1,
          last_name,
          first_name,
          created_at: '2025-09-01',
          updated_at: '2025-09-01',
        })),
      )
      .returning<{ id: number }[]>('id')
    await w.db('courses').where({ id: w.courses.cuivres }).update({ capacity: 20 })
    for (const { id } of ids)
      await enrol({ pupilId: id, courseId: w.courses.cuivres, startsOn: '2025-09-01' })
    const expected = [
      'DUPONT Etienne',
      'Dupont Léa',
      'DUPONT-MARTIN Abel',
      'éluard Paul',
      'Oeste Zoé',
      'Œuvray Chloé',
      'Zola Émile',
    ]
    const rollCallNames = async () =>
      (await w.run((trx) => rollCall(trx, w.courses.cuivres, '2025-10-08'))).lines.map(
        (l) => `${l.lastName} ${l.firstName}`,
      )
    expect(await rollCallNames()).toEqual(expected)
    const pageNames = (
      await w.run((trx) => coursePage(trx, w.courses.cuivres, today()))
    ).pupils.map((p) => `${p.lastName} ${p.firstName}`)
    expect(pageNames).toEqual(expected)
    expect(await w.db('pupils').where({ last_name: 'Œuvray' }).first('sort_key')).toEqual({
      sort_key: 'oeuvray\u0001chloe',
    })
    // A name changed (by any service or by hand): the key follows.
    await w.db('pupils').where({ last_name: 'Zola' }).update({ last_name: 'Abadie' })
    expect((await rollCallNames())[0]).toBe('Abadie Émile')
    await w.db('pupils').where({ last_name: 'Abadie' }).update({ first_name: 'Aaron' })
    expect(await w.db('pupils').where({ last_name: 'Abadie' }).first('sort_key')).toEqual({
      sort_key: 'abadie\u0001aaron',
    })
  })
})

describe('évaluations', () => {
  it('want a mark or a mention; an end-of-cycle exam wants its result', async () => {
    const { formation } = await adrienAsInTheDesign()
    const none = await refused(() =>
      w.run((trx) =>
        saveEvaluation(
          trx,
          { enrolmentId: formation, date: '2025-12-01', kind: 'audition' },
          w.actor,
        ),
      ),
    )
    expect(none.details).toEqual({ mark: 'Donnez une note ou une mention.' })
    const bad = await refused(() =>
      w.run((trx) =>
        saveEvaluation(
          trx,
          {
            enrolmentId: formation,
            date: '2025-12-01',
            kind: 'examen_fin_cycle',
            mark: 21,
            mention: 'Génial',
          },
          w.actor,
        ),
      ),
    )
    expect(bad.details).toEqual({
      mark: 'Une note sur 20, de 0 à 20.',
      mention: 'Choisissez une mention de la liste.',
      result: 'Pour un examen de fin de cycle, dites si l’élève est admis.',
    })
    const kind = await refused(() =>
      w.run((trx) =>
        saveEvaluation(
          trx,
          { enrolmentId: formation, date: '2025-12-01', kind: 'oral', mark: 12, result: 'admis' },
          w.actor,
        ),
      ),
    )
    expect(kind.details).toEqual({
      kind: 'Choisissez un type d’évaluation.',
      result: 'Seul un examen de fin de cycle a un résultat.',
    })
  })
})

describe('the pupil’s tabs and the course page', () => {
  it('Cours: the current year’s lines as the seeds show them', async () => {
    await adrienAsInTheDesign()
    const lines = await w.run((trx) => pupilCourses(trx, w.pupils.adrien))
    expect(
      lines.map((l) => [
        l.cursus,
        l.course,
        l.teacher,
        l.cycle,
        l.schedule,
        l.horairesAmenages,
        l.active,
      ]),
    ).toEqual([
      [
        'Musique cursus diplômant',
        'Musique cursus diplômant',
        'G. BRANTOME',
        '3C3',
        'mardi 17:30–19:00',
        false,
        true,
      ],
      ['', 'Ensemble de cuivres', 'T. BAMELONG', '', 'mercredi 14:00–15:00', false, true],
      ['', 'Trompette', '', '', '', false, true],
    ])
    expect(await w.run((trx) => pupilCourses(trx, w.pupils.emilie))).toEqual([])
  })

  it('Historique: the earlier years, with the end-of-cycle result kept at the cycle of that day', async () => {
    const { formation } = await adrienAsInTheDesign()
    await w.run((trx) =>
      saveEvaluation(
        trx,
        {
          enrolmentId: formation,
          date: '20/06/2026',
          kind: 'examen_fin_cycle',
          mark: 16.5,
          mention: 'Très bien',
          jury: 'M. Durand, Mme Petit',
          result: 'admis',
        },
        w.actor,
      ),
    )
    await w.run((trx) =>
      saveSuiviNote(
        trx,
        { enrolmentId: formation, date: '2025-11-04', text: 'Bon travail\nde la sonorité.' },
        w.actor,
      ),
    )
    // The year after becomes current: 2025/2026 is history now.
    const next = await w.run((trx) =>
      createSchoolYear(trx, { startsOn: '2026-09-01', endsOn: '2027-07-04' }, w.actor),
    )
    await w.run((trx) => setCurrentSchoolYear(trx, next.id, w.actor))
    await w.run((trx: Trx) =>
      changeEnrolmentCycle(
        trx,
        { enrolmentId: formation, cursusId: w.cursus.diplomant, cycleId: w.cycles['3C2'] },
        w.actor,
      ),
    )
    expect(await w.run((trx) => pupilCourses(trx, w.pupils.adrien))).toEqual([])
    const cuivres2026 = (
      await w.run((trx) =>
        saveCourse(
          trx,
          {
            ...courseInput(w, {
              disciplineId: w.disciplines.cuivres,
              label: 'Ensemble de cuivres',
            }),
            schoolYearId: next.id,
          },
          w.actor,
        ),
      )
    ).id
    await enrol({ courseId: cuivres2026, schoolYearId: next.id, startsOn: '2026-09-01' })
    expect(
      (await w.run((trx) => pupilCourses(trx, w.pupils.adrien))).map((l) => [
        l.schoolYear,
        l.course,
      ]),
    ).toEqual([['2026/2027', 'Ensemble de cuivres']])
    expect(
      (await w.run((trx) => pupilEnrolments(trx, w.pupils.adrien))).map((l) => l.schoolYear),
    ).toEqual(['2026/2027', '2025/2026', '2025/2026', '2025/2026'])
    const history = await w.run((trx) => pupilHistory(trx, w.pupils.adrien))
    expect(history.lines.map((l) => [l.schoolYear, l.course])).toEqual([
      ['2025/2026', 'Musique cursus diplômant'],
      ['2025/2026', 'Ensemble de cuivres'],
      ['2025/2026', 'Trompette'],
    ])
    expect(history.cycleResults).toEqual([
      {
        evaluationId: expect.any(Number),
        enrolmentId: formation,
        date: '2026-06-20',
        schoolYear: '2025/2026',
        cursus: 'Musique cursus diplômant',
        cycle: '3C3',
        course: 'Musique cursus diplômant',
        result: 'admis',
        mark: 16.5,
        mention: 'Très bien',
        jury: 'M. Durand, Mme Petit',
      },
    ])
    const opened = await w.run((trx) => enrolmentFollowUp(trx, formation))
    expect(opened?.suivi).toEqual([
      {
        id: expect.any(Number),
        date: '2025-11-04',
        text: 'Bon travail\nde la sonorité.',
        author: 'Administrateur',
      },
    ])
    expect(opened?.evaluations.map((e) => [e.kind, e.cycle, e.mark, e.result])).toEqual([
      ['examen_fin_cycle', '3C3', 16.5, 'admis'],
    ])
  })

  it('Répertoire: the works by year, latest first; a course of another year is refused', async () => {
    const older = await w.run((trx) =>
      createSchoolYear(trx, { startsOn: '2024-09-01', endsOn: '2025-07-04' }, w.actor),
    )
    const add = (schoolYearId: number, composer: string, title: string, courseId?: number) =>
      w.run((trx) =>
        saveRepertoireWork(
          trx,
          { pupilId: w.pupils.adrien, schoolYearId, composer, title, courseId },
          w.actor,
        ),
      )
    await add(older.id, 'Arban', 'Carnaval de Venise')
    await add(w.years.y2025, 'Haydn', 'Concerto pour trompette en mi bémol', w.courses.trompette)
    await add(w.years.y2025, 'Arutunian', 'Concerto')
    const wrong = await refused(() => add(older.id, 'Hummel', 'Concerto', w.courses.trompette))
    expect(wrong.details).toEqual({ courseId: 'Ce cours est de l’année scolaire 2025/2026.' })
    const tab = await w.run((trx) => pupilRepertoire(trx, w.pupils.adrien))
    expect(
      tab.map((y) => [
        y.schoolYear,
        y.works.map((x) => `${x.composer} — ${x.title} (${x.course})`),
      ]),
    ).toEqual([
      [
        '2025/2026',
        ['Arutunian — Concerto ()', 'Haydn — Concerto pour trompette en mi bémol (Trompette)'],
      ],
      ['2024/2025', ['Arban — Carnaval de Venise ()']],
    ])
  })

  it('the course page: effectif / capacity and its pupils; the list of a year filters', async () => {
    await adrienAsInTheDesign()
    const lea = (await enrol({ pupilId: w.pupils.lea, courseId: w.courses.cuivres })).enrolmentId
    await w.run((trx) => endEnrolment(trx, { enrolmentId: lea, endsOn: '2025-11-30' }, w.actor))
    // On 15/10, Léa keeps her seat until her last day; from 01/12 she is off the roll; a year
    // over is counted on its last day.
    const effectifOn = async (day: string) =>
      (await w.run((trx) => coursePage(trx, w.courses.cuivres, day))).course.effectif
    expect(today()).toBe('2025-10-15')
    expect(await effectifOn(today())).toBe(2)
    expect(await effectifOn('2025-11-30')).toBe(2)
    expect(await effectifOn('2027-01-15')).toBe(1)
    w.clock.set('2025-12-01T10:00:00.000Z')
    const page = await w.run((trx) => coursePage(trx, w.courses.cuivres, today()))
    expect([page.course.effectif, page.course.capacity, page.course.teacher]).toEqual([
      1,
      3,
      'T. BAMELONG',
    ])
    expect(page.pupils.map((p) => [p.firstName, p.active])).toEqual([
      ['Adrien', true],
      ['Léa', false],
    ])
    const list = await w.run((trx) =>
      listCourses(trx, { schoolYearId: w.years.y2025, today: today(), siteIds: [1] }),
    )
    expect(list.map((c) => [c.label, c.effectif])).toEqual([
      ['Ensemble de cuivres', 1],
      ['Musique cursus diplômant', 1],
      ['Trompette', 1],
    ])
    const byTeacher = await w.run((trx) =>
      listCourses(trx, {
        schoolYearId: w.years.y2025,
        today: today(),
        siteIds: null,
        teacherId: w.teachers.leroy,
      }),
    )
    expect(byTeacher.map((c) => [c.label, c.site])).toEqual([
      ['Classique adulte', 'Antenne de Sainte-Maxime'],
    ])
  })

  it('read in as many SQL statements with 3 courses as with 30', async () => {
    const { formation } = await adrienAsInTheDesign()
    const reads = [
      () => w.run((trx) => pupilCourses(trx, w.pupils.adrien)),
      () => w.run((trx) => pupilHistory(trx, w.pupils.adrien)),
      () => w.run((trx) => pupilRepertoire(trx, w.pupils.adrien)),
      () => w.run((trx) => enrolmentFollowUp(trx, formation)),
      () => w.run((trx) => coursePage(trx, w.courses.formation, today())),
      () => w.run((trx) => rollCall(trx, w.courses.formation, '2025-10-07')),
      () =>
        w.run((trx) =>
          listCourses(trx, { schoolYearId: w.years.y2025, today: today(), siteIds: null }),
        ),
    ]
    const measure = async () => {
      const counts: number[] = []
      for (const read of reads) counts.push(await countStatements(w.db, read))
      return counts
    }
    const few = await measure()
    // 27 more courses for Adrien, each with a work of his répertoire, an absence, an évaluation;
    // 20 more pupils in the formation course.
    for (let i = 0; i < 27; i++) {
      const courseId = (
        await w.run((trx) =>
          saveCourse(
            trx,
            courseInput(w, {
              disciplineId: w.disciplines.fm,
              label: `FM ${i}`,
              weekday: 1 + (i % 7),
              startTime: '10:00',
              durationMinutes: 60,
            }),
            w.actor,
          ),
        )
      ).id
      const { enrolmentId } = await enrol({ courseId, startsOn: '2025-09-01' })
      await w.run((trx) =>
        saveRepertoireWork(
          trx,
          {
            pupilId: w.pupils.adrien,
            schoolYearId: w.years.y2025,
            composer: 'Bach',
            title: `Pièce ${i}`,
            courseId,
          },
          w.actor,
        ),
      )
      await w.run((trx) =>
        saveEvaluation(
          trx,
          { enrolmentId: formation, date: '2025-12-01', kind: 'controle_continu', mark: 12 },
          w.actor,
        ),
      )
      await w.run((trx) =>
        recordRollCall(trx, { courseId, date: '2025-10-06', absences: [{ enrolmentId }] }, w.actor),
      )
    }
    await w.db('courses').where({ id: w.courses.formation }).update({ capacity: 30 })
    for (let i = 0; i < 20; i++) {
      const [pupil] = await w
        .db('pupils')
        .insert({
          family_id: 1,
          last_name: 'ABOLANT',
          first_name: `Enfant ${i}`,
          created_at: 'x',
          updated_at: 'x',
        })
        .returning<{ id: number }[]>('id')
      await enrol({
        pupilId: Number(pupil?.id),
        courseId: w.courses.formation,
        startsOn: '2025-09-01',
      })
    }
    expect((await w.run((trx) => pupilCourses(trx, w.pupils.adrien))).length).toBe(30)
    expect(
      (await w.run((trx) => coursePage(trx, w.courses.formation, today()))).pupils.length,
    ).toBe(21)
    expect(await measure()).toEqual(few)
    // Begin and commit around: the reads themselves are 1, 2, 1, 4, 2 and 1 statements of knex.
    // "Cours" and the roll call run on prepared statements (db/prepared.ts), which knex does not
    // see: pedagogy-statements.test.ts counts them, with the routes.
    expect(few.map((n) => n - 2)).toEqual([0, 2, 1, 4, 2, 0, 1])
  })
})
