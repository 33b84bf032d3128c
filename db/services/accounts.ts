import type { Trx } from '../connection.ts'
import { DomainError } from '../errors.ts'
import type { PasswordHasher } from '../password.ts'

/** The one message for a wrong site, identifiant or password: it tells nothing of which. */
export const INVALID_CREDENTIALS_MESSAGE =
  'Site, identifiant ou mot de passe incorrect. Vérifiez votre saisie.'

export function normalizeLogin(login: string): string {
  return login.trim().toLowerCase()
}

export interface AuthenticatedGuardian {
  guardianId: number
  familyId: number
  siteId: number
}

export async function authenticateGuardian(
  trx: Trx,
  hasher: PasswordHasher,
  input: { siteId: number; login: string; password: string },
): Promise<AuthenticatedGuardian> {
  const row = await trx('guardians')
    .join('families', 'families.id', 'guardians.family_id')
    .join('sites', 'sites.id', 'guardians.site_id')
    .where({
      'guardians.site_id': input.siteId,
      'guardians.login': normalizeLogin(input.login),
      'sites.active': true,
    })
    .whereNull('families.archived_at')
    .select(
      'guardians.id',
      'guardians.family_id',
      'guardians.site_id',
      'guardians.password_hash',
      'guardians.access_enabled',
    )
    .first<
      | {
          id: number
          family_id: number
          site_id: number
          password_hash: string | null
          access_enabled: number
        }
      | undefined
    >()
  const usable = row !== undefined && row.password_hash !== null && Boolean(row.access_enabled)
  const matches = await hasher.verify(input.password, usable ? row.password_hash : null)
  if (!usable || !matches) {
    throw new DomainError('INVALID_CREDENTIALS', INVALID_CREDENTIALS_MESSAGE)
  }
  return { guardianId: row.id, familyId: row.family_id, siteId: row.site_id }
}

export const INVALID_STAFF_CREDENTIALS_MESSAGE =
  'Identifiant ou mot de passe incorrect. Vérifiez votre saisie.'

export async function authenticateStaff(
  trx: Trx,
  hasher: PasswordHasher,
  input: { login: string; password: string },
): Promise<{ staffUserId: number }> {
  const row = await trx('staff_users')
    .where({ login: normalizeLogin(input.login) })
    .first<{ id: number; password_hash: string | null; active: number } | undefined>()
  const usable = row !== undefined && row.password_hash !== null && Boolean(row.active)
  const matches = await hasher.verify(input.password, usable ? row.password_hash : null)
  if (!usable || !matches) {
    throw new DomainError('INVALID_CREDENTIALS', INVALID_STAFF_CREDENTIALS_MESSAGE)
  }
  return { staffUserId: row.id }
}

export interface StaffUser {
  id: number
  login: string
  displayName: string
  role: string
}

export async function getStaffUser(trx: Trx, id: number): Promise<StaffUser | undefined> {
  const row = await trx('staff_users')
    .where({ id, active: true })
    .first<{ id: number; login: string; display_name: string; role: string } | undefined>()
  return row && { id: row.id, login: row.login, displayName: row.display_name, role: row.role }
}
