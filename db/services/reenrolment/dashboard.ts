// The live dashboard of a campaign, over the pupils it concerns (the pupils not archived of the
// families not archived of its site): how many have not answered yet (no request, or a draft),
// sent, validated, refused, in all and per department (those of their courses in the year before
// the campaign's; "Sans cours" for none). A few grouped statements, whatever the number of pupils.
import type { Knex } from 'knex'
import type { Trx } from '../../connection.ts'
import {
  dashboardStatus,
  type DashboardStatus,
  type RequestStatus,
} from '../../rules/reenrolment.ts'
import { previousYearId, type Campaign } from './common.ts'

export type StatusCounts = Record<DashboardStatus, number> & { total: number }

export interface DepartmentCounts {
  /** null: the pupils without a course in the year before. */
  departmentId: number | null
  name: string
  counts: StatusCounts
}

export interface Dashboard {
  counts: StatusCounts
  departments: DepartmentCounts[]
  /** The families with at least one pupil who has not answered yet (a reminder's families). */
  familiesNotAnswered: number
}

export const NO_COURSE = 'Sans cours'

export function emptyCounts(): StatusCounts {
  return { total: 0, non_commencee: 0, envoyee: 0, validee: 0, refusee: 0 }
}

function add(counts: StatusCounts, status: RequestStatus | null, n: number): void {
  counts[dashboardStatus(status)] += n
  counts.total += n
}

/** The pupils a campaign concerns: `p` pupils, `f` families, `r` their request (or null). */
export function concernedPupils(trx: Trx, campaign: Pick<Campaign, 'id' | 'siteId'>) {
  return trx('pupils as p')
    .join('families as f', 'f.id', 'p.family_id')
    .leftJoin('reenrolment_requests as r', (j) => {
      j.on('r.pupil_id', '=', 'p.id').andOn('r.campaign_id', '=', trx.raw('?', [campaign.id]))
    })
    .where('f.site_id', campaign.siteId)
    .whereNull('f.archived_at')
    .whereNull('p.archived_at')
}

/** Keeps the pupils of one dashboard state. */
export function withStatus(query: Knex.QueryBuilder, status: DashboardStatus): void {
  if (status === 'non_commencee')
    void query.where((q) => q.whereNull('r.id').orWhere('r.status', 'brouillon'))
  else void query.where('r.status', status)
}

/** The counts of several campaigns at once (the list of campaigns): two statements. */
export async function countsOfCampaigns(
  trx: Trx,
  campaigns: readonly Pick<Campaign, 'id' | 'siteId'>[],
): Promise<Map<number, StatusCounts>> {
  const out = new Map(campaigns.map((c) => [c.id, emptyCounts()]))
  if (!campaigns.length) return out
  const sites = await trx('pupils as p')
    .join('families as f', 'f.id', 'p.family_id')
    .whereIn('f.site_id', [...new Set(campaigns.map((c) => c.siteId))])
    .whereNull('f.archived_at')
    .whereNull('p.archived_at')
    .groupBy('f.site_id')
    .select<{ site_id: number; n: number }[]>('f.site_id', trx.raw('count(*) as n'))
  const bySite = new Map(sites.map((s) => [s.site_id, s.n]))
  const answered = await trx('reenrolment_requests as r')
    .join('reenrolment_campaigns as c', 'c.id', 'r.campaign_id')
    .join('pupils as p', 'p.id', 'r.pupil_id')
    .join('families as f', 'f.id', 'p.family_id')
    .whereIn(
      'r.campaign_id',
      campaigns.map((c) => c.id),
    )
    .whereRaw('f.site_id = c.site_id')
    .whereNull('f.archived_at')
    .whereNull('p.archived_at')
    .whereNot('r.status', 'brouillon')
    .groupBy('r.campaign_id', 'r.status')
    .select<{ campaign_id: number; status: RequestStatus; n: number }[]>(
      'r.campaign_id',
      'r.status',
      trx.raw('count(*) as n'),
    )
  for (const c of campaigns) {
    const counts = out.get(c.id) ?? emptyCounts()
    const mine = answered.filter((a) => a.campaign_id === c.id)
    const done = mine.reduce((sum, a) => sum + a.n, 0)
    add(counts, null, (bySite.get(c.siteId) ?? 0) - done)
    for (const a of mine) add(counts, a.status, a.n)
  }
  return out
}

/**
 * The dashboard of a campaign, in one pass over its pupils: each pupil's state and the departments
 * of their courses of the year before, grouped by both; then the families still to answer.
 */
export async function campaignDashboard(trx: Trx, campaign: Campaign): Promise<Dashboard> {
  const yearId = await previousYearId(trx, campaign.schoolYearId)
  const departmentsOf = trx.raw(
    `(SELECT group_concat(DISTINCT d.department_id) FROM enrolments e
       JOIN courses c ON c.id = e.course_id JOIN disciplines d ON d.id = c.discipline_id
      WHERE e.pupil_id = p.id AND c.school_year_id = ?) AS deps`,
    [yearId ?? -1],
  )
  const groups = await concernedPupils(trx, campaign)
    .groupBy('r.status', 'deps')
    .select<{ status: RequestStatus | null; deps: string | null; n: number }[]>(
      'r.status',
      departmentsOf,
      trx.raw('count(*) as n'),
    )
  const names = new Map(
    (await trx('departments').select<{ id: number; name: string }[]>('id', 'name')).map((d) => [
      d.id,
      d.name,
    ]),
  )
  const counts = emptyCounts()
  const departments = new Map<number | null, DepartmentCounts>()
  const entry = (id: number | null): DepartmentCounts => {
    const found = departments.get(id)
    if (found) return found
    const made = {
      departmentId: id,
      name: id === null ? NO_COURSE : (names.get(id) ?? ''),
      counts: emptyCounts(),
    }
    departments.set(id, made)
    return made
  }
  for (const g of groups) {
    add(counts, g.status, g.n)
    const ids = g.deps ? [...new Set(g.deps.split(',').map(Number))] : [null]
    for (const id of ids) add(entry(id).counts, g.status, g.n)
  }
  const families = await concernedPupils(trx, campaign)
    .modify((q) => withStatus(q, 'non_commencee'))
    .first<{ n: number }>(trx.raw('count(DISTINCT f.id) as n'))
  const byName = (a: DepartmentCounts, b: DepartmentCounts) =>
    a.departmentId === null ? 1 : b.departmentId === null ? -1 : a.name.localeCompare(b.name, 'fr')
  return {
    counts,
    departments: [...departments.values()].sort(byName),
    familiesNotAnswered: families?.n ?? 0,
  }
}
