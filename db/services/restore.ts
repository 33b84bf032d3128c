// Restoring what was archived: the record comes back in the lists and searches; nothing else
// changes by itself (access to the extranet stays disabled until staff enable it again).
import { isoNow } from '../clock.ts'
import type { Trx } from '../connection.ts'
import { DomainError } from '../errors.ts'
import type { ArchiveType } from './archive.ts'
import { recordAudit } from './audit.ts'
import { refreshFamilySearch } from './families.ts'
import type { Actor } from './staff-records.ts'

const notArchived = () =>
  new DomainError('NOT_FOUND', 'Cette fiche est introuvable ou n’est pas archivée.')

async function restoreFamily(trx: Trx, id: number, actor: Actor): Promise<number> {
  const now = isoNow(actor.clock)
  const done = await trx('families')
    .where({ id })
    .whereNotNull('archived_at')
    .update({ archived_at: null, updated_at: now })
  if (!done) throw notArchived()
  return id
}

/** The archived guardian or pupil's family, which must be active itself. */
async function activeFamilyOf(trx: Trx, table: 'guardians' | 'pupils', id: number) {
  const row = await trx(table)
    .join('families', 'families.id', `${table}.family_id`)
    .where(`${table}.id`, id)
    .whereNotNull(`${table}.archived_at`)
    .first<{ family_id: number; family_archived: string | null } | undefined>(
      `${table}.family_id`,
      'families.archived_at as family_archived',
    )
  if (!row) throw notArchived()
  if (row.family_archived !== null)
    throw new DomainError('CONFLICT', 'Cette famille est archivée : restaurez d’abord la famille.')
  return row.family_id
}

/** A guardian comes back as responsable 2 (a family has two at most); their access stays off. */
async function restoreGuardian(trx: Trx, id: number, actor: Actor): Promise<number> {
  const familyId = await activeFamilyOf(trx, 'guardians', id)
  const active = await trx('guardians')
    .where({ family_id: familyId })
    .whereNull('archived_at')
    .pluck<number[]>('rank')
  if (active.length >= 2) {
    throw new DomainError(
      'CONFLICT',
      'Cette famille a déjà deux responsables : archivez-en un avant de restaurer celui-ci.',
    )
  }
  const now = isoNow(actor.clock)
  await trx('guardians')
    .where({ id })
    .update({ archived_at: null, rank: active.includes(1) ? 2 : 1, updated_at: now })
  await refreshFamilySearch(trx, familyId, actor.clock)
  return familyId
}

async function restorePupil(trx: Trx, id: number, actor: Actor): Promise<number> {
  const familyId = await activeFamilyOf(trx, 'pupils', id)
  await trx('pupils')
    .where({ id })
    .update({ archived_at: null, updated_at: isoNow(actor.clock) })
  await refreshFamilySearch(trx, familyId, actor.clock)
  return familyId
}

const RESTORE = { family: restoreFamily, guardian: restoreGuardian, pupil: restorePupil }

/**
 * Restores an archived family, guardian or pupil; written in the family's journal. Requests closed
 * by the archiving stay closed: the family asks again if it still wants the change.
 */
export async function restore(
  trx: Trx,
  input: { type: ArchiveType; id: number } & Actor,
): Promise<void> {
  const familyId = await RESTORE[input.type](trx, input.id, input)
  await recordAudit(trx, {
    clock: input.clock,
    actorType: 'staff',
    actorId: input.staffUserId,
    action: `staff.${input.type}_restored`,
    entityType: input.type,
    entityId: input.id,
    familyId,
    clientIp: input.clientIp,
  })
}
