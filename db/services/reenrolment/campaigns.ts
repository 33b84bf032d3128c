// The réinscription campaigns as staff prepare and run them: per site, into a school year after
// the current one, open from a day and time until another, with the text families read and the
// pièces à fournir. Quick actions open now, extend, close now. A staff member sees and changes the
// campaigns of their own sites only (another site's is "introuvable"). Everything is audited.
import { isoNow } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import { DomainError } from '../../errors.ts'
import { CAMPAIGN_MESSAGES as C, parisDateTimeLabel, parisInstant } from '../../rules/campaigns.ts'
import {
  dateRefusal,
  PEDAGOGY_MESSAGES as M,
  parseDay,
  parseTime,
  timeRefusal,
} from '../../rules/pedagogy.ts'
import { REENROLMENT_MESSAGES as R, type CampaignPhase } from '../../rules/reenrolment.ts'
import { audit, fieldError, notFound, refuse, type PedagogyActor } from '../pedagogy/common.ts'
import { currentSchoolYear } from '../pedagogy/school-years.ts'
import type { SiteScope } from '../staff-scope.ts'
import { checkPieces, piecesOfCampaign, writePieces, type PieceInput } from './campaign-pieces.ts'
import type { PieceView } from './campaign-pieces.ts'
import { getCampaign, phaseOf, type Campaign } from './common.ts'
import { countsOfCampaigns, type StatusCounts } from './dashboard.ts'

export interface CampaignSummary extends Campaign {
  siteName: string
  phase: CampaignPhase
  counts: StatusCounts
}

export interface CampaignDetail extends CampaignSummary {
  pieces: PieceView[]
  /** The requests families started (a campaign with one cannot be deleted). */
  requests: number
}

export interface CampaignInput {
  siteId: number | null
  schoolYearId: number | null
  /** « 01/05/2027 » and « 18:00 », in the conservatoire's time zone. */
  opensOn: string
  opensTime: string
  closesOn: string
  closesTime: string
  message: string
  pieces: PieceInput[]
}

/** The campaign, if the staff member works for its site; "introuvable" otherwise. */
export async function campaignInScope(trx: Trx, siteIds: SiteScope, id: number): Promise<Campaign> {
  const campaign = await getCampaign(trx, id)
  if (!campaign || (siteIds !== null && !siteIds.includes(campaign.siteId)))
    throw notFound(C.notFound)
  return campaign
}

async function summaries(trx: Trx, campaigns: Campaign[], now: Date): Promise<CampaignSummary[]> {
  const sites = await trx('sites').select<{ id: number; name: string }[]>('id', 'name')
  const names = new Map(sites.map((s) => [s.id, s.name]))
  const counts = await countsOfCampaigns(trx, campaigns)
  return campaigns.map((c) => ({
    ...c,
    siteName: names.get(c.siteId) ?? '',
    phase: phaseOf(c, now),
    counts: counts.get(c.id) ?? { total: 0, non_commencee: 0, envoyee: 0, validee: 0, refusee: 0 },
  }))
}

/** The campaigns of the staff member's sites, the latest school year first. */
export async function listCampaigns(
  trx: Trx,
  siteIds: SiteScope,
  now: Date,
): Promise<CampaignSummary[]> {
  const rows = await trx('reenrolment_campaigns as c')
    .join('school_years as y', 'y.id', 'c.school_year_id')
    .join('sites as s', 's.id', 'c.site_id')
    .modify((q) => {
      if (siteIds !== null) void q.whereIn('c.site_id', [...siteIds])
    })
    .orderBy([
      { column: 'y.starts_on', order: 'desc' },
      { column: 's.position' },
      { column: 'c.id' },
    ])
    .select<{ id: number }[]>('c.id')
  const campaigns: Campaign[] = []
  for (const row of rows) {
    const campaign = await getCampaign(trx, row.id)
    if (campaign) campaigns.push(campaign)
  }
  return summaries(trx, campaigns, now)
}

/** One campaign with its pièces. */
export async function campaignDetail(
  trx: Trx,
  siteIds: SiteScope,
  id: number,
  now: Date,
): Promise<CampaignDetail> {
  const campaign = await campaignInScope(trx, siteIds, id)
  const [summary] = await summaries(trx, [campaign], now)
  if (!summary) throw notFound(C.notFound)
  return {
    ...summary,
    pieces: await piecesOfCampaign(trx, id),
    requests: await requestCount(trx, id),
  }
}

async function requestCount(trx: Trx, campaignId: number): Promise<number> {
  const row = await trx('reenrolment_requests')
    .where({ campaign_id: campaignId })
    .first<{ n: number }>(trx.raw('count(*) as n'))
  return row?.n ?? 0
}

/** A day and a time typed in the form → the ISO instant, or errors under both fields. */
export function instant(
  errors: Record<string, string>,
  fields: [day: string, time: string],
  day: unknown,
  time: unknown,
): string | null {
  const d = parseDay(day)
  const t = parseTime(time)
  if (!d) errors[fields[0]] = dateRefusal(day)
  if (!t) errors[fields[1]] = timeRefusal(time)
  return d && t ? parisInstant(d, t) : null
}

