// Departments (Musique, Danse, Théâtre) and their disciplines (Trompette, Formation musicale,
// Classique adulte…). What a course or a teacher refers to is archived, never deleted.
import { isoNow } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import { PEDAGOGY_MESSAGES as M } from '../../rules/pedagogy.ts'
import {
  audit,
  missingChoice,
  deleteOrArchive,
  insertOrUpdate,
  notFound,
  refuse,
  refuseTakenName,
  requiredText,
  restoreRow,
  throwIfErrors,
  type PedagogyActor,
} from './common.ts'

export interface Department {
  id: number
  name: string
  archived: boolean
}

export interface Discipline {
  id: number
  departmentId: number
  department: string
  name: string
  archived: boolean
}

/** Every department, in their order, archived ones included (flagged). */
export async function listDepartments(trx: Trx): Promise<Department[]> {
  const rows = await trx('departments')
    .orderBy([{ column: 'position' }, { column: 'id' }])
    .select<{ id: number; name: string; archived_at: string | null }[]>('id', 'name', 'archived_at')
  return rows.map((r) => ({ id: r.id, name: r.name, archived: r.archived_at !== null }))
}

/** A department that exists and is not archived, or an error for `field`. */
export async function activeDepartment(trx: Trx, id: unknown, field = 'departmentId') {
  const row =
    typeof id === 'number'
      ? await trx('departments')
          .where({ id })
          .first<{ id: number; name: string; archived_at: string | null } | undefined>()
      : undefined
  if (!row) throw refuse('VALIDATION', field, missingChoice(id))
  if (row.archived_at) throw refuse('VALIDATION', field, M.archived)
  return row
}

export async function saveDepartment(
  trx: Trx,
  input: { id?: number; name: unknown },
  actor: PedagogyActor,
): Promise<Department> {
  const errors: Record<string, string> = {}
  const name = requiredText(errors, 'name', input.name, 80)
  throwIfErrors(errors)
  await refuseTakenName(trx, 'departments', name, input.id ?? null)
  const now = isoNow(actor.clock)
  const created: Record<string, unknown> = { created_at: now }
  if (input.id === undefined) {
    const last = await trx('departments').max<{ p: number | null }>('position as p').first()
    created['position'] = Number(last?.p ?? 0) + 1
  }
  const id = await insertOrUpdate(trx, 'departments', {
    id: input.id,
    values: { name, updated_at: now },
    created,
    missing: 'Ce département est introuvable.',
  })
  const action = input.id === undefined ? 'staff.department_created' : 'staff.department_updated'
  await audit(trx, actor, action, { type: 'department', id }, { name })
  const row = await trx('departments')
    .where({ id })
    .first<{ archived_at: string | null }>('archived_at')
  return { id, name, archived: row.archived_at !== null }
}

/** Deletes a department that nothing refers to; archives it otherwise. */
export async function removeDepartment(trx: Trx, id: number, actor: PedagogyActor) {
  const row = await trx('departments').where({ id }).first<{ name: string } | undefined>('name')
  if (!row) throw notFound('Ce département est introuvable.')
  const used =
    (await trx('disciplines').where({ department_id: id }).first('id')) ??
    (await trx('cursus').where({ department_id: id }).first('id'))
  const outcome = await deleteOrArchive(trx, 'departments', id, used !== undefined, actor.clock)
  await audit(
    trx,
    actor,
    `staff.department_${outcome}`,
    { type: 'department', id },
    { name: row.name },
  )
  return outcome
}

/** Every discipline with its department, by department then name. */
export async function listDisciplines(trx: Trx): Promise<Discipline[]> {
  const rows = await trx('disciplines')
    .join('departments', 'departments.id', 'disciplines.department_id')
    .orderBy([
      { column: 'departments.position' },
      { column: 'departments.id' },
      { column: 'disciplines.name' },
    ])
    .select<
      {
        id: number
        department_id: number
        department: string
        name: string
        archived_at: string | null
      }[]
    >(
      'disciplines.id',
      'disciplines.department_id',
      'departments.name as department',
      'disciplines.name',
      'disciplines.archived_at',
    )
  return rows.map((r) => ({
    id: r.id,
    departmentId: r.department_id,
    department: r.department,
    name: r.name,
    archived: r.archived_at !== null,
  }))
}

/** Creates (no id) or changes a discipline. */
export async function saveDiscipline(
  trx: Trx,
  input: { id?: number; departmentId: unknown; name: unknown },
  actor: PedagogyActor,
): Promise<{ id: number }> {
  const errors: Record<string, string> = {}
  const name = requiredText(errors, 'name', input.name, 120)
  throwIfErrors(errors)
  const department = await activeDepartment(trx, input.departmentId)
  await refuseTakenName(trx, 'disciplines', name, input.id ?? null)
  const now = isoNow(actor.clock)
  const values = { department_id: department.id, name, updated_at: now }
  const id = await insertOrUpdate(trx, 'disciplines', {
    id: input.id,
    values,
    created: { created_at: now },
    missing: 'Cette discipline est introuvable.',
  })
  const action = input.id === undefined ? 'staff.discipline_created' : 'staff.discipline_updated'
  await audit(
    trx,
    actor,
    action,
    { type: 'discipline', id },
    {
      name,
      department: department.name,
    },
  )
  return { id }
}

/** Deletes a discipline that no course nor teacher refers to; archives it otherwise. */
export async function removeDiscipline(trx: Trx, id: number, actor: PedagogyActor) {
  const row = await trx('disciplines').where({ id }).first<{ name: string } | undefined>('name')
  if (!row) throw notFound('Cette discipline est introuvable.')
  const used =
    (await trx('courses').where({ discipline_id: id }).first('id')) ??
    (await trx('teacher_disciplines').where({ discipline_id: id }).first('teacher_id'))
  const outcome = await deleteOrArchive(trx, 'disciplines', id, used !== undefined, actor.clock)
  await audit(
    trx,
    actor,
    `staff.discipline_${outcome}`,
    { type: 'discipline', id },
    { name: row.name },
  )
  return outcome
}

export async function restoreDiscipline(trx: Trx, id: number, actor: PedagogyActor) {
  const row = await trx('disciplines').where({ id }).first<{ name: string } | undefined>('name')
  if (!row) throw notFound('Cette discipline est introuvable.')
  await restoreRow(trx, 'disciplines', id, actor.clock)
  await audit(
    trx,
    actor,
    'staff.discipline_restored',
    { type: 'discipline', id },
    { name: row.name },
  )
}

export async function restoreDepartment(trx: Trx, id: number, actor: PedagogyActor) {
  const row = await trx('departments').where({ id }).first<{ name: string } | undefined>('name')
  if (!row) throw notFound('Ce département est introuvable.')
  await restoreRow(trx, 'departments', id, actor.clock)
  await audit(
    trx,
    actor,
    'staff.department_restored',
    { type: 'department', id },
    { name: row.name },
  )
}
