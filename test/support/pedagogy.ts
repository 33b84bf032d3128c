// A small conservatoire for the pedagogy tests, built through the services on a real SQLite file:
// two sites, the families of DESIGN.md's ABOLANT (site 1) and TORRICE (site 2), a Musique and a
// Danse cursus with their cycles, three teachers, the school year 2025/2026 (current) and the
// courses of ABOLANT Adrien.
import { clearDemoBilling } from './billing.ts'
import { expect } from 'vitest'
import type { Clock } from '../../db/clock.ts'
import { migrateLatest, type Db, type Trx } from '../../db/connection.ts'
import type { PedagogyActor } from '../../db/services/pedagogy/common.ts'
import { saveCourse, type CourseInput } from '../../db/services/pedagogy/courses.ts'
import { saveCursus, saveCycle } from '../../db/services/pedagogy/cursus.ts'
import { saveDiscipline } from '../../db/services/pedagogy/disciplines.ts'
import { createSchoolYear, setCurrentSchoolYear } from '../../db/services/pedagogy/school-years.ts'
import { saveTeacher } from '../../db/services/pedagogy/teachers.ts'

/** A clock that stays where the test puts it. */
export class FixedClock implements Clock {
  constructor(private at: string) {}
  now(): Date {
    return new Date(this.at)
  }
  set(at: string): void {
    this.at = at
  }
}

export interface World {
  db: Db
  clock: FixedClock
  actor: PedagogyActor
  run: <T>(fn: (trx: Trx) => Promise<T>) => Promise<T>
  sites: { conservatoire: number; antenne: number }
  pupils: { adrien: number; emilie: number; lea: number }
  families: { abolant: number; torrice: number }
  departments: { musique: number; danse: number }
  disciplines: { trompette: number; cuivres: number; fm: number; classique: number }
  cursus: { diplomant: number; danseHors: number }
  /** The cycles of "Musique cursus diplômant" by code, and "Danse Ad". */
  cycles: Record<string, number>
  teachers: { brantome: number; bamelong: number; leroy: number }
  years: { y2025: number }
  courses: { formation: number; cuivres: number; trompette: number; classique: number }
}

const T = '2025-08-01T08:00:00.000Z'

export const MUSIC_CYCLES = ['1C1', '1C2', '1C3', '1C4', '2C1', '2C2', '2C3', '3C1', '3C2', '3C3']

/** The courses' fields that tests rarely change. */
export function courseInput(
  w: Pick<World, 'years' | 'sites'>,
  fields: Partial<CourseInput> & Pick<CourseInput, 'disciplineId' | 'label'>,
): CourseInput {
  return {
    schoolYearId: w.years.y2025,
    siteId: w.sites.conservatoire,
    kind: 'collectif',
    capacity: 12,
    ...fields,
  }
}

