import { can, type StaffRole } from '../../db/rules/roles.ts'

/** The first page of a role: Familles, or the page that says there is nothing yet to do here. */
export function homeOf(role: StaffRole): 'familles' | 'rien-a-faire' {
  return can(role, 'readFamilies') ? 'familles' : 'rien-a-faire'
}