/** The checks of the form, all errors at once; the row's values when they pass. */
async function checkCampaign(trx: Trx, siteIds: SiteScope, input: CampaignInput) {
  const errors: Record<string, string> = {}
  const { siteId, schoolYearId } = input
  const site = siteId === null ? null : await trx('sites').where({ id: siteId }).first('id')
  if (siteId === null) errors['siteId'] = C.chooseSite
  else if (!site || (siteIds !== null && !siteIds.includes(siteId)))
    errors['siteId'] = C.siteNotYours
  const year =
    schoolYearId === null
      ? undefined
      : await trx('school_years')
          .where({ id: schoolYearId })
          .first<{ starts_on: string } | undefined>('starts_on')
  const current = await currentSchoolYear(trx)
  if (schoolYearId === null) errors['schoolYearId'] = C.chooseYear
  else if (!current) errors['schoolYearId'] = M.noCurrentYear
  else if (!year || year.starts_on <= current.startsOn) errors['schoolYearId'] = C.yearNotAfter
  const opensAt = instant(errors, ['opensOn', 'opensTime'], input.opensOn, input.opensTime)
  const closesAt = instant(errors, ['closesOn', 'closesTime'], input.closesOn, input.closesTime)
  if (opensAt && closesAt && closesAt <= opensAt) errors['closesOn'] = R.campaignDates
  const message = typeof input.message === 'string' ? input.message.trim() : ''
  if (message.length > 4000) errors['message'] = M.tooLong(4000)
  const pieces = await checkPieces(trx, input.pieces, errors)
  if (Object.keys(errors).length || !opensAt || !closesAt || !siteId || !schoolYearId)
    throw fieldError(errors)
  const values = {
    site_id: siteId,
    school_year_id: schoolYearId,
    opens_at: opensAt,
    closes_at: closesAt,
    message,
  }
  return { values, pieces }
}

async function refuseTaken(
  trx: Trx,
  values: { site_id: number; school_year_id: number },
  id: number | null,
): Promise<void> {
  const twin = await trx('reenrolment_campaigns')
    .where({ site_id: values.site_id, school_year_id: values.school_year_id })
    .modify((q) => {
      if (id !== null) void q.whereNot('id', id)
    })
    .first('id')
  if (twin) throw refuse('CONFLICT', 'schoolYearId', R.campaignTaken)
}

/**
 * Refused when another campaign of the site would be open at some moment of `period` (the family's
 * tab shows one campaign: the other would be out of reach). `id`: the campaign being changed.
 */
export async function refuseOverlap(
  trx: Trx,
  period: { site_id: number; opens_at: string; closes_at: string },
  id: number | null,
  field = 'opensOn',
): Promise<void> {
  const other = await trx('reenrolment_campaigns as c')
    .join('school_years as y', 'y.id', 'c.school_year_id')
    .where('c.site_id', period.site_id)
    .where('c.opens_at', '<', period.closes_at)
    .where('c.closes_at', '>', period.opens_at)
    .modify((q) => {
      if (id !== null) void q.whereNot('c.id', id)
    })
    .orderBy('c.opens_at')
    .first<{ label: string; opens_at: string; closes_at: string } | undefined>(
      'y.label',
      'c.opens_at',
      'c.closes_at',
    )
  if (other) {
    const message = C.overlaps(
      other.label,
      parisDateTimeLabel(other.opens_at),
      parisDateTimeLabel(other.closes_at),
    )
    throw refuse('CONFLICT', field, message)
  }
}

/** Creates a campaign (`id` undefined) or changes one, with its pièces. */
export async function saveCampaign(
  trx: Trx,
  input: CampaignInput & { id?: number | undefined; siteIds: SiteScope },
  actor: PedagogyActor,
): Promise<{ id: number }> {
  const before = input.id === undefined ? null : await campaignInScope(trx, input.siteIds, input.id)
  const { values, pieces } = await checkCampaign(trx, input.siteIds, input)
  await refuseTaken(trx, values, before?.id ?? null)
  await refuseOverlap(trx, values, before?.id ?? null)
  const now = isoNow(actor.clock)
  let id: number
  if (before === null) {
    const [row] = await trx('reenrolment_campaigns')
      .insert({ ...values, created_at: now, updated_at: now })
      .returning<{ id: number }[]>('id')
    if (!row) throw new Error('reenrolment_campaigns insert returned no id')
    id = row.id
  } else {
    id = before.id
    const moved = before.siteId !== values.site_id || before.schoolYearId !== values.school_year_id
    if (moved && (await requestCount(trx, id)) > 0)
      throw new DomainError('CONFLICT', C.siteYearLocked)
    await trx('reenrolment_campaigns')
      .where({ id })
      .update({ ...values, updated_at: now })
  }
  const changes = await writePieces(trx, id, pieces, actor)
  const action = before === null ? 'created' : 'updated'
  await audit(
    trx,
    actor,
    `reenrolment.campaign_${action}`,
    { type: 'reenrolment_campaign', id },
    {
      siteId: values.site_id,
      schoolYearId: values.school_year_id,
      opensAt: values.opens_at,
      closesAt: values.closes_at,
      ...(before ? { before: { opensAt: before.opensAt, closesAt: before.closesAt } } : {}),
      pieces: changes,
    },
  )
  return { id }
}

/** Deletes a campaign no family has started yet (with its pièces). */
export async function deleteCampaign(
  trx: Trx,
  input: { id: number; siteIds: SiteScope },
  actor: PedagogyActor,
): Promise<void> {
  const campaign = await campaignInScope(trx, input.siteIds, input.id)
  const requests = await requestCount(trx, campaign.id)
  if (requests > 0) throw new DomainError('CONFLICT', R.campaignHasRequests(requests))
  await trx('campaign_pieces').where({ campaign_id: campaign.id }).delete()
  await trx('reenrolment_campaigns').where({ id: campaign.id }).delete()
  await audit(
    trx,
    actor,
    'reenrolment.campaign_deleted',
    { type: 'reenrolment_campaign', id: campaign.id },
    {
      siteId: campaign.siteId,
      schoolYear: campaign.schoolYearLabel,
    },
  )
}
