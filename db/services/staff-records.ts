import type { Trx } from '../connection.ts'
import { DomainError } from '../errors.ts'
import { nowIso } from '../text.ts'
import type { FieldValue } from '../rules/record-fields.ts'
import { recordAudit } from './audit.ts'
import { cancelPendingRequests } from './change-requests.ts'
import { refreshFamilySearch } from './families.ts'
import {
  checkValues,
  columnOf,
  familyOfTarget,
  fieldsOf,
  recordValues,
  writeValues,
  type Target,
  type TargetType,
} from './records.ts'

interface Actor {
  staffUserId: number
  clientIp: string
}

/** Every required field present and valid: for records that staff create. */
function completeValues(
  type: TargetType,
  input: Record<string, unknown>,
): Record<string, FieldValue> {
  const values = checkValues(type, input)
  const missing = fieldsOf(type).filter(
    (f) => f.required && (values[f.key] === undefined || values[f.key] === ''),
  )
  if (missing.length) {
    throw new DomainError(
      'VALIDATION',
      'Certains champs obligatoires manquent.',
      Object.fromEntries(missing.map((f) => [f.key, `${f.label} : ce champ est obligatoire.`])),
    )
  }
  return values
}

function columns(type: TargetType, values: Record<string, FieldValue>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => {
      const def = fieldsOf(type).find((f) => f.key === key)
      return [columnOf(key), def?.kind === 'date' && value === '' ? null : value]
    }),
  )
}

