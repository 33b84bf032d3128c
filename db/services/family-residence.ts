// Where a family lives (families.residence: commune, communauté de communes, extérieur, or not
// known), set by staff on the family's file. It decides the pièces of residents at the
// réinscription (and, later, the tariffs). The family sees it nowhere and cannot ask to change it:
// it is not a field of the records (db/rules/record-fields.ts), hence not of the change requests.
import type { Trx } from '../connection.ts'
import { DomainError } from '../errors.ts'
import { RESIDENCE_LABELS, RESIDENCES, type Residence } from '../rules/reenrolment.ts'
import { recordAudit } from './audit.ts'
import type { Actor } from './staff-records.ts'

const label = (r: Residence | null) => (r === null ? 'Non renseignée' : RESIDENCE_LABELS[r])

/** Sets the residence of a family (null: not known); written in the family's journal. */
export async function setFamilyResidence(
  trx: Trx,
  input: Actor & { familyId: number; residence: Residence | null },
): Promise<void> {
  if (input.residence !== null && !RESIDENCES.includes(input.residence))
    throw new DomainError('VALIDATION', 'Cette résidence n’existe pas.', {
      residence: 'Choisissez une résidence de la liste.',
    })
  const family = await trx('families')
    .where({ id: input.familyId })
    .first<{ residence: Residence | null } | undefined>('residence')
  if (!family) throw new DomainError('NOT_FOUND', 'Cette famille est introuvable.')
  if (family.residence === input.residence) return
  await trx('families')
    .where({ id: input.familyId })
    .update({ residence: input.residence, updated_at: input.clock.now().toISOString() })
  await recordAudit(trx, {
    clock: input.clock,
    actorType: 'staff',
    actorId: input.staffUserId,
    action: 'staff.family_residence_changed',
    entityType: 'family',
    entityId: input.familyId,
    familyId: input.familyId,
    clientIp: input.clientIp,
    // As the journal shows changes: « Résidence : « Commune » → « Extérieur » ».
    details: {
      changes: { Résidence: { old: label(family.residence), new: label(input.residence) } },
    },
  })
}
