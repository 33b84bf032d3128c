// Writes a checked import: every family, guardian and pupil of the file, their search text and
// sort key (as refreshFamilySearch writes them), an entry of each family's journal. In the caller's
// transaction, by batches: all of it or nothing.
import { isoNow, type Clock } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import { recordAudit } from '../audit.ts'
import { familySearchColumns } from '../families.ts'
import { columns, fieldsOf, type TargetType } from '../records.ts'
import type { PlannedFamily, Values } from './plan.ts'

/** Families written per batch: between two, the caller is told how far the import is. */
export const BATCH = 500

export interface ImportedFamily {
  id: number
  number: string
  name: string
  siteId: number
  lines: number[]
  guardians: { id: number; lastName: string; firstName: string; line: number }[]
  pupils: { id: number; lastName: string; firstName: string; line: number }[]
}

export interface ImportActor {
  staffUserId: number
  clientIp: string
  clock: Clock
}

async function nextId(trx: Trx, table: string): Promise<number> {
  const row = await trx(table).max<{ max: number | null }[]>({ max: 'id' }).first()
  return Number(row?.max ?? 0) + 1
}

const text = (v: Values, key: string) => String(v[key] ?? '')

/**
 * Every column of the record, those the file does not give at their empty value: the rows of a
 * batch insert all name the same columns (a missing one would be written NULL).
 */
function allColumns(type: TargetType, values: Values): Record<string, unknown> {
  const full = fieldsOf(type).map((f) => [
    f.key,
    values[f.key] ?? (f.kind === 'boolean' ? false : ''),
  ])
  return columns(type, Object.fromEntries(full) as Values)
}

/** An adult pupil who is the family's guardian: their contact comes from the guardian's record. */
function pupilValues(values: Values, guardian: Values | undefined, self: boolean): Values {
  const hasAddress = ['address', 'postalCode', 'city'].some((k) => text(values, k) !== '')
  const merged: Values = { ...values }
  if (!hasAddress && guardian) {
    merged['useGuardianAddress'] = true
    for (const k of ['address', 'postalCode', 'city']) merged[k] = guardian[k] ?? ''
  }
  if (self && guardian) {
    for (const k of ['phoneHome', 'phoneWork', 'phoneMobile', 'email'])
      if (text(merged, k) === '') merged[k] = guardian[k] ?? ''
  }
  return merged
}

interface Rows {
  families: Record<string, unknown>[]
  guardians: Record<string, unknown>[]
  pupils: Record<string, unknown>[]
  imported: ImportedFamily[]
}

const person = (id: number, line: number, v: Values) => ({
  id,
  line,
  lastName: text(v, 'lastName'),
  firstName: text(v, 'firstName'),
})

/** The rows of a batch of families, with the ids they will have. */
function rowsOf(
  batch: PlannedFamily[],
  ids: { family: number; guardian: number; pupil: number },
  now: string,
): Rows {
  const rows: Rows = { families: [], guardians: [], pupils: [], imported: [] }
  const stamp = { created_at: now, updated_at: now }
  for (const family of batch) {
    const familyId = ids.family++
    const site = { family_id: familyId, site_id: family.siteId }
    const guardians = family.guardians.map((g) => person(ids.guardian++, g.line, g.values))
    guardians.forEach((g, i) => {
      const values = allColumns('guardian', family.guardians[i]?.values ?? {})
      rows.guardians.push({ id: g.id, ...site, rank: i + 1, ...values, login: null, ...stamp })
    })
    const pupils = family.pupils.map((p) => {
      const self = p.guardianRank ? guardians[p.guardianRank - 1] : undefined
      const values = pupilValues(p.values, family.guardians[0]?.values, self !== undefined)
      const pupil = person(ids.pupil++, p.line, values)
      const link = { family_id: familyId, guardian_id: self?.id ?? null }
      rows.pupils.push({ id: pupil.id, ...link, ...allColumns('pupil', values), ...stamp })
      return pupil
    })
    const named = (p: { lastName: string; firstName: string }) => ({
      last_name: p.lastName,
      first_name: p.firstName,
    })
    const search = familySearchColumns(
      guardians.map((g) => ({ ...named(g), login: null })),
      pupils.map(named),
    )
    rows.families.push({ id: familyId, site_id: family.siteId, ...search, ...stamp })
    const { number, siteId, lines } = family
    rows.imported.push({
      id: familyId,
      number,
      name: search.name,
      siteId,
      lines,
      guardians,
      pupils,
    })
  }
  return rows
}

/** Inserts the rows of one batch: families, then guardians, then pupils, then the journal. */
async function insertBatch(trx: Trx, rows: Rows, fileName: string, actor: ImportActor) {
  await trx.batchInsert('families', rows.families, 200)
  await trx.batchInsert('guardians', rows.guardians, 150)
  await trx.batchInsert('pupils', rows.pupils, 150)
  const at = isoNow(actor.clock)
  const audit = rows.imported.map((f) => ({
    at,
    actor_type: 'staff',
    actor_id: actor.staffUserId,
    action: 'staff.family_imported',
    entity_type: 'family',
    entity_id: f.id,
    family_id: f.id,
    client_ip: actor.clientIp,
    details: JSON.stringify({ file: fileName, lines: f.lines }),
  }))
  await trx.batchInsert('audit_log', audit, 300)
}

/**
 * Writes every family of a checked file (planImport found no problem). `progress` is awaited
 * after each batch with the number of families written so far.
 */
export async function writeImport(
  trx: Trx,
  input: {
    families: PlannedFamily[]
    fileName: string
    progress?: (done: number, total: number) => Promise<void>
  } & ImportActor,
): Promise<ImportedFamily[]> {
  const ids = {
    family: await nextId(trx, 'families'),
    guardian: await nextId(trx, 'guardians'),
    pupil: await nextId(trx, 'pupils'),
  }
  const now = isoNow(input.clock)
  const imported: ImportedFamily[] = []
  const total = input.families.length
  for (let start = 0; start < total; start += BATCH) {
    const rows = rowsOf(input.families.slice(start, start + BATCH), ids, now)
    await insertBatch(trx, rows, input.fileName, input)
    imported.push(...rows.imported)
    await input.progress?.(Math.min(total, start + BATCH), total)
  }
  await recordAudit(trx, {
    clock: input.clock,
    actorType: 'staff',
    actorId: input.staffUserId,
    action: 'staff.families_imported',
    clientIp: input.clientIp,
    details: { file: input.fileName, families: total },
  })
  return imported
}
