// Which families a staff member sees: those of the sites of their account (`siteIds`), or every
// one (`null`: the administrator). The one check of the routes that name a record by its id.
import { chunks } from '../chunks.ts'
import type { Trx } from '../connection.ts'
import { DomainError } from '../errors.ts'
import { sqlOf, type Sql } from '../prepared.ts'

/** The sites a staff member works for; `null`: every site. */
export type SiteScope = readonly number[] | null

/** What the id of a staff route names. */
export type ScopedKind =
  | 'family'
  | 'guardian'
  | 'pupil'
  | 'changeRequest'
  | 'mail'
  | 'course'
  | 'enrolment'
  | 'reenrolment'
  | 'reenrolmentDocument'
  | 'invoice'
  | 'payment'
  | 'sepaMandate'

/** The answer for a record of another site: the very one the services give for a missing one. */
const NOT_FOUND: Record<ScopedKind, string> = {
  family: 'Cette famille est introuvable.',
  guardian: 'Cette fiche est introuvable.',
  pupil: 'Cette fiche est introuvable.',
  changeRequest: 'Cette demande est introuvable ou déjà traitée.',
  mail: 'Ce courriel est introuvable.',
  course: 'Ce cours est introuvable.',
  enrolment: 'Cette inscription est introuvable.',
  reenrolment: 'Cette réinscription est introuvable.',
  reenrolmentDocument: 'Ce document est introuvable.',
  invoice: 'Cette facture est introuvable.',
  payment: 'Ce règlement est introuvable.',
  sepaMandate: 'Ce mandat est introuvable.',
}

/** The family's site, through the table of the record the id names. */
const throughFamily = (table: string) =>
  `SELECT families.site_id FROM ${table}
    JOIN families ON families.id = ${table}.family_id WHERE ${table}.id = ?`

/** The statement that finds the site of a record (archived or not), by its id. */
const SITE_OF: Record<ScopedKind, string> = {
  family: 'SELECT site_id FROM families WHERE id = ?',
  guardian: throughFamily('guardians'),
  pupil: throughFamily('pupils'),
  changeRequest: throughFamily('change_requests'),
  mail: 'SELECT site_id FROM outbox WHERE id = ?',
  course: 'SELECT site_id FROM courses WHERE id = ?',
  // An enrolment belongs to the pupil's family, and so to the family's site.
  enrolment: `SELECT families.site_id FROM enrolments
    JOIN pupils ON pupils.id = enrolments.pupil_id
    JOIN families ON families.id = pupils.family_id WHERE enrolments.id = ?`,
  // A pupil's réinscription and its documents: the family's site.
  reenrolment: throughFamily('reenrolment_requests'),
  reenrolmentDocument: throughFamily('reenrolment_documents'),
  // An invoice keeps the site of the family when it was issued; a payment, its family's.
  invoice: 'SELECT site_id FROM invoices WHERE id = ?',
  payment: throughFamily('payments'),
  sepaMandate: throughFamily('sepa_mandates'),
}

/**
 * A record of a site the staff member does not work for is "not found" (404, the same message as
 * a missing one): they cannot even learn that it exists. A missing record passes, for its service
 * to answer. A mail of no site (a staff account's) is for the administrator only.
 */
export function assertStaffSeesNow(
  sql: Sql,
  siteIds: SiteScope,
  kind: ScopedKind,
  id: number,
): void {
  if (siteIds === null) return
  const row = sql.get<{ site_id: number | null }>(SITE_OF[kind], id)
  if (row === undefined) return
  const site = row.site_id
  if (site === null || !siteIds.includes(site)) throw new DomainError('NOT_FOUND', NOT_FOUND[kind])
}

export async function assertStaffSees(
  trx: Trx,
  siteIds: SiteScope,
  kind: ScopedKind,
  id: number,
): Promise<void> {
  if (siteIds !== null) assertStaffSeesNow(await sqlOf(trx), siteIds, kind, id)
}

/** The same check for several families at once (a mailing to a selection). */
export async function assertStaffSeesFamilies(
  trx: Trx,
  siteIds: SiteScope,
  familyIds: readonly number[],
): Promise<void> {
  if (siteIds === null) return
  for (const part of chunks(familyIds)) {
    const outside = await trx('families')
      .whereIn('id', part)
      .whereNotIn('site_id', siteIds)
      .first<{ id: number } | undefined>('id')
    if (outside) throw new DomainError('NOT_FOUND', NOT_FOUND.family)
  }
}
