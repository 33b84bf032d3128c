import type { Trx } from '../connection.ts'
import { DomainError } from '../errors.ts'
import { getSite, type Site } from './sites.ts'

export interface FamilyHome {
  guardian: { id: number; civility: string; lastName: string; firstName: string }
  familyId: number
  pupils: { id: number; lastName: string; firstName: string }[]
  site: Site
}

/** What the "Accueil" page of a logged-in guardian shows. */
export async function getFamilyHome(trx: Trx, guardianId: number): Promise<FamilyHome> {
  const guardian = await trx('guardians').where({ id: guardianId }).first<
    | {
        id: number
        family_id: number
        site_id: number
        civility: string
        last_name: string
        first_name: string
      }
    | undefined
  >()
  if (!guardian) throw new DomainError('NOT_FOUND', 'Ce compte est introuvable.')
  const site = await getSite(trx, guardian.site_id)
  if (!site) throw new DomainError('NOT_FOUND', 'Ce site est introuvable.')
  const pupils = await trx('pupils')
    .where({ family_id: guardian.family_id })
    .whereNull('archived_at')
    .orderBy('id')
    .select<{ id: number; last_name: string; first_name: string }[]>(
      'id',
      'last_name',
      'first_name',
    )
  return {
    guardian: {
      id: guardian.id,
      civility: guardian.civility,
      lastName: guardian.last_name,
      firstName: guardian.first_name,
    },
    familyId: guardian.family_id,
    pupils: pupils.map((p) => ({ id: p.id, lastName: p.last_name, firstName: p.first_name })),
    site,
  }
}
