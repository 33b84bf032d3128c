// Cursus ("Musique cursus diplômant", "Danse hors cursus", "Parcours personnalisé") and their
// cycles in order (1C1 … 3C3, or free ones such as "Danse Ad"); a cycle knows the next one.
import { isoNow } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import { PEDAGOGY_MESSAGES as M, nextCycle, type CycleStep } from '../../rules/pedagogy.ts'
import {
  audit,
  missingChoice,
  deleteOrArchive,
  insertOrUpdate,
  notFound,
  optionalId,
  optionalText,
  refuse,
  refuseTakenName,
  requiredText,
  restoreRow,
  throwIfErrors,
  type PedagogyActor,
} from './common.ts'
import { activeDepartment } from './disciplines.ts'

export interface Cycle {
  id: number
  cursusId: number
  code: string
  label: string
  position: number
  /** The cycle that follows (explicit, or the next by position); null after the last. */
  nextCycleId: number | null
  archived: boolean
}

export interface Cursus {
  id: number
  departmentId: number
  name: string
  archived: boolean
  cycles: Cycle[]
}

interface CycleRow {
  id: number
  cursus_id: number
  code: string
  label: string
  position: number
  next_cycle_id: number | null
  archived_at: string | null
}

const step = (r: CycleRow): CycleStep => ({
  id: r.id,
  cursusId: r.cursus_id,
  position: r.position,
  nextCycleId: r.next_cycle_id,
  archived: r.archived_at !== null,
})

/** Every cursus by name with its cycles in order (two statements, however many). */
export async function listCursus(trx: Trx): Promise<Cursus[]> {
  const cursus = await trx('cursus')
    .orderBy('name')
    .select<{ id: number; department_id: number; name: string; archived_at: string | null }[]>()
  const rows = await trx<CycleRow>('cycles').orderBy([
    { column: 'cursus_id' },
    { column: 'position' },
    { column: 'id' },
  ])
  const steps = rows.map(step)
  const cycles = rows.map((r) => ({
    id: r.id,
    cursusId: r.cursus_id,
    code: r.code,
    label: r.label,
    position: r.position,
    nextCycleId: nextCycle(steps, r.id)?.id ?? null,
    archived: r.archived_at !== null,
  }))
  return cursus.map((c) => ({
    id: c.id,
    departmentId: c.department_id,
    name: c.name,
    archived: c.archived_at !== null,
    cycles: cycles.filter((y) => y.cursusId === c.id),
  }))
}

/** The cycle that follows `cycleId` in its cursus, or null after the last one. */
export async function nextCycleOf(trx: Trx, cycleId: number): Promise<Cycle | null> {
  const rows = await trx<CycleRow>('cycles').whereIn(
    'cursus_id',
    trx('cycles').where({ id: cycleId }).select('cursus_id'),
  )
  const next = nextCycle(rows.map(step), cycleId)
  const row = next ? rows.find((r) => r.id === next.id) : undefined
  if (!row) return null
  return {
    id: row.id,
    cursusId: row.cursus_id,
    code: row.code,
    label: row.label,
    position: row.position,
    nextCycleId: nextCycle(rows.map(step), row.id)?.id ?? null,
    archived: row.archived_at !== null,
  }
}

export async function saveCursus(
  trx: Trx,
  input: { id?: number; departmentId: unknown; name: unknown },
  actor: PedagogyActor,
): Promise<{ id: number }> {
  const errors: Record<string, string> = {}
  const name = requiredText(errors, 'name', input.name, 120)
  throwIfErrors(errors)
  const department = await activeDepartment(trx, input.departmentId)
  await refuseTakenName(trx, 'cursus', name, input.id ?? null)
  const now = isoNow(actor.clock)
  const values = { department_id: department.id, name, updated_at: now }
  const id = await insertOrUpdate(trx, 'cursus', {
    id: input.id,
    values,
    created: { created_at: now },
    missing: 'Ce cursus est introuvable.',
  })
  const action = input.id === undefined ? 'staff.cursus_created' : 'staff.cursus_updated'
  await audit(trx, actor, action, { type: 'cursus', id }, { name, department: department.name })
  return { id }
}

/** Does an enrolment or an évaluation name this cursus or one of these cycles? */
async function cyclesUsed(trx: Trx, cycleIds: number[], cursusId?: number): Promise<boolean> {
  const enrolment = await trx('enrolments')
    .whereIn('cycle_id', cycleIds)
    .modify((q) => {
      if (cursusId !== undefined) void q.orWhere('cursus_id', cursusId)
    })
    .first('id')
  const evaluation = await trx('evaluations').whereIn('cycle_id', cycleIds).first('id')
  return enrolment !== undefined || evaluation !== undefined
}

