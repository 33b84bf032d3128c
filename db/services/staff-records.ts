// The secretariat edits and creates records directly: no sas, the same checks, everything audited.
import { isoNow, type Clock } from '../clock.ts'
import type { Trx } from '../connection.ts'
import { DomainError } from '../errors.ts'
import type { FieldValue } from '../rules/record-fields.ts'
import { recordAudit } from './audit.ts'
import { refreshFamilySearch } from './families.ts'
import type { SiteScope } from './staff-scope.ts'
import { requireOpenSite } from './sites.ts'
import { checkSchoolChoice } from './schools.ts'
import {
  checkValues,
  columns,
  familyOfTarget,
  fieldsOf,
  followGuardianAddress,
  recordValues,
  TABLE,
  writeValues,
  type Target,
  type TargetType,
} from './records.ts'

export interface Actor {
  staffUserId: number
  clientIp: string
  clock: Clock
}

function requiredMissing(type: TargetType, values: Record<string, FieldValue>, all: boolean) {
  return fieldsOf(type).filter(
    (f) => f.required && (all || f.key in values) && (values[f.key] ?? '') === '',
  )
}

/** Checked values with no required field left empty (`all`: every required field present). */
function valuesWithRequired(
  type: TargetType,
  input: Record<string, unknown>,
  all: boolean,
): Record<string, FieldValue> {
  const values = checkValues(type, input)
  const missing = requiredMissing(type, values, all)
  if (missing.length) {
    throw new DomainError(
      'VALIDATION',
      all ? 'Certains champs obligatoires manquent.' : 'Certains champs sont à corriger.',
      Object.fromEntries(missing.map((f) => [f.key, `${f.label} : ce champ est obligatoire.`])),
    )
  }
  return values
}

/** Staff edit a record directly (no sas), with the same checks; old and new values go to the audit log. */
export async function updateRecord(
  trx: Trx,
  input: { target: Target; values: Record<string, unknown> } & Actor,
): Promise<void> {
  const familyId = await familyOfTarget(trx, input.target)
  const values = valuesWithRequired(input.target.type, input.values, false)
  await checkSchoolChoice(trx, input.target.type, values)
  const current = await recordValues(trx, input.target)
  const changed = Object.keys(values).filter((k) => values[k] !== current[k])
  if (changed.length === 0) return
  const changes = Object.fromEntries(changed.map((k) => [k, values[k] ?? '']))
  await writeValues(trx, input.target, changes, input.clock)
  await refreshFamilySearch(trx, familyId, input.clock)
  await recordAudit(trx, {
    clock: input.clock,
    actorType: 'staff',
    actorId: input.staffUserId,
    action: `staff.${input.target.type}_updated`,
    entityType: input.target.type,
    entityId: input.target.id,
    familyId,
    clientIp: input.clientIp,
    details: {
      changes: Object.fromEntries(changed.map((k) => [k, { old: current[k], new: values[k] }])),
    },
  })
}

/** Inserts a checked record of a family; returns its id. */
async function insertRecord(
  trx: Trx,
  type: TargetType,
  row: Record<string, unknown>,
  values: Record<string, FieldValue>,
  clock: Clock,
): Promise<number> {
  const now = isoNow(clock)
  const [inserted] = await trx(TABLE[type])
    .insert({ ...row, ...columns(type, values), created_at: now, updated_at: now })
    .returning<{ id: number }[]>('id')
  if (!inserted) throw new Error(`${type} insert returned no id`)
  return inserted.id
}

/** A new family, with its first guardian (rank 1), on a site of the staff member. */
export async function createFamily(
  trx: Trx,
  input: { siteId: number; guardian: Record<string, unknown>; siteIds: SiteScope } & Actor,
): Promise<{ familyId: number; guardianId: number }> {
  await requireOpenSite(trx, 'staff')
  const site = await trx('sites')
    .where({ id: input.siteId, active: true })
    .first<{ id: number } | undefined>('id')
  // A staff member creates families only on the sites they work for.
  if (!site || (input.siteIds !== null && !input.siteIds.includes(site.id)))
    throw new DomainError('VALIDATION', 'Choisissez un site.', { siteId: 'Ce site n’existe pas.' })
  const values = valuesWithRequired('guardian', input.guardian, true)
  const now = isoNow(input.clock)
  const [family] = await trx('families')
    .insert({
      site_id: input.siteId,
      name: String(values['lastName']),
      created_at: now,
      updated_at: now,
    })
    .returning<{ id: number }[]>('id')
  if (!family) throw new Error('family insert returned no id')
  const row = { family_id: family.id, site_id: input.siteId, rank: 1 }
  const guardianId = await insertRecord(trx, 'guardian', row, values, input.clock)
  await refreshFamilySearch(trx, family.id, input.clock)
  await recordAudit(trx, {
    clock: input.clock,
    actorType: 'staff',
    actorId: input.staffUserId,
    action: 'staff.family_created',
    entityType: 'family',
    entityId: family.id,
    familyId: family.id,
    clientIp: input.clientIp,
    details: { guardian: values },
  })
  return { familyId: family.id, guardianId }
}

/** The columns a new guardian or pupil takes from its family: a guardian its site and rank. */
async function familyColumns(
  trx: Trx,
  type: TargetType,
  familyId: number,
): Promise<Record<string, unknown>> {
  const family = await trx('families')
    .where({ id: familyId })
    .whereNull('archived_at')
    .first<{ site_id: number } | undefined>('site_id')
  if (!family) throw new DomainError('NOT_FOUND', 'Cette famille est introuvable.')
  if (type === 'pupil') return { family_id: familyId }
  const ranks = (
    await trx('guardians')
      .where({ family_id: familyId })
      .whereNull('archived_at')
      .select<{ rank: number }[]>('rank')
  ).map((g) => g.rank)
  if (ranks.includes(1) && ranks.includes(2)) {
    throw new DomainError('CONFLICT', 'Cette famille a déjà deux responsables.')
  }
  return { family_id: familyId, site_id: family.site_id, rank: ranks.includes(1) ? 2 : 1 }
}

/** A new pupil of a family, or its second guardian (rank 2). */
export async function addToFamily(
  trx: Trx,
  input: { type: TargetType; familyId: number; values: Record<string, unknown> } & Actor,
): Promise<{ id: number }> {
  const row = await familyColumns(trx, input.type, input.familyId)
  const values = valuesWithRequired(input.type, input.values, true)
  await checkSchoolChoice(trx, input.type, values)
  const id = await insertRecord(trx, input.type, row, values, input.clock)
  await followGuardianAddress(trx, input.familyId, input.clock)
  await refreshFamilySearch(trx, input.familyId, input.clock)
  await recordAudit(trx, {
    clock: input.clock,
    actorType: 'staff',
    actorId: input.staffUserId,
    action: `staff.${input.type}_created`,
    entityType: input.type,
    entityId: id,
    familyId: input.familyId,
    clientIp: input.clientIp,
    details: { values },
  })
  return { id }
}
