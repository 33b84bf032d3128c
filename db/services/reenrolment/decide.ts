// Staff decide on what a family sent for a réinscription: accept or refuse one document (a refused
// one is mailed to the family, who may replace it), refuse the whole réinscription with a reason.
// Validation, which creates next year's enrolments, is in validate.ts.
import { isoNow } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import { DomainError } from '../../errors.ts'
import { REENROLMENT_MESSAGES as M } from '../../rules/reenrolment.ts'
import { audit, notFound, refuse, type PedagogyActor } from '../pedagogy/common.ts'
import { getCampaign } from './common.ts'
import {
  mailDocumentRefused,
  mailReenrolmentRefused,
  type ReviewMailContext,
} from './review-mails.ts'
import { REVIEW_MESSAGES as R, requestRow, type RequestRow } from './review-data.ts'

/** Who decides: the staff member, their address, the clock. */
export type ReviewActor = PedagogyActor

const MAX_REASON = 500

/** The reason of a refusal, required (the family reads it). */
export function checkedReason(value: unknown): string {
  const reason = typeof value === 'string' ? value.trim() : ''
  if (!reason) throw refuse('VALIDATION', 'reason', M.reasonRequired)
  if (reason.length > MAX_REASON) throw refuse('VALIDATION', 'reason', R.reasonTooLong)
  return reason
}

/** Refuses a change to a request staff already decided on. */
export function assertUndecided(request: RequestRow): void {
  if (request.status === 'validee' || request.status === 'refusee')
    throw new DomainError('CONFLICT', R.alreadyDecided)
}

/** What the mails of a request say: the pupil, the family, the site and year of the campaign. */
export async function mailContext(
  trx: Trx,
  request: RequestRow,
  actor: ReviewActor,
): Promise<ReviewMailContext> {
  const campaign = await getCampaign(trx, request.campaign_id)
  const pupil = await trx('pupils')
    .where({ id: request.pupil_id })
    .first<{ last_name: string; first_name: string }>('last_name', 'first_name')
  return {
    familyId: request.family_id,
    siteId: campaign?.siteId ?? 0,
    pupilName: `${pupil.first_name} ${pupil.last_name}`.trim(),
    schoolYear: campaign?.schoolYearLabel ?? '',
    clock: actor.clock,
  }
}

export type DocumentDecision = 'accepte' | 'refuse'

/**
 * Accepts or refuses the current document of a pièce (refusing needs a reason, mailed to the
 * family). A document the family replaced or removed meanwhile, or one of a request already
 * decided, is refused.
 */
export async function decideDocument(
  trx: Trx,
  input: { documentId: number; decision: DocumentDecision; reason?: unknown },
  actor: ReviewActor,
): Promise<void> {
  const doc = await trx('reenrolment_documents as d')
    .join('campaign_pieces as p', 'p.id', 'd.piece_id')
    .where('d.id', input.documentId)
    .first<{ id: number; request_id: number; removed_at: string | null; name: string } | undefined>(
      'd.id',
      'd.request_id',
      'd.removed_at',
      'p.name',
    )
  if (!doc) throw notFound(R.documentNotFound)
  const reason = input.decision === 'refuse' ? checkedReason(input.reason) : ''
  const request = await requestRow(trx, doc.request_id)
  assertUndecided(request)
  if (doc.removed_at !== null) throw new DomainError('CONFLICT', R.documentReplaced)
  const now = isoNow(actor.clock)
  await trx('reenrolment_documents').where({ id: doc.id }).update({
    state: input.decision,
    refusal_reason: reason,
    reviewed_at: now,
    reviewed_by_staff_user_id: actor.staffUserId,
  })
  const entity = { type: 'reenrolment_document', id: doc.id, familyId: request.family_id }
  const action =
    input.decision === 'refuse'
      ? 'staff.reenrolment_document_refused'
      : 'staff.reenrolment_document_accepted'
  await audit(trx, actor, action, entity, { requestId: request.id, piece: doc.name, reason })
  if (input.decision === 'refuse')
    await mailDocumentRefused(trx, await mailContext(trx, request, actor), doc.name, reason)
}

/** "Refuser": a réinscription sent by the family is refused, with a reason mailed to them. */
export async function refuseReenrolment(
  trx: Trx,
  input: { requestId: number; reason: unknown },
  actor: ReviewActor,
): Promise<void> {
  const request = await requestRow(trx, input.requestId)
  const reason = checkedReason(input.reason)
  assertUndecided(request)
  if (request.status !== 'envoyee') throw new DomainError('CONFLICT', M.notSubmitted)
  const now = isoNow(actor.clock)
  await trx('reenrolment_requests').where({ id: request.id }).update({
    status: 'refusee',
    refusal_reason: reason,
    decided_at: now,
    decided_by_staff_user_id: actor.staffUserId,
    updated_at: now,
  })
  const entity = { type: 'reenrolment_request', id: request.id, familyId: request.family_id }
  await audit(trx, actor, 'staff.reenrolment_refused', entity, {
    pupilId: request.pupil_id,
    reason,
  })
  await mailReenrolmentRefused(trx, await mailContext(trx, request, actor), reason)
}
