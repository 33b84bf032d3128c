// The secretariat's view of the sas: the list of pending requests and one request to decide.
import type { Trx } from '../../connection.ts'
import { DomainError } from '../../errors.ts'
import type { ListPage, ListQuery, RequestSort } from '../../rules/lists.ts'
import type { FieldValue } from '../../rules/record-fields.ts'
import { searchWords } from '../../rules/text.ts'
import { escapeLike } from '../../text.ts'
import { allRows, countRows, inChunks, listPage, onSites, type ListSpec } from '../lists.ts'
import { sqlOf } from '../../prepared.ts'
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
  siteName: string
  targetType: TargetType
  targetName: string
  createdAt: string
  updatedAt: string
  fields: string[]
}

/** A request with at least one field still to decide. */
const HAS_PENDING_FIELD = `EXISTS (SELECT 1 FROM change_request_fields f
  WHERE f.request_id = change_requests.id AND f.decision = 'pending')`

const SPEC: ListSpec<RequestSort> = {
  sorts: {
    createdAt: 'change_requests.created_at',
    familyName: 'families.sort_key',
    target: `french_key(CASE change_requests.target_type
      WHEN 'pupil' THEN (SELECT p.last_name || ' ' || p.first_name FROM pupils p WHERE p.id = change_requests.target_id)
      ELSE (SELECT g.last_name || ' ' || g.first_name FROM guardians g WHERE g.id = change_requests.target_id) END)`,
    fields: `(SELECT count(*) FROM change_request_fields f
      WHERE f.request_id = change_requests.id AND f.decision = 'pending')`,
    siteName: 'sites.sort_key',
  },
  defaultSort: 'createdAt',
  tiebreak: 'change_requests.id',
}

export interface RequestFilter {
  /** Words searched in the names and identifiants of the family. */
  query?: string | undefined
  siteId?: number | undefined
  /** The sites the staff member works for (`null`: every site). */
  siteIds: readonly number[] | null
}

function pendingRequests(trx: Trx, filter: RequestFilter) {
  const query = trx('change_requests')
    .join('families', 'families.id', 'change_requests.family_id')
    .join('sites', 'sites.id', 'families.site_id')
    .where('change_requests.status', 'pending')
    .whereRaw(HAS_PENDING_FIELD)
    .select<(RequestRow & { family_name: string; site_name: string })[]>(
      'change_requests.*',
      'families.name as family_name',
      'sites.name as site_name',
    )
  for (const word of searchWords(filter.query))
    query.whereRaw(`families.search_text LIKE ? ESCAPE '\\'`, [`%${escapeLike(word)}%`])
  if (filter.siteId !== undefined) query.where('families.site_id', filter.siteId)
  return onSites(query, 'families.site_id', filter.siteIds)
}

async function summaries(
  trx: Trx,
  requests: (RequestRow & { family_name: string; site_name: string })[],
): Promise<PendingRequestSummary[]> {
  const fields = await inChunks(
    requests.map((r) => r.id),
    (ids) =>
      trx<FieldRow>('change_request_fields')
        .whereIn('request_id', ids)
        .where({ decision: 'pending' })
        .orderBy('id'),
  )
  const result: PendingRequestSummary[] = []
  for (const r of requests) {
    result.push({
      id: r.id,
      familyId: r.family_id,
      familyName: r.family_name,
      siteName: r.site_name,
      targetType: r.target_type,
      targetName: await targetName(trx, { type: r.target_type, id: r.target_id }),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      fields: fields
        .filter((f) => f.request_id === r.id)
        .map((f) => fieldDef(r.target_type, f.field)?.label ?? f.field),
    })
  }
  return result
}

/** "Demandes en attente": a page of the pending requests, the oldest first by default. */
export async function listPendingRequests(
  trx: Trx,
  query: RequestFilter & ListQuery<RequestSort>,
): Promise<ListPage<PendingRequestSummary>> {
  const { rows, ...page } = listPage<
    RequestRow & { family_name: string; site_name: string },
    RequestSort
  >(await sqlOf(trx), pendingRequests(trx, query), SPEC, query)
  return { items: await summaries(trx, rows), ...page }
}

/** Every pending request of the filters, in the order asked (the export). */
export async function allPendingRequests(
  trx: Trx,
  query: RequestFilter & Pick<ListQuery<RequestSort>, 'sort' | 'order'>,
): Promise<PendingRequestSummary[]> {
  return summaries(trx, await allRows(pendingRequests(trx, query), SPEC, query))
}

/** How many requests wait, on the sites the staff member works for (`null`: every site). */
export async function countPendingRequests(
  trx: Trx,
  siteIds: readonly number[] | null = null,
): Promise<number> {
  return countRows(await sqlOf(trx), pendingRequests(trx, { siteIds }))
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
