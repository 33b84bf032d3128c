import type { Trx } from '../connection.ts'
import { DomainError } from '../errors.ts'
import { guardianProfile } from './access.ts'
import { getConservatoire, type Conservatoire } from './conservatoire.ts'
import type { FieldValue } from '../rules/record-fields.ts'
import type { PendingState } from './change-requests/requests.ts'
import { pendingState } from './change-requests/requests.ts'
import { submitChanges } from './change-requests/submit.ts'
import { familyOfTarget, guardianAddressFor, recordValues, type Target } from './records.ts'
import { getSite, type Site } from './sites.ts'

/** The pupils of a family that are not archived, in the order they were added. */
async function familyPupils(
  trx: Trx,
  familyId: number,
): Promise<{ id: number; lastName: string; firstName: string }[]> {
  const rows = await trx('pupils')
    .where({ family_id: familyId })
    .whereNull('archived_at')
    .orderBy('id')
    .select<{ id: number; last_name: string; first_name: string }[]>(
      'id',
      'last_name',
      'first_name',
    )
  return rows.map((p) => ({ id: p.id, lastName: p.last_name, firstName: p.first_name }))
}

export interface FamilyHome {
  guardian: { id: number; civility: string; lastName: string; firstName: string }
  familyId: number
  pupils: { id: number; lastName: string; firstName: string }[]
  site: Site
  conservatoire: Conservatoire | null
}

/** What the "Accueil" page of a logged-in guardian shows. */
export async function getFamilyHome(trx: Trx, guardianId: number): Promise<FamilyHome> {
  const profile = await guardianProfile(trx, guardianId)
  if (!profile) throw new DomainError('NOT_FOUND', 'Ce compte est introuvable.')
  const site = await getSite(trx, profile.siteId)
  if (!site) throw new DomainError('NOT_FOUND', 'Ce site est introuvable.')
  return {
    guardian: { id: profile.id, ...profile.guardian },
    familyId: profile.familyId,
    pupils: await familyPupils(trx, profile.familyId),
    site,
    conservatoire: await getConservatoire(trx),
  }
}

/** A record with the values waiting in the sas, as "Famille" and "Élèves" show it. */
export interface RecordWithPending {
  id: number
  values: Record<string, FieldValue>
  pending: PendingState | null
}

async function withPending(trx: Trx, target: Target): Promise<RecordWithPending> {
  return {
    id: target.id,
    values: await recordValues(trx, target),
    pending: await pendingState(trx, target),
  }
}

/** "Famille": the guardians of the family (one's own record first or not, ranked), its pupils. */
export async function familyRecords(
  trx: Trx,
  auth: { familyId: number; guardianId: number },
): Promise<{
  guardians: (RecordWithPending & { rank: number; self: boolean })[]
  pupils: { id: number; lastName: string; firstName: string; pending: boolean }[]
}> {
  const guardians = await trx('guardians')
    .where({ family_id: auth.familyId })
    .whereNull('archived_at')
    .orderBy('rank')
    .select<{ id: number; rank: number }[]>('id', 'rank')
  const pupils = await familyPupils(trx, auth.familyId)
  const views = []
  for (const g of guardians) {
    const view = await withPending(trx, { type: 'guardian', id: g.id })
    views.push({ ...view, rank: g.rank, self: g.id === auth.guardianId })
  }
  const pupilViews = []
  for (const p of pupils) {
    const pending = (await pendingState(trx, { type: 'pupil', id: p.id })) !== null
    pupilViews.push({ ...p, pending })
  }
  return { guardians: views, pupils: pupilViews }
}

/** One pupil of the family (NOT_FOUND for any other id), with the address of the guardian it follows. */
export async function familyPupil(
  trx: Trx,
  auth: { familyId: number; guardianId: number; pupilId: number },
): Promise<
  RecordWithPending & { guardianAddress: Record<'address' | 'postalCode' | 'city', string> }
> {
  const target: Target = { type: 'pupil', id: auth.pupilId }
  if ((await familyOfTarget(trx, target)) !== auth.familyId) {
    throw new DomainError('NOT_FOUND', 'Cette fiche est introuvable.')
  }
  return {
    ...(await withPending(trx, target)),
    guardianAddress: await guardianAddressFor(trx, auth.pupilId),
  }
}

/** A family asks for changes of its own record or a pupil's: through the sas (see submitChanges). */
export async function submitFamilyChange(
  trx: Trx,
  input: Parameters<typeof submitChanges>[1],
): Promise<RecordWithPending> {
  await submitChanges(trx, input)
  return withPending(trx, input.target)
}
