// Teachers: civilité, nom, prénom, e-mail, phone, their disciplines; active until archived; tied
// (optionally) to a staff account with the role Enseignant, for the teacher access to come.
import { isoNow } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import { formatPhone } from '../../rules/formats.ts'
import { CIVILITIES, PEDAGOGY_MESSAGES as M, parisDay } from '../../rules/pedagogy.ts'
import {
  audit,
  deleteOrArchive,
  insertOrUpdate,
  notFound,
  optionalId,
  optionalText,
  refuse,
  requiredText,
  restoreRow,
  throwIfErrors,
  type PedagogyActor,
} from './common.ts'

export interface Teacher {
  id: number
  civility: string
  lastName: string
  firstName: string
  email: string
  phone: string
  staffUserId: number | null
  active: boolean
  disciplineIds: number[]
}

export interface TeacherInput {
  id?: number
  civility?: unknown
  lastName: unknown
  firstName?: unknown
  email?: unknown
  phone?: unknown
  staffUserId?: unknown
  disciplineIds?: unknown
}

interface TeacherRow {
  id: number
  civility: string
  last_name: string
  first_name: string
  email: string
  phone: string
  staff_user_id: number | null
  archived_at: string | null
}

/** Every teacher by name, with their disciplines (two statements, however many). */
export async function listTeachers(trx: Trx): Promise<Teacher[]> {
  const rows = await trx<TeacherRow>('teachers').orderBy([
    { column: 'last_name' },
    { column: 'first_name' },
    { column: 'id' },
  ])
  const links = await trx('teacher_disciplines')
    .orderBy('discipline_id')
    .select<{ teacher_id: number; discipline_id: number }[]>('teacher_id', 'discipline_id')
  return rows.map((r) => ({
    id: r.id,
    civility: r.civility,
    lastName: r.last_name,
    firstName: r.first_name,
    email: r.email,
    phone: r.phone,
    staffUserId: r.staff_user_id,
    active: r.archived_at === null,
    disciplineIds: links.filter((l) => l.teacher_id === r.id).map((l) => l.discipline_id),
  }))
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

async function checkedTeacher(trx: Trx, input: TeacherInput) {
  const errors: Record<string, string> = {}
  const civility = optionalText(errors, 'civility', input.civility, 20)
  if (civility && !(CIVILITIES as readonly string[]).includes(civility))
    errors['civility'] = 'Choisissez Monsieur ou Madame.'
  const lastName = requiredText(errors, 'lastName', input.lastName, 80)
  const firstName = optionalText(errors, 'firstName', input.firstName, 80)
  const email = optionalText(errors, 'email', input.email, 200)
  if (email && !EMAIL.test(email)) errors['email'] = M.email
  const rawPhone = optionalText(errors, 'phone', input.phone, 30)
  const phone = rawPhone ? formatPhone(rawPhone) : ''
  if (phone === null) errors['phone'] = M.phone
  const staffUserId = optionalId(errors, 'staffUserId', input.staffUserId)
  const ids = input.disciplineIds ?? []
  const disciplineIds = Array.isArray(ids)
    ? [...new Set(ids.filter((d): d is number => Number.isInteger(d)))]
    : []
  if (!Array.isArray(ids) || disciplineIds.length !== ids.length)
    errors['disciplineIds'] = 'Choisissez des disciplines de la liste.'
  throwIfErrors(errors)
  if (staffUserId !== null) {
    const account = await trx('staff_users')
      .where({ id: staffUserId })
      .first<{ role: string } | undefined>('role')
    if (account?.role !== 'enseignant') throw refuse('VALIDATION', 'staffUserId', M.staffNotTeacher)
    const taken = await trx('teachers')
      .where({ staff_user_id: staffUserId })
      .modify((q) => (input.id ? q.whereNot('id', input.id) : q))
      .first('id')
    if (taken) throw refuse('CONFLICT', 'staffUserId', M.staffTaken)
  }
  const known = disciplineIds.length
    ? ((await trx('disciplines').whereIn('id', disciplineIds).pluck('id')) as number[])
    : []
  if (known.length !== disciplineIds.length)
    throw refuse('VALIDATION', 'disciplineIds', 'Choisissez des disciplines de la liste.')
  return {
    row: {
      civility,
      last_name: lastName,
      first_name: firstName,
      email,
      phone: phone ?? '',
      staff_user_id: staffUserId,
    },
    disciplineIds,
  }
}

/** Creates (no id) or changes a teacher and their disciplines. */
export async function saveTeacher(
  trx: Trx,
  input: TeacherInput,
  actor: PedagogyActor,
): Promise<{ id: number }> {
  const { row, disciplineIds } = await checkedTeacher(trx, input)
  const now = isoNow(actor.clock)
  const id = await insertOrUpdate(trx, 'teachers', {
    id: input.id,
    values: { ...row, updated_at: now },
    created: { created_at: now },
    missing: 'Cet enseignant est introuvable.',
  })
  await trx('teacher_disciplines').where({ teacher_id: id }).delete()
  if (disciplineIds.length) {
    await trx('teacher_disciplines').insert(
      disciplineIds.map((discipline_id) => ({ teacher_id: id, discipline_id })),
    )
  }
  const action = input.id === undefined ? 'staff.teacher_created' : 'staff.teacher_updated'
  await audit(trx, actor, action, { type: 'teacher', id }, { ...row, disciplineIds })
  return { id }
}

/** The courses of a teacher that are not archived, in a school year not over yet. */
async function activeCourseCount(trx: Trx, teacherId: number, today: string): Promise<number> {
  const [row] = await trx('courses')
    .join('school_years', 'school_years.id', 'courses.school_year_id')
    .where('courses.teacher_id', teacherId)
    .whereNull('courses.archived_at')
    .where('school_years.ends_on', '>=', today)
    .count<{ n: number }[]>({ n: '*' })
  return Number(row?.n ?? 0)
}

/**
 * Takes a teacher out of the lists: refused while they have courses this year or the next
 * (CONFLICT); deleted if no course ever named them, archived otherwise (the history keeps them).
 */
export async function removeTeacher(
  trx: Trx,
  id: number,
  actor: PedagogyActor,
): Promise<'deleted' | 'archived'> {
  const teacher = await trx<TeacherRow>('teachers').where({ id }).first()
  if (!teacher) throw notFound('Cet enseignant est introuvable.')
  const active = await activeCourseCount(trx, id, parisDay(actor.clock.now()))
  if (active > 0) throw refuse('CONFLICT', 'teacherId', M.teacherHasCourses(active))
  const used = await trx('courses').where({ teacher_id: id }).first('id')
  if (!used) await trx('teacher_disciplines').where({ teacher_id: id }).delete()
  const outcome = await deleteOrArchive(trx, 'teachers', id, used !== undefined, actor.clock)
  await audit(
    trx,
    actor,
    `staff.teacher_${outcome}`,
    { type: 'teacher', id },
    {
      lastName: teacher.last_name,
      firstName: teacher.first_name,
    },
  )
  return outcome
}

export async function restoreTeacher(trx: Trx, id: number, actor: PedagogyActor): Promise<void> {
  const teacher = await trx<TeacherRow>('teachers').where({ id }).first()
  if (!teacher) throw notFound('Cet enseignant est introuvable.')
  await restoreRow(trx, 'teachers', id, actor.clock)
  await audit(
    trx,
    actor,
    'staff.teacher_restored',
    { type: 'teacher', id },
    {
      lastName: teacher.last_name,
    },
  )
}

/** A staff account with the role Enseignant, as the teacher form offers it. */
export interface TeacherAccount {
  id: number
  login: string
  displayName: string
  active: boolean
}

/**
 * The staff accounts with the role Enseignant (the choices of « Compte Enseignant lié »), active
 * ones first, then by name: the secretariat links a teacher without reading the other accounts.
 */
export async function listTeacherAccounts(trx: Trx): Promise<TeacherAccount[]> {
  const rows = await trx('staff_users')
    .where({ role: 'enseignant' })
    .orderBy([{ column: 'active', order: 'desc' }, { column: 'display_name' }, { column: 'id' }])
    .select<{ id: number; login: string; display_name: string; active: number | boolean }[]>(
      'id',
      'login',
      'display_name',
      'active',
    )
  return rows.map((r) => ({
    id: r.id,
    login: r.login,
    displayName: r.display_name,
    active: Boolean(r.active),
  }))
}
