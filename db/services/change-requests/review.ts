// The secretariat's view of the sas: the list of pending requests and one request to decide.
import type { Trx } from '../../connection.ts'
import { DomainError } from '../../errors.ts'
import { onSitesOf, type SiteScope } from '../staff-scope.ts'
import type { FieldValue } from '../../rules/record-fields.ts'
import {
  familyOfTarget,
  fieldDef,
  fieldsOf,
  recordValues,
  type Target,
  type TargetType,
} from '../records.ts'
import {
  parseValue,
  pendingFields,
  targetName,
  type FieldRow,
  type RequestRow,
} from './requests.ts'

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

/** "Demandes en attente": every pending request of the staff member's sites, oldest first. */
export async function listPendingRequests(
  trx: Trx,
  siteIds: SiteScope,
): Promise<PendingRequestSummary[]> {
  const query = trx('change_requests')
    .join('families', 'families.id', 'change_requests.family_id')
    .where('change_requests.status', 'pending')
  onSitesOf(query, siteIds)
  const requests = await query
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

export async function countPendingRequests(trx: Trx, siteIds: SiteScope): Promise<number> {
  const query = trx('change_requests').where({ status: 'pending' })
  if (siteIds !== null) {
    void query.whereIn('family_id', trx('families').whereIn('site_id', siteIds).select('id'))
  }
  const row = await query
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
  const fields = await pendingFields(trx, id)
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
        requested: parseValue(f.new_value),
        changedSince: f.base_value !== null && parseValue(f.base_value) !== current[f.field],
      })),
  }
}
