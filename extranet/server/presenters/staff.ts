import type { StaffUser } from '../../../db/services/accounts.ts'
import type { Site } from '../../../db/services/sites.ts'
import { STAFF_ROLE_LABELS } from '../../../db/rules/roles.ts'
import type { StaffMe } from '../../api/types.ts'
import { siteOption } from './portal.ts'

/** Who is logged in to the back office: role, its French label, the sites they work for. */
export function staffMe(
  user: StaffUser,
  sites: Site[],
  siteIds: readonly number[] | null,
): StaffMe {
  return {
    login: user.login,
    displayName: user.displayName,
    role: user.role,
    roleLabel: STAFF_ROLE_LABELS[user.role],
    allSites: siteIds === null,
    sites: sites.filter((s) => siteIds === null || siteIds.includes(s.id)).map(siteOption),
  }
}
