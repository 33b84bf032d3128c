// Archiving: a record leaves the lists and searches, its pending requests close, and whoever it
// concerns can no longer log in. Nothing is deleted.
import { isoNow } from '../clock.ts'
import type { Trx } from '../connection.ts'
import { DomainError } from '../errors.ts'
import { recordAudit } from './audit.ts'
import { cancelPendingRequests } from './change-requests/requests.ts'
import { refreshFamilySearch } from './families.ts'
import { familyOfTarget, followGuardianAddress } from './records.ts'
import { endGuardianSessions } from './sessions.ts'
import type { Actor } from './staff-records.ts'

export type ArchiveType = 'family' | 'guardian' | 'pupil'

/** One of two guardians: the other one becomes responsable 1; the archived one can no longer log in. */
async function archiveGuardian(trx: Trx, id: number, actor: Actor): Promise<number> {
  const familyId = await familyOfTarget(trx, { type: 'guardian', id })
  const active = await trx('guardians')
    .where({ family_id: familyId })
    .whereNull('archived_at')
    .select<{ id: number }[]>('id')
  if (active.length < 2) {
    throw new DomainError(
      'CONFLICT',
      'Une famille garde au moins un responsable : archivez plutôt la famille.',
    )
  }
  const now = isoNow(actor.clock)
  // The archived guardian frees its rank (unique per family); the other one becomes rank 1.
  await trx('guardians')
    .where({ id })
    .update({ archived_at: now, rank: -id, access_enabled: false, updated_at: now })
  await trx('guardians').where({ family_id: familyId }).whereNull('archived_at').update({ rank: 1 })
  // The pupils who used the archived guardian's address now use the new responsable 1's.
  await followGuardianAddress(trx, familyId, actor.clock)
  await endGuardianSessions(trx, [id], actor.clock)
  await refreshFamilySearch(trx, familyId, actor.clock)
  return familyId
}

/** A whole family: out of the lists; its guardians' sessions end. */
async function archiveFamily(trx: Trx, id: number, actor: Actor): Promise<number> {
  const now = isoNow(actor.clock)
  const done = await trx('families')
    .where({ id })
    .whereNull('archived_at')
    .update({ archived_at: now, updated_at: now })
  if (!done) throw new DomainError('NOT_FOUND', 'Cette famille est introuvable ou déjà archivée.')
  const guardians = await trx('guardians').where({ family_id: id }).select<{ id: number }[]>('id')
  await endGuardianSessions(
    trx,
    guardians.map((g) => g.id),
    actor.clock,
  )
  return id
}

async function archivePupil(trx: Trx, id: number, actor: Actor): Promise<number> {
  const familyId = await familyOfTarget(trx, { type: 'pupil', id })
  const now = isoNow(actor.clock)
  await trx('pupils').where({ id }).update({ archived_at: now, updated_at: now })
  await refreshFamilySearch(trx, familyId, actor.clock)
  return familyId
}

const ARCHIVE = { family: archiveFamily, guardian: archiveGuardian, pupil: archivePupil }

/**
 * Archives a family (out of lists and searches; its guardians can no longer log in), a pupil, or
 * one of two guardians. Their pending requests close; the audit entry lists them.
 */
export async function archive(
  trx: Trx,
  input: { type: ArchiveType; id: number } & Actor,
): Promise<void> {
  const familyId = await ARCHIVE[input.type](trx, input.id, input)
  const scope =
    input.type === 'family' ? { familyId } : { target: { type: input.type, id: input.id } }
  const closedRequests = await cancelPendingRequests(trx, scope, input.staffUserId, input.clock)
  await recordAudit(trx, {
    clock: input.clock,
    actorType: 'staff',
    actorId: input.staffUserId,
    action: `staff.${input.type}_archived`,
    entityType: input.type,
    entityId: input.id,
    familyId,
    clientIp: input.clientIp,
    ...(closedRequests.length ? { details: { closedRequests } } : {}),
  })
}
