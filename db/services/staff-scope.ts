// Which families a staff member sees: those of the sites of their account (`siteIds`), or every
// one (`null`: the administrator). The one check of the routes that name a record by its id.
import type { Trx } from '../connection.ts'
import { DomainError } from '../errors.ts'

/** The sites a staff member works for; `null`: every site. */
export type SiteScope = readonly number[] | null

/** What the id of a staff route names. */
export type ScopedKind =
  'family' | 'guardian' | 'pupil' | 'changeRequest' | 'mail' | 'course' | 'enrolment'

/** The answer for a record of another site: the very one the services give for a missing one. */
const NOT_FOUND: Record<ScopedKind, string> = {
  family: 'Cette famille est introuvable.',
  guardian: 'Cette fiche est introuvable.',
  pupil: 'Cette fiche est introuvable.',
  changeRequest: 'Cette demande est introuvable ou déjà traitée.',
  mail: 'Ce courriel est introuvable.',
  course: 'Ce cours est introuvable.',
  enrolment: 'Cette inscription est introuvable.',
}

/** The site of a record (archived or not), or undefined when there is no such record. */
async function siteOf(trx: Trx, kind: ScopedKind, id: number): Promise<number | null | undefined> {
  if (kind === 'mail') {
    const mail = await trx('outbox')
      .where({ id })
      .first<{ site_id: number | null } | undefined>('site_id')
    return mail?.site_id
  }
  if (kind === 'course') {
    const course = await trx('courses')
      .where({ id })
      .first<{ site_id: number } | undefined>('site_id')
    return course?.site_id
  }
  if (kind === 'enrolment') {
    // An enrolment belongs to the pupil's family, and so to the family's site.
    const row = await trx('enrolments')
      .join('pupils', 'pupils.id', 'enrolments.pupil_id')
      .join('families', 'families.id', 'pupils.family_id')
      .where('enrolments.id', id)
      .first<{ site_id: number } | undefined>('families.site_id')
    return row?.site_id
  }
  const table = {
    family: 'families',
    guardian: 'guardians',
    pupil: 'pupils',
    changeRequest: 'change_requests',
  }[kind]
  const query = trx(table).where(`${table}.id`, id)
  if (kind !== 'family') void query.join('families', 'families.id', `${table}.family_id`)
  const row = await query.first<{ site_id: number } | undefined>('families.site_id as site_id')
  return row?.site_id
}

/**
 * A record of a site the staff member does not work for is "not found" (404, the same message as
 * a missing one): they cannot even learn that it exists. A missing record passes, for its service
 * to answer. A mail of no site (a staff account's) is for the administrator only.
 */
export async function assertStaffSees(
  trx: Trx,
  siteIds: SiteScope,
  kind: ScopedKind,
  id: number,
): Promise<void> {
  if (siteIds === null) return
  const site = await siteOf(trx, kind, id)
  if (site === undefined) return
  if (site === null || !siteIds.includes(site)) throw new DomainError('NOT_FOUND', NOT_FOUND[kind])
}

/** The same check for several families at once (a mailing to a selection). */
export async function assertStaffSeesFamilies(
  trx: Trx,
  siteIds: SiteScope,
  familyIds: readonly number[],
): Promise<void> {
  if (siteIds === null) return
  const outside = await trx('families')
    .whereIn('id', familyIds)
    .whereNotIn('site_id', siteIds)
    .first<{ id: number } | undefined>('id')
  if (outside) throw new DomainError('NOT_FOUND', NOT_FOUND.family)
}