/** Deletes a cursus (with its cycles) that no enrolment names; archives it otherwise. */
export async function removeCursus(trx: Trx, id: number, actor: PedagogyActor) {
  const row = await trx('cursus').where({ id }).first<{ name: string } | undefined>('name')
  if (!row) throw notFound('Ce cursus est introuvable.')
  const cycleIds = (await trx('cycles').where({ cursus_id: id }).pluck('id')) as number[]
  const used = await cyclesUsed(trx, cycleIds, id)
  if (!used) await trx('cycles').where({ cursus_id: id }).delete()
  const outcome = await deleteOrArchive(trx, 'cursus', id, used, actor.clock)
  await audit(trx, actor, `staff.cursus_${outcome}`, { type: 'cursus', id }, { name: row.name })
  return outcome
}

export async function restoreCursus(trx: Trx, id: number, actor: PedagogyActor) {
  const row = await trx('cursus').where({ id }).first<{ name: string } | undefined>('name')
  if (!row) throw notFound('Ce cursus est introuvable.')
  await restoreRow(trx, 'cursus', id, actor.clock)
  await audit(trx, actor, 'staff.cursus_restored', { type: 'cursus', id }, { name: row.name })
}

/**
 * Creates (no id: after the last cycle of the cursus unless a position is given) or changes a
 * cycle (a cycle stays in its cursus: `cursusId` counts on creation only). Its next cycle, when
 * named, is another cycle of the same cursus; none named, the next by position follows.
 */
export async function saveCycle(
  trx: Trx,
  input: {
    id?: number
    cursusId: unknown
    code: unknown
    label?: unknown
    position?: unknown
    nextCycleId?: unknown
  },
  actor: PedagogyActor,
): Promise<{ id: number }> {
  const errors: Record<string, string> = {}
  const code = requiredText(errors, 'code', input.code, 30)
  const label = optionalText(errors, 'label', input.label, 120)
  const nextId = optionalId(errors, 'nextCycleId', input.nextCycleId)
  throwIfErrors(errors)
  const before = input.id
    ? await trx('cycles').where({ id: input.id }).first<CycleRow | undefined>()
    : undefined
  if (input.id && !before) throw notFound('Ce cycle est introuvable.')
  const cursusId = before?.cursus_id ?? input.cursusId
  const cursus =
    typeof cursusId === 'number'
      ? await trx('cursus')
          .where({ id: cursusId })
          .first<{ id: number; name: string } | undefined>()
      : undefined
  if (!cursus) throw refuse('VALIDATION', 'cursusId', missingChoice(cursusId))
  const twin = await trx('cycles')
    .where({ cursus_id: cursus.id })
    .whereRaw('lower(code) = lower(?)', [code])
    .modify((q) => (input.id ? q.whereNot('id', input.id) : q))
    .first('id')
  if (twin) throw refuse('CONFLICT', 'code', M.codeTaken)
  if (nextId !== null) {
    if (nextId === input.id) throw refuse('VALIDATION', 'nextCycleId', M.nextCycleItself)
    const next = await trx('cycles').where({ id: nextId }).first<CycleRow | undefined>()
    if (next?.cursus_id !== cursus.id)
      throw refuse('VALIDATION', 'nextCycleId', M.nextCycleOtherCursus)
  }
  let position = before?.position
  if (typeof input.position === 'number' && Number.isInteger(input.position)) {
    position = input.position
  } else if (position === undefined) {
    const last = await trx('cycles')
      .where({ cursus_id: cursus.id })
      .max<{ p: number | null }>('position as p')
      .first()
    position = Number(last?.p ?? 0) + 1
  }
  const now = isoNow(actor.clock)
  const values = { code, label, position, next_cycle_id: nextId, updated_at: now }
  const id = await insertOrUpdate(trx, 'cycles', {
    id: input.id,
    values,
    created: { cursus_id: cursus.id, created_at: now },
    missing: 'Ce cycle est introuvable.',
  })
  const action = input.id === undefined ? 'staff.cycle_created' : 'staff.cycle_updated'
  await audit(trx, actor, action, { type: 'cycle', id }, { cursus: cursus.name, code, position })
  return { id }
}

/** Deletes a cycle no enrolment nor évaluation names; archives it otherwise. */
export async function removeCycle(trx: Trx, id: number, actor: PedagogyActor) {
  const row = await trx('cycles').where({ id }).first<CycleRow | undefined>()
  if (!row) throw notFound('Ce cycle est introuvable.')
  const outcome = await deleteOrArchive(trx, 'cycles', id, await cyclesUsed(trx, [id]), actor.clock)
  await audit(trx, actor, `staff.cycle_${outcome}`, { type: 'cycle', id }, { code: row.code })
  return outcome
}

export async function restoreCycle(trx: Trx, id: number, actor: PedagogyActor) {
  const row = await trx('cycles').where({ id }).first<CycleRow | undefined>()
  if (!row) throw notFound('Ce cycle est introuvable.')
  await restoreRow(trx, 'cycles', id, actor.clock)
  await audit(trx, actor, 'staff.cycle_restored', { type: 'cycle', id }, { code: row.code })
}
