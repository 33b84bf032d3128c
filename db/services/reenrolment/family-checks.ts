// What every change of the family's Réinscription tab checks first: the pupil is the family's,
// the site's campaign is open at the clock's now, the request was not decided yet.
import { isoNow, type Clock } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import { DomainError } from '../../errors.ts'
import {
  familyMayChange,
  REENROLMENT_MESSAGES as M,
  type RequestStatus,
  type Residence,
} from '../../rules/reenrolment.ts'
import { openCampaignOfSite, type Campaign } from './common.ts'

/** Who acts: the guardian of a family, on one of its pupils, from its site. */
export interface FamilyActor {
  familyId: number
  guardianId: number
  siteId: number
  pupilId: number
  clientIp: string
  clock: Clock
}

export interface RequestRow {
  id: number
  campaign_id: number
  pupil_id: number
  family_id: number
  status: RequestStatus
  administrative: number | boolean
  comment: string
  revision: number
  /** When « Valider » last sent it (null: a draft). */
  submitted_at: string | null
}

/** The family's pupil (not archived), with the family's residence; 404 for any other. */
export async function ownPupil(
  trx: Trx,
  actor: FamilyActor,
): Promise<{ residence: Residence | null }> {
  const row = await trx('pupils as p')
    .join('families as f', 'f.id', 'p.family_id')
    .where({ 'p.id': actor.pupilId, 'p.family_id': actor.familyId })
    .whereNull('p.archived_at')
    .first<{ residence: Residence | null } | undefined>('f.residence')
  if (!row) throw new DomainError('NOT_FOUND', M.notYourPupil)
  return row
}

/**
 * The campaign of the site open now. None: closed (409) when the site's last campaign has ended,
 * not open (404) otherwise (prepared only, or none at all).
 */
export async function openCampaignNow(trx: Trx, actor: FamilyActor): Promise<Campaign> {
  const now = actor.clock.now()
  const campaign = await openCampaignOfSite(trx, actor.siteId, now)
  if (campaign) return campaign
  const ended = await trx('reenrolment_campaigns')
    .where({ site_id: actor.siteId })
    .where('closes_at', '<=', now.toISOString())
    .first('id')
  if (ended) throw new DomainError('CONFLICT', M.closed)
  throw new DomainError('NOT_FOUND', M.notOpen)
}

/** The pupil's request of the campaign, or undefined; refused when already decided. */
export async function changeableRequest(
  trx: Trx,
  campaignId: number,
  pupilId: number,
): Promise<RequestRow | undefined> {
  const request = await trx<RequestRow>('reenrolment_requests')
    .where({ campaign_id: campaignId, pupil_id: pupilId })
    .first()
  if (request && !familyMayChange(request.status)) throw new DomainError('CONFLICT', M.decided)
  return request
}

/** The request, created as a draft ('brouillon') when the family gives its first document. */
export async function draftRequest(
  trx: Trx,
  campaignId: number,
  actor: FamilyActor,
): Promise<RequestRow> {
  const existing = await changeableRequest(trx, campaignId, actor.pupilId)
  if (existing) return existing
  const now = isoNow(actor.clock)
  const [row] = await trx('reenrolment_requests')
    .insert({
      campaign_id: campaignId,
      pupil_id: actor.pupilId,
      family_id: actor.familyId,
      status: 'brouillon',
      created_at: now,
      updated_at: now,
    })
    .returning<RequestRow[]>('*')
  if (!row) throw new Error('reenrolment request insert returned no row')
  return row
}

/** A change of the family: the revision moves on, so that an older « Valider » is refused. */
export async function bumpRevision(trx: Trx, request: RequestRow, clock: Clock): Promise<void> {
  await trx('reenrolment_requests')
    .where({ id: request.id })
    .update({ revision: request.revision + 1, updated_at: isoNow(clock) })
}