export async function buildWorld(db: Db): Promise<World> {
  await migrateLatest(db)
  const clock = new FixedClock('2025-10-15T10:00:00.000Z')
  await db('sites').insert([
    { id: 1, name: 'Conservatoire', position: 1 },
    { id: 2, name: 'Antenne de Sainte-Maxime', position: 2 },
  ])
  await db('staff_users').insert([
    {
      id: 1,
      login: 'admin',
      display_name: 'Administrateur',
      role: 'admin',
      created_at: T,
      updated_at: T,
    },
    {
      id: 2,
      login: 'gbrantome',
      display_name: 'G. Brantome',
      role: 'enseignant',
      created_at: T,
      updated_at: T,
    },
    {
      id: 3,
      login: 'secretariat',
      display_name: 'Secrétariat',
      role: 'secretariat',
      created_at: T,
      updated_at: T,
    },
  ])
  await db('families').insert([
    { id: 1, site_id: 1, name: 'ABOLANT', created_at: T, updated_at: T },
    { id: 2, site_id: 2, name: 'TORRICE', created_at: T, updated_at: T },
  ])
  await db('pupils').insert([
    {
      id: 1,
      family_id: 1,
      last_name: 'ABOLANT',
      first_name: 'Adrien',
      created_at: T,
      updated_at: T,
    },
    {
      id: 2,
      family_id: 2,
      last_name: 'TORRICE',
      first_name: 'Emilie',
      created_at: T,
      updated_at: T,
    },
    { id: 3, family_id: 1, last_name: 'ABOLANT', first_name: 'Léa', created_at: T, updated_at: T },
  ])
  const actor: PedagogyActor = { staffUserId: 1, clientIp: '127.0.0.1', clock }
  const run = <R>(fn: (trx: Trx) => Promise<R>) => db.transaction(fn)
  const dept = async (name: string) =>
    ((await db('departments').where({ name }).first('id')) as { id: number }).id
  const departments = { musique: await dept('Musique'), danse: await dept('Danse') }

  return run(async (trx) => {
    const discipline = async (departmentId: number, name: string) =>
      (await saveDiscipline(trx, { departmentId, name }, actor)).id
    const disciplines = {
      trompette: await discipline(departments.musique, 'Trompette'),
      cuivres: await discipline(departments.musique, 'Ensemble de cuivres'),
      fm: await discipline(departments.musique, 'Formation musicale'),
      classique: await discipline(departments.danse, 'Classique adulte'),
    }
    const cursus = {
      diplomant: (
        await saveCursus(
          trx,
          { departmentId: departments.musique, name: 'Musique cursus diplômant' },
          actor,
        )
      ).id,
      danseHors: (
        await saveCursus(trx, { departmentId: departments.danse, name: 'Danse hors cursus' }, actor)
      ).id,
    }
    const cycles: Record<string, number> = {}
    for (const code of MUSIC_CYCLES)
      cycles[code] = (await saveCycle(trx, { cursusId: cursus.diplomant, code }, actor)).id
    cycles['Danse Ad'] = (
      await saveCycle(trx, { cursusId: cursus.danseHors, code: 'Danse Ad' }, actor)
    ).id
    const teacher = async (civility: string, firstName: string, lastName: string, ids: number[]) =>
      (await saveTeacher(trx, { civility, firstName, lastName, disciplineIds: ids }, actor)).id
    const teachers = {
      brantome: await teacher('Monsieur', 'Gilles', 'BRANTOME', [
        disciplines.fm,
        disciplines.trompette,
      ]),
      bamelong: await teacher('Madame', 'Thérèse', 'BAMELONG', [disciplines.cuivres]),
      leroy: await teacher('Madame', 'Anne', 'LEROY', [disciplines.classique]),
    }
    const y2025 = (
      await createSchoolYear(trx, { startsOn: '2025-09-01', endsOn: '2026-07-04' }, actor)
    ).id
    await setCurrentSchoolYear(trx, y2025, actor)
    const w = { years: { y2025 }, sites: { conservatoire: 1, antenne: 2 } }
    const course = async (fields: Parameters<typeof courseInput>[1]) =>
      (await saveCourse(trx, courseInput(w, fields), actor)).id
    const courses = {
      formation: await course({
        disciplineId: disciplines.fm,
        teacherId: teachers.brantome,
        label: 'Musique cursus diplômant',
        weekday: 2,
        startTime: '17h30',
        durationMinutes: 90,
        room: 'Salle 4',
      }),
      cuivres: await course({
        disciplineId: disciplines.cuivres,
        teacherId: teachers.bamelong,
        label: 'Ensemble de cuivres',
        weekday: 3,
        startTime: '14:00',
        durationMinutes: 60,
        capacity: 3,
      }),
      trompette: await course({
        disciplineId: disciplines.trompette,
        label: 'Trompette',
        kind: 'individuel',
        capacity: 1,
      }),
      classique: await course({
        disciplineId: disciplines.classique,
        teacherId: teachers.leroy,
        siteId: 2,
        label: 'Classique adulte',
        weekday: 1,
        startTime: '19:00',
        durationMinutes: 75,
        horairesAmenages: false,
      }),
    }
    return {
      db,
      clock,
      actor,
      run,
      sites: w.sites,
      pupils: { adrien: 1, emilie: 2, lea: 3 },
      families: { abolant: 1, torrice: 2 },
      departments,
      disciplines,
      cursus,
      cycles,
      teachers,
      years: w.years,
      courses,
    }
  })
}

const PEDAGOGY_TABLES = [
  'school_years',
  'departments',
  'disciplines',
  'cursus',
  'cycles',
  'teachers',
  'teacher_disciplines',
  'courses',
  'enrolments',
  'suivi_notes',
  'evaluations',
  'absences',
  'repertoire_works',
  'audit_log',
]

/** Every row of the pedagogy tables and the audit log: what a refused change must leave as it was. */
export async function snapshot(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {}
  for (const table of PEDAGOGY_TABLES) out[table] = await db(table).select()
  return out
}

/** Counts the SQL statements that `fn` runs. */
export async function countStatements(db: Db, fn: () => Promise<unknown>): Promise<number> {
  let n = 0
  const listener = () => {
    n += 1
  }
  db.on('query', listener)
  try {
    await fn()
  } finally {
    db.off('query', listener)
  }
  return n
}

/**
 * Takes the demo's pedagogy away (db/demo/pedagogy.ts), for a test that builds its own from
 * nothing: every row of the pedagogy tables and the school years but the current one.
 */
export async function clearDemoPedagogy(db: Db): Promise<void> {
  await db.transaction(async (trx) => {
    // The demo's billing (db/demo/billing.ts) bills the enrolments: it goes first.
    await clearDemoBilling(trx)
    for (const table of [
      // The demo's réinscription (db/demo/reenrolment.ts) stands on the pedagogy: it goes first.
      'reenrolment_documents',
      'reenrolment_lines',
      'reenrolment_requests',
      'campaign_pieces',
      'reenrolment_campaigns',
      'repertoire_works',
      'absences',
      'evaluations',
      'suivi_notes',
      'enrolments',
      'courses',
      'teacher_disciplines',
      'teachers',
      'cycles',
      'cursus',
      'disciplines',
    ])
      await trx(table).del()
    await trx('school_years').where({ is_current: false }).del()
  })
}

/** Runs a change that must be refused: its error, once checked that not one row changed anywhere. */
export async function refusedUnchanged(
  db: Db,
  change: () => Promise<unknown>,
): Promise<{ code: string; message: string; details: Record<string, string> }> {
  const before = await snapshot(db)
  const error = await change().then(
    () => {
      throw new Error('the change was accepted')
    },
    (e: unknown) => e,
  )
  expect(await snapshot(db)).toEqual(before)
  return error as { code: string; message: string; details: Record<string, string> }
}
