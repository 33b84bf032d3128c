import type { Trx } from '../connection.ts'
import { DomainError } from '../errors.ts'
import { acknowledgementMail, decisionMail } from '../mail-templates.ts'
import { nowIso } from '../text.ts'
import { displayValue, type FieldValue } from '../rules/record-fields.ts'
import { recordAudit } from './audit.ts'
import { refreshFamilySearch } from './families.ts'
import { enqueueMail } from './outbox.ts'
import {
  checkValues,
  familyOfTarget,
  fieldDef,
  fieldsOf,
  recordValues,
  writeValues,
  type Target,
  type TargetType,
} from './records.ts'

interface RequestRow {
  id: number
  family_id: number
  target_type: TargetType
  target_id: number
  status: 'pending' | 'closed'
  submitted_by: number | null
  revision: number
  created_at: string
  updated_at: string
}

interface FieldRow {
  id: number
  request_id: number
  field: string
  base_value: string | null
  new_value: string
  decision: 'pending' | 'accepted' | 'refused' | 'cancelled'
}

const parse = (json: string | null): FieldValue =>
  json === null ? '' : (JSON.parse(json) as FieldValue)

export interface PendingState {
  /** When the family first asked. */
  since: string
  /** The values waiting for validation, by field. */
  values: Record<string, FieldValue>
}

async function pendingRequest(trx: Trx, target: Target): Promise<RequestRow | undefined> {
  return trx<RequestRow>('change_requests')
    .where({ target_type: target.type, target_id: target.id, status: 'pending' })
    .first()
}

/** The pending values of a record ("Fiche en attente de validation"), or null. */
export async function pendingState(trx: Trx, target: Target): Promise<PendingState | null> {
  const request = await pendingRequest(trx, target)
  if (!request) return null
  const fields = await trx<FieldRow>('change_request_fields').where({
    request_id: request.id,
    decision: 'pending',
  })
  if (fields.length === 0) return null
  return {
    since: request.created_at,
    values: Object.fromEntries(fields.map((f) => [f.field, parse(f.new_value)])),
  }
}

interface GuardianMailInfo {
  id: number
  email: string
  civility: string
  last_name: string
  first_name: string
  site_name: string
  legal_name: string
  site_id: number
}

async function guardianMailInfo(
  trx: Trx,
  guardianId: number,
): Promise<GuardianMailInfo | undefined> {
  return trx('guardians')
    .join('sites', 'sites.id', 'guardians.site_id')
    .where('guardians.id', guardianId)
    .whereNull('guardians.archived_at')
    .first<GuardianMailInfo | undefined>(
      'guardians.id',
      'guardians.email',
      'guardians.civility',
      'guardians.last_name',
      'guardians.first_name',
      'guardians.site_id',
      'sites.name as site_name',
      'sites.legal_name',
    )
}

async function targetName(trx: Trx, target: Target): Promise<string> {
  const values = await recordValues(trx, target)
  return `${String(values['lastName'] ?? '')} ${String(values['firstName'] ?? '')}`.trim()
}

/**
 * A family asks to change a record of its own: nothing changes in the record; the changed fields
 * wait in the sas. A second change before validation updates the same request; a field set back
 * to the record's value leaves the request (withdrawn). The guardian gets an acknowledgement by
 * mail of what now waits, when something new was asked.
 */