/** Staff edit a record directly (no sas), with the same checks; old and new values go to the audit log. */
export async function updateRecord(
  trx: Trx,
  input: { target: Target; values: Record<string, unknown> } & Actor,
): Promise<void> {
  const familyId = await familyOfTarget(trx, input.target)
  const values = checkValues(input.target.type, input.values)
  const current = await recordValues(trx, input.target)
  const changed = Object.keys(values).filter((k) => values[k] !== current[k])
  for (const def of fieldsOf(input.target.type)) {
    if (def.required && def.key in values && values[def.key] === '') {
      throw new DomainError('VALIDATION', 'Certains champs sont à corriger.', {
        [def.key]: `${def.label} : ce champ est obligatoire.`,
      })
    }
  }
  if (changed.length === 0) return
  await writeValues(trx, input.target, Object.fromEntries(changed.map((k) => [k, values[k] ?? ''])))
  await refreshFamilySearch(trx, familyId)
  await recordAudit(trx, {
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

/** A new family, with its first guardian (rank 1). */
export async function createFamily(
  trx: Trx,
  input: { siteId: number; guardian: Record<string, unknown> } & Actor,
): Promise<{ familyId: number; guardianId: number }> {
  const site = await trx('sites')
    .where({ id: input.siteId, active: true })
    .first<{ id: number } | undefined>('id')
  if (!site)
    throw new DomainError('VALIDATION', 'Choisissez un site.', { siteId: 'Ce site n’existe pas.' })
  const values = completeValues('guardian', input.guardian)
  const now = nowIso()
  const [family] = await trx('families')
    .insert({
      site_id: input.siteId,
      name: String(values['lastName']),
      created_at: now,
      updated_at: now,
    })
    .returning<{ id: number }[]>('id')
  if (!family) throw new Error('family insert returned no id')
  const [guardian] = await trx('guardians')
    .insert({
      family_id: family.id,
      site_id: input.siteId,
      rank: 1,
      ...columns('guardian', values),
      created_at: now,
      updated_at: now,
    })
    .returning<{ id: number }[]>('id')
  if (!guardian) throw new Error('guardian insert returned no id')
  await refreshFamilySearch(trx, family.id)
  await recordAudit(trx, {
    actorType: 'staff',
    actorId: input.staffUserId,
    action: 'staff.family_created',
    entityType: 'family',
    entityId: family.id,
    familyId: family.id,
    clientIp: input.clientIp,
    details: { guardian: values },
  })
  return { familyId: family.id, guardianId: guardian.id }
}

/** The second guardian of a family (rank 2). */
export async function addGuardian(
  trx: Trx,
  input: { familyId: number; values: Record<string, unknown> } & Actor,
): Promise<{ guardianId: number }> {
  const family = await trx('families')
    .where({ id: input.familyId })
    .whereNull('archived_at')
    .first<{ site_id: number } | undefined>('site_id')
  if (!family) throw new DomainError('NOT_FOUND', 'Cette famille est introuvable.')
  const ranks = (
    await trx('guardians')
      .where({ family_id: input.familyId })
      .whereNull('archived_at')
      .select<{ rank: number }[]>('rank')
  ).map((g) => g.rank)
  if (ranks.includes(1) && ranks.includes(2)) {
    throw new DomainError('CONFLICT', 'Cette famille a déjà deux responsables.')
  }
  const values = completeValues('guardian', input.values)
  const now = nowIso()
  const [guardian] = await trx('guardians')
    .insert({
      family_id: input.familyId,
      site_id: family.site_id,
      rank: ranks.includes(1) ? 2 : 1,
      ...columns('guardian', values),
      created_at: now,
      updated_at: now,
    })
    .returning<{ id: number }[]>('id')
  if (!guardian) throw new Error('guardian insert returned no id')
  await refreshFamilySearch(trx, input.familyId)
  await recordAudit(trx, {
    actorType: 'staff',
    actorId: input.staffUserId,
    action: 'staff.guardian_created',
    entityType: 'guardian',
    entityId: guardian.id,
    familyId: input.familyId,
    clientIp: input.clientIp,
    details: { values },
  })
  return { guardianId: guardian.id }
}

export async function addPupil(
  trx: Trx,
  input: { familyId: number; values: Record<string, unknown> } & Actor,
): Promise<{ pupilId: number }> {
  const family = await trx('families')
    .where({ id: input.familyId })
    .whereNull('archived_at')
    .first<{ id: number } | undefined>('id')
  if (!family) throw new DomainError('NOT_FOUND', 'Cette famille est introuvable.')
  const values = completeValues('pupil', input.values)
  const now = nowIso()
  const [pupil] = await trx('pupils')
    .insert({
      family_id: input.familyId,
      ...columns('pupil', values),
      created_at: now,
      updated_at: now,
    })
    .returning<{ id: number }[]>('id')
  if (!pupil) throw new Error('pupil insert returned no id')
  await refreshFamilySearch(trx, input.familyId)
  await recordAudit(trx, {
    actorType: 'staff',
    actorId: input.staffUserId,
    action: 'staff.pupil_created',
    entityType: 'pupil',
    entityId: pupil.id,
    familyId: input.familyId,
    clientIp: input.clientIp,
    details: { values },
  })
  return { pupilId: pupil.id }
}

/**
 * Archives a family (out of lists and searches; its guardians can no longer log in), a pupil, or
 * one of two guardians (the other one becomes responsable 1; the archived one can no longer log in).
 */
export async function archive(
  trx: Trx,
  input: { type: 'family' | 'pupil' | 'guardian'; id: number } & Actor,
): Promise<void> {
  const now = nowIso()
  if (input.type === 'guardian') {
    const familyId = await familyOfTarget(trx, { type: 'guardian', id: input.id })
    const active = await trx('guardians')
      .where({ family_id: familyId })
      .whereNull('archived_at')
      .orderBy('rank')
      .select<{ id: number; rank: number }[]>('id', 'rank')
    if (active.length < 2) {
      throw new DomainError(
        'CONFLICT',
        'Une famille garde au moins un responsable : archivez plutôt la famille.',
      )
    }
    // The archived guardian frees its rank (unique per family); the other one becomes rank 1.
    await trx('guardians')
      .where({ id: input.id })
      .update({ archived_at: now, rank: -input.id, access_enabled: false, updated_at: now })
    await trx('guardians')
      .where({ family_id: familyId })
      .whereNull('archived_at')
      .update({ rank: 1 })
    await trx('sessions')
      .where({ guardian_id: input.id })
      .whereNull('ended_at')
      .update({ ended_at: now })
    await refreshFamilySearch(trx, familyId)
    const closedRequests = await cancelPendingRequests(
      trx,
      { target: { type: 'guardian', id: input.id } },
      input.staffUserId,
    )
    await recordAudit(trx, {
      actorType: 'staff',
      actorId: input.staffUserId,
      action: 'staff.guardian_archived',
      entityType: 'guardian',
      entityId: input.id,
      familyId,
      clientIp: input.clientIp,
      ...(closedRequests.length ? { details: { closedRequests } } : {}),
    })
    return
  }
  if (input.type === 'family') {
    const done = await trx('families')
      .where({ id: input.id })
      .whereNull('archived_at')
      .update({ archived_at: now, updated_at: now })
    if (!done) throw new DomainError('NOT_FOUND', 'Cette famille est introuvable ou déjà archivée.')
    const guardians = await trx('guardians')
      .where({ family_id: input.id })
      .select<{ id: number }[]>('id')
    await trx('sessions')
      .whereIn(
        'guardian_id',
        guardians.map((g) => g.id),
      )
      .whereNull('ended_at')
      .update({ ended_at: now })
    const closedRequests = await cancelPendingRequests(
      trx,
      { familyId: input.id },
      input.staffUserId,
    )
    await recordAudit(trx, {
      actorType: 'staff',
      actorId: input.staffUserId,
      action: 'staff.family_archived',
      entityType: 'family',
      entityId: input.id,
      familyId: input.id,
      clientIp: input.clientIp,
      ...(closedRequests.length ? { details: { closedRequests } } : {}),
    })
    return
  }
  const familyId = await familyOfTarget(trx, { type: 'pupil', id: input.id })
  await trx('pupils').where({ id: input.id }).update({ archived_at: now, updated_at: now })
  await refreshFamilySearch(trx, familyId)
  const closedRequests = await cancelPendingRequests(
    trx,
    { target: { type: 'pupil', id: input.id } },
    input.staffUserId,
  )
  await recordAudit(trx, {
    actorType: 'staff',
    actorId: input.staffUserId,
    action: 'staff.pupil_archived',
    entityType: 'pupil',
    entityId: input.id,
    familyId,
    clientIp: input.clientIp,
    ...(closedRequests.length ? { details: { closedRequests } } : {}),
  })
}

export interface AuditEntryView {
  at: string
  actorType: string
  actor: string
  action: string
  entityType: string | null
  entityId: number | null
  details: Record<string, unknown>
}

/** The family's audit log, newest first: who, when, what (old and new values). */
export async function familyAudit(trx: Trx, familyId: number): Promise<AuditEntryView[]> {
  const rows = await trx('audit_log')
    .leftJoin('staff_users', function () {
      this.on('staff_users.id', '=', 'audit_log.actor_id').andOn(
        'audit_log.actor_type',
        '=',
        trx.raw('?', ['staff']),
      )
    })
    .leftJoin('guardians', function () {
      this.on('guardians.id', '=', 'audit_log.actor_id').andOn(
        'audit_log.actor_type',
        '=',
        trx.raw('?', ['family']),
      )
    })
    .where('audit_log.family_id', familyId)
    .orderBy('audit_log.id', 'desc')
    .limit(200)
    .select<
      {
        at: string
        actor_type: string
        action: string
        entity_type: string | null
        entity_id: number | null
        details: string
        staff_name: string | null
        guardian_last: string | null
        guardian_first: string | null
      }[]
    >(
      'audit_log.at',
      'audit_log.actor_type',
      'audit_log.action',
      'audit_log.entity_type',
      'audit_log.entity_id',
      'audit_log.details',
      'staff_users.display_name as staff_name',
      'guardians.last_name as guardian_last',
      'guardians.first_name as guardian_first',
    )
  return rows.map((r) => ({
    at: r.at,
    actorType: r.actor_type,
    actor:
      r.staff_name ??
      (r.guardian_last ? `${r.guardian_last} ${r.guardian_first ?? ''}`.trim() : 'Système'),
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    details: JSON.parse(r.details) as Record<string, unknown>,
  }))
}
