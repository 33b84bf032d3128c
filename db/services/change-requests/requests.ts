// The rows of the sas: a request per record (guardian or pupil), a row per field asked for.
import { isoNow, type Clock } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import type { Sql } from '../../prepared.ts'
import type { FieldValue } from '../../rules/record-fields.ts'
import { recordValues, type Target, type TargetType } from '../records.ts'

export interface RequestRow {
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

export interface FieldRow {
  id: number
  request_id: number
  field: string
  base_value: string | null
  new_value: string
  decision: 'pending' | 'accepted' | 'refused' | 'cancelled'
}

/** A stored value (JSON) as the field's value. */
export const parseValue = (json: string | null): FieldValue =>
  json === null ? '' : (JSON.parse(json) as FieldValue)

export interface PendingState {
  /** When the family first asked. */
  since: string
  /** The values waiting for validation, by field. */
  values: Record<string, FieldValue>
}

export async function pendingRequest(trx: Trx, target: Target): Promise<RequestRow | undefined> {
  return trx<RequestRow>('change_requests')
    .where({ target_type: target.type, target_id: target.id, status: 'pending' })
    .first()
}

export async function pendingFields(trx: Trx, requestId: number): Promise<FieldRow[]> {
  return trx<FieldRow>('change_request_fields').where({
    request_id: requestId,
    decision: 'pending',
  })
}

/** The pending values of a record ("Fiche en attente de validation"), or null. */
export async function pendingState(trx: Trx, target: Target): Promise<PendingState | null> {
  const request = await pendingRequest(trx, target)
  if (!request) return null
  const fields = await pendingFields(trx, request.id)
  if (fields.length === 0) return null
  return {
    since: request.created_at,
    values: Object.fromEntries(fields.map((f) => [f.field, parseValue(f.new_value)])),
  }
}

/** The pending fields of records of one type, in one statement (the family's pages). */
const PENDING_OF_TARGETS = `SELECT change_requests.target_id, change_requests.created_at,
    change_request_fields.field, change_request_fields.new_value
  FROM change_requests
  JOIN change_request_fields ON change_request_fields.request_id = change_requests.id
  WHERE change_requests.status = 'pending' AND change_requests.target_type = ?
    AND change_requests.target_id IN (SELECT value FROM json_each(?))
    AND change_request_fields.decision = 'pending'
  ORDER BY change_request_fields.id`

/** The pending values of several records of one type (see pendingState), by record id. */
export function pendingStates(
  sql: Sql,
  type: TargetType,
  ids: number[],
): Map<number, PendingState> {
  const states = new Map<number, PendingState>()
  if (ids.length === 0) return states
  const rows = sql.all<{ target_id: number; created_at: string; field: string; new_value: string }>(
    PENDING_OF_TARGETS,
    type,
    JSON.stringify(ids),
  )
  for (const row of rows) {
    let state = states.get(row.target_id)
    if (!state) states.set(row.target_id, (state = { since: row.created_at, values: {} }))
    state.values[row.field] = parseValue(row.new_value)
  }
  return states
}

/** "DUPONT Léa": the name of the record a request is about. */
export async function targetName(trx: Trx, target: Target): Promise<string> {
  const values = await recordValues(trx, target)
  return `${String(values['lastName'] ?? '')} ${String(values['firstName'] ?? '')}`.trim()
}

/** How a mail names the record: « la fiche de l’élève DUPONT Léa ». */
export function recordName(target: Target, name: string): string {
  return `${target.type === 'pupil' ? 'la fiche de l’élève' : 'la fiche du responsable'} ${name}`
}

/**
 * Closes the pending requests of records that are archived (a pupil, a guardian, a whole family):
 * nothing is left to decide on them. Returns the ids closed, for the audit entry of the archiving.
 */
export async function cancelPendingRequests(
  trx: Trx,
  scope: { familyId: number } | { target: Target },
  staffUserId: number,
  clock: Clock,
): Promise<number[]> {
  const query = trx<RequestRow>('change_requests').where({ status: 'pending' })
  if ('familyId' in scope) query.where({ family_id: scope.familyId })
  else query.where({ target_type: scope.target.type, target_id: scope.target.id })
  const ids = (await query.select('id')).map((r) => r.id)
  if (ids.length === 0) return []
  const now = isoNow(clock)
  await trx('change_request_fields')
    .whereIn('request_id', ids)
    .where({ decision: 'pending' })
    .update({ decision: 'cancelled', decided_at: now })
  await trx('change_requests')
    .whereIn('id', ids)
    .update({ status: 'closed', closed_at: now, closed_by: staffUserId, updated_at: now })
  return ids
}