export async function submitChanges(
  trx: Trx,
  input: {
    familyId: number
    guardianId: number
    target: Target
    values: Record<string, unknown>
    clientIp: string
  },
): Promise<PendingState | null> {
  // Another family's record (or one that does not exist) is simply not found.
  if ((await familyOfTarget(trx, input.target)) !== input.familyId) {
    throw new DomainError('NOT_FOUND', 'Cette fiche est introuvable.')
  }
  const values = checkValues(input.target.type, input.values)
  const current = await recordValues(trx, input.target)
  const now = nowIso()
  let request = await pendingRequest(trx, input.target)
  const existing = request
    ? await trx<FieldRow>('change_request_fields').where({
        request_id: request.id,
        decision: 'pending',
      })
    : []
  const changed: string[] = []
  const withdrawn: string[] = []
  for (const [field, value] of Object.entries(values)) {
    const previous = existing.find((f) => f.field === field)
    if (value === current[field]) {
      if (previous) {
        await trx('change_request_fields').where({ id: previous.id }).delete()
        withdrawn.push(field)
      }
      continue
    }
    if (previous && parse(previous.new_value) === value) continue
    if (!request) {
      const [id] = await trx('change_requests')
        .insert({
          family_id: input.familyId,
          target_type: input.target.type,
          target_id: input.target.id,
          status: 'pending',
          submitted_by: input.guardianId,
          created_at: now,
          updated_at: now,
        })
        .returning<{ id: number }[]>('id')
      if (!id) throw new Error('change request insert returned no id')
      request = await trx<RequestRow>('change_requests').where({ id: id.id }).first()
      if (!request) throw new Error('change request vanished')
    }
    if (previous) {
      await trx('change_request_fields')
        .where({ id: previous.id })
        .update({ new_value: JSON.stringify(value) })
    } else {
      // A field already decided in this request (the rest still waiting) is asked for again.
      const row = {
        base_value: JSON.stringify(current[field] ?? ''),
        new_value: JSON.stringify(value),
        decision: 'pending',
        decided_at: null,
      }
      const decided = await trx('change_request_fields')
        .where({ request_id: request.id, field })
        .update(row)
      if (!decided)
        await trx('change_request_fields').insert({ request_id: request.id, field, ...row })
    }
    changed.push(field)
  }
  if (request && (changed.length || withdrawn.length)) {
    const fields = await trx<FieldRow>('change_request_fields').where({ request_id: request.id })
    if (fields.length === 0) {
      // Everything withdrawn, nothing decided: as if never asked.
      await trx('change_requests').where({ id: request.id }).delete()
    } else if (!fields.some((f) => f.decision === 'pending')) {
      // Everything left was decided earlier (and mailed then): the request is done.
      await trx('change_requests')
        .where({ id: request.id })
        .update({
          status: 'closed',
          closed_at: now,
          updated_at: now,
          revision: request.revision + 1,
        })
    } else {
      await trx('change_requests')
        .where({ id: request.id })
        .update({
          updated_at: now,
          submitted_by: input.guardianId,
          revision: request.revision + 1,
        })
    }
  }
  if (changed.length || withdrawn.length) {
    const state = await pendingState(trx, input.target)
    await recordAudit(trx, {
      actorType: 'family',
      actorId: input.guardianId,
      action: 'family.change_requested',
      entityType: input.target.type,
      entityId: input.target.id,
      familyId: input.familyId,
      clientIp: input.clientIp,
      details: {
        fields: changed,
        requested: Object.fromEntries(changed.map((f) => [f, values[f]])),
        ...(withdrawn.length ? { withdrawn } : {}),
      },
    })
    const guardian = changed.length ? await guardianMailInfo(trx, input.guardianId) : undefined
    if (guardian?.email) {
      const lines = Object.entries(state?.values ?? {}).map(([field, value]) => {
        const def = fieldDef(input.target.type, field)
        return def ? `${def.label} : ${displayValue(def, value)}` : ''
      })
      await enqueueMail(trx, {
        kind: 'acknowledgement',
        to: guardian.email,
        siteId: guardian.site_id,
        guardianId: guardian.id,
        mail: acknowledgementMail({
          site: { name: guardian.site_name, legalName: guardian.legal_name },
          guardian: {
            civility: guardian.civility,
            lastName: guardian.last_name,
            firstName: guardian.first_name,
          },
          recordName: recordName(input.target, await targetName(trx, input.target)),
          lines: lines.filter(Boolean),
        }),
      })
    }
    return state
  }
  return pendingState(trx, input.target)
}

export interface PendingRequestSummary {
  id: number
  familyId: number
  familyName: string
  targetType: TargetType
  targetName: string
  createdAt: string
  updatedAt: string
  fields: string[]
}

/** "Demandes en attente": every pending request, oldest first. */
export async function listPendingRequests(trx: Trx): Promise<PendingRequestSummary[]> {
  const requests = await trx('change_requests')
    .join('families', 'families.id', 'change_requests.family_id')
    .where('change_requests.status', 'pending')
    .orderBy([{ column: 'change_requests.created_at' }, { column: 'change_requests.id' }])
    .select<(RequestRow & { family_name: string })[]>(
      'change_requests.*',
      'families.name as family_name',
    )
  const fields = requests.length
    ? await trx<FieldRow>('change_request_fields')
        .whereIn(
          'request_id',
          requests.map((r) => r.id),
        )
        .where({ decision: 'pending' })
    : []
  const result: PendingRequestSummary[] = []
  for (const r of requests) {
    const own = fields.filter((f) => f.request_id === r.id)
    if (own.length === 0) continue
    result.push({
      id: r.id,
      familyId: r.family_id,
      familyName: r.family_name,
      targetType: r.target_type,
      targetName: await targetName(trx, { type: r.target_type, id: r.target_id }),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      fields: own.map((f) => fieldDef(r.target_type, f.field)?.label ?? f.field),
    })
  }
  return result
}

