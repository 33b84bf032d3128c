import type { Trx } from '../connection.ts'
import { isStaffRole, seesEverySite, type StaffRole } from '../rules/roles.ts'
import type { MailGuardian, MailSite } from '../mail-templates.ts'

/**
 * The one answer to "who may use the extranet": a guardian whose access is enabled, who is not
 * archived, of a family that is not archived, on a site that is active. Logging in, keeping a
 * session, asking for a new password, using a password link and receiving the mails about one's
 * access or requests all ask this question, and only this one.
 */
export function activeGuardians(trx: Trx) {
  return trx('guardians')
    .join('families', 'families.id', 'guardians.family_id')
    .join('sites', 'sites.id', 'guardians.site_id')
    .whereRaw(ACTIVE_GUARDIAN)
}

/**
 * The condition of activeGuardians, in SQL, for the prepared statements of every request (the
 * session check, the family's pages): `guardians`, `families` and `sites` joined as above.
 */
export const ACTIVE_GUARDIAN =
  '(guardians.access_enabled = 1 AND sites.active = 1' +
  ' AND guardians.archived_at IS NULL AND families.archived_at IS NULL)'

export interface ActiveGuardian {
  guardianId: number
  familyId: number
  siteId: number
}

/** A guardian as the pages and the mails address them: name, e-mail, identifiant, site. */
export interface GuardianProfile {
  id: number
  familyId: number
  siteId: number
  login: string | null
  email: string
  site: MailSite
  guardian: MailGuardian
}

interface RecipientRow {
  id: number
  family_id: number
  site_id: number
  civility: string
  last_name: string
  first_name: string
  email: string
  login: string | null
  site_name: string
  legal_name: string
}

/** The guardian, if they may use the extranet now (see activeGuardians); else undefined. */
export async function guardianProfile(
  trx: Trx,
  guardianId: number,
): Promise<GuardianProfile | undefined> {
  const row = await activeGuardians(trx)
    .where('guardians.id', guardianId)
    .first<RecipientRow | undefined>(
      'guardians.id',
      'guardians.family_id',
      'guardians.site_id',
      'guardians.civility',
      'guardians.last_name',
      'guardians.first_name',
      'guardians.email',
      'guardians.login',
      'sites.name as site_name',
      'sites.legal_name',
    )
  if (!row) return undefined
  return {
    id: row.id,
    familyId: row.family_id,
    siteId: row.site_id,
    login: row.login,
    email: row.email.trim(),
    site: { name: row.site_name, legalName: row.legal_name },
    guardian: { civility: row.civility, lastName: row.last_name, firstName: row.first_name },
  }
}

/** A logged-in staff member: their role, and the sites they work for (`null`: every site). */
export interface ActiveStaffUser {
  staffUserId: number
  role: StaffRole
  siteIds: number[] | null
}

/** A staff member as read with their session: `site_ids` is `group_concat` of their sites. */
export function activeStaffUser(row: {
  id: number
  role: string
  site_ids: string | null
}): ActiveStaffUser | undefined {
  if (!isStaffRole(row.role)) return undefined
  if (seesEverySite(row.role)) return { staffUserId: row.id, role: row.role, siteIds: null }
  const siteIds = (row.site_ids ?? '').split(',').filter(Boolean).map(Number)
  return { staffUserId: row.id, role: row.role, siteIds: siteIds.sort((a, b) => a - b) }
}