export async function countPendingRequests(trx: Trx): Promise<number> {
  const row = await trx('change_requests')
    .where({ status: 'pending' })
    .whereExists(function () {
      this.select('*')
        .from('change_request_fields')
        .whereRaw('change_request_fields.request_id = change_requests.id')
        .where('decision', 'pending')
    })
    .count<{ n: number }[]>({ n: '*' })
    .first()
  return Number(row?.n ?? 0)
}

export interface RequestRowView {
  field: string
  label: string
  current: FieldValue
  requested: FieldValue
  /** Staff changed this field since the family asked. */
  changedSince: boolean
}

export interface RequestView {
  id: number
  familyId: number
  familyName: string
  targetType: TargetType
  targetId: number
  targetName: string
  createdAt: string
  /** The revision the secretariat sees: a decision names it (see decideRequest). */
  revision: number
  rows: RequestRowView[]
}

/** A request as the secretariat reviews it: Champ, Valeur actuelle, Valeur demandée. */
export async function getRequest(trx: Trx, id: number): Promise<RequestView> {
  const request = await trx('change_requests')
    .join('families', 'families.id', 'change_requests.family_id')
    .where('change_requests.id', id)
    .where('change_requests.status', 'pending')
    .first<(RequestRow & { family_name: string }) | undefined>(
      'change_requests.*',
      'families.name as family_name',
    )
  const gone = () => new DomainError('NOT_FOUND', 'Cette demande est introuvable ou déjà traitée.')
  if (!request) throw gone()
  const target: Target = { type: request.target_type, id: request.target_id }
  // A record archived since (or a record of an archived family) has no request to decide.
  await familyOfTarget(trx, target).catch(() => {
    throw gone()
  })
  const current = await recordValues(trx, target)
  const fields = await trx<FieldRow>('change_request_fields').where({
    request_id: id,
    decision: 'pending',
  })
  const order = fieldsOf(target.type).map((f) => f.key)
  return {
    id: request.id,
    familyId: request.family_id,
    familyName: request.family_name,
    targetType: target.type,
    targetId: target.id,
    targetName: await targetName(trx, target),
    createdAt: request.created_at,
    revision: request.revision,
    rows: fields
      .sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field))
      .map((f) => ({
        field: f.field,
        label: fieldDef(target.type, f.field)?.label ?? f.field,
        current: current[f.field] ?? '',
        requested: parse(f.new_value),
        changedSince: f.base_value !== null && parse(f.base_value) !== current[f.field],
      })),
  }
}

export type Decision = 'accept' | 'refuse'

function recordName(target: Target, name: string): string {
  return `${target.type === 'pupil' ? 'la fiche de l’élève' : 'la fiche du responsable'} ${name}`
}

/**
 * Staff decide, field by field, on the revision of the request they saw (if the family changed it
 * since, nothing is decided: CONFLICT). Accepted values are applied in this one transaction,
 * refused ones dropped; the family gets a mail saying what was accepted or refused this time, with
 * the staff's comment. When no field is left waiting, the request closes.
 */
export async function decideRequest(
  trx: Trx,
  input: {
    id: number
    revision: number
    decisions: Record<string, Decision>
    comment: string
    staffUserId: number
    clientIp: string
  },
): Promise<{ closed: boolean }> {
  const view = await getRequest(trx, input.id)
  if (view.revision !== input.revision) {
    throw new DomainError(
      'CONFLICT',
      'La famille a modifié sa demande pendant que vous la consultiez : rien n’a été enregistré. Vérifiez les valeurs à jour et décidez de nouveau.',
    )
  }
  const target: Target = { type: view.targetType, id: view.targetId }
  const unknown = Object.keys(input.decisions).filter((f) => !view.rows.some((r) => r.field === f))
  if (unknown.length) {
    throw new DomainError(
      'VALIDATION',
      'Ces champs ne font pas partie de la demande.',
      Object.fromEntries(unknown.map((f) => [f, 'Champ inconnu de la demande.'])),
    )
  }
  const request = await trx<RequestRow>('change_requests').where({ id: view.id }).first()
  // Who is told, read before the values change (an accepted e-mail address must not hide the
  // old one).
  const guardian = request?.submitted_by
    ? await guardianMailInfo(trx, request.submitted_by)
    : undefined
  const now = nowIso()
  const comment = input.comment.trim()
  const accepted: Record<string, FieldValue> = {}
  const before: Record<string, FieldValue> = {}
  for (const row of view.rows) {
    const decision = input.decisions[row.field]
    if (!decision) continue
    if (decision === 'accept') {
      accepted[row.field] = row.requested
      before[row.field] = row.current
    }
    await trx('change_request_fields')
      .where({ request_id: view.id, field: row.field })
      .update({ decision: decision === 'accept' ? 'accepted' : 'refused', decided_at: now })
  }
  if (Object.keys(accepted).length) {
    await writeValues(trx, target, accepted)
    if ('lastName' in accepted || 'firstName' in accepted)
      await refreshFamilySearch(trx, view.familyId)
  }
  const left = view.rows.filter((r) => !input.decisions[r.field])
  const closed = left.length === 0
  await trx('change_requests')
    .where({ id: view.id })
    .update({
      updated_at: now,
      revision: view.revision + 1,
      ...(comment ? { staff_comment: comment } : {}),
      ...(closed ? { status: 'closed', closed_at: now, closed_by: input.staffUserId } : {}),
    })
  await recordAudit(trx, {
    actorType: 'staff',
    actorId: input.staffUserId,
    action: 'staff.change_request_decided',
    entityType: target.type,
    entityId: target.id,
    familyId: view.familyId,
    clientIp: input.clientIp,
    details: {
      requestId: view.id,
      accepted: Object.fromEntries(
        Object.keys(accepted).map((f) => [f, { old: before[f], new: accepted[f] }]),
      ),
      refused: view.rows
        .filter((r) => input.decisions[r.field] === 'refuse')
        .map((r) => ({ field: r.field, requested: r.requested })),
      comment,
    },
  })
  if (guardian?.email) {
    const describe = (r: RequestRowView) => {
      const def = fieldDef(target.type, r.field)
      return `${r.label} : ${def ? displayValue(def, r.requested) : String(r.requested)}`
    }
    const mail = decisionMail({
      site: { name: guardian.site_name, legalName: guardian.legal_name },
      guardian: {
        civility: guardian.civility,
        lastName: guardian.last_name,
        firstName: guardian.first_name,
      },
      recordName: recordName(target, view.targetName),
      accepted: view.rows.filter((r) => input.decisions[r.field] === 'accept').map(describe),
      refused: view.rows.filter((r) => input.decisions[r.field] === 'refuse').map(describe),
      waiting: left.map(describe),
      comment,
    })
    const to = new Set([guardian.email])
    // The guardian's own address changed: the new one is told too.
    const newEmail = accepted['email']
    if (target.type === 'guardian' && target.id === guardian.id && typeof newEmail === 'string')
      if (newEmail) to.add(newEmail)
    for (const address of to) {
      await enqueueMail(trx, {
        kind: 'decision',
        to: address,
        siteId: guardian.site_id,
        guardianId: guardian.id,
        mail,
      })
    }
  }
  return { closed }
}

/**
 * Closes the pending requests of records that are archived (a pupil, a guardian, a whole family):
 * nothing is left to decide on them. Returns the ids closed, for the audit entry of the archiving.
 */
export async function cancelPendingRequests(
  trx: Trx,
  scope: { familyId: number } | { target: Target },
  staffUserId: number,
): Promise<number[]> {
  const query = trx<RequestRow>('change_requests').where({ status: 'pending' })
  if ('familyId' in scope) query.where({ family_id: scope.familyId })
  else query.where({ target_type: scope.target.type, target_id: scope.target.id })
  const ids = (await query.select('id')).map((r) => r.id)
  if (ids.length === 0) return []
  const now = nowIso()
  await trx('change_request_fields')
    .whereIn('request_id', ids)
    .where({ decision: 'pending' })
    .update({ decision: 'cancelled', decided_at: now })
  await trx('change_requests')
    .whereIn('id', ids)
    .update({ status: 'closed', closed_at: now, closed_by: staffUserId, updated_at: now })
  return ids
}
