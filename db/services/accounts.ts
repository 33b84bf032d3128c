import type { Db, Trx } from '../connection.ts'
import { DomainError } from '../errors.ts'
import { assertAcceptablePassword } from '../password-policy.ts'
import type { PasswordHasher } from '../password.ts'
import { recordAudit } from './audit.ts'
import {
  ACCOUNT_LIMIT,
  ADDRESS_LIMIT,
  clearThrottle,
  recordThrottleEvent,
  throttleState,
  waitText,
} from './throttle.ts'

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
    .whereNull('guardians.archived_at')
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

function throttledError(wait: number, forAccount: boolean): DomainError {
  const message = forAccount
    ? `Trop de tentatives de connexion ont échoué pour cet identifiant. Réessayez ${waitText(wait)}, ou utilisez « Mot de passe perdu ».`
    : `Trop de tentatives de connexion depuis votre réseau. Réessayez ${waitText(wait)}.`
  return new DomainError('THROTTLED', message, {
    retryAfterSeconds: String(Math.ceil(wait / 1000)),
  })
}

/**
 * A login with throttling kept in the database: after 10 failures on one account within 15 minutes,
 * that account waits (even the right password is refused meanwhile); a client address gets at least
 * 50 tries in 15 minutes. Every login, failure and lock goes into the audit log, with no password.
 */
export async function loginWithThrottle<T>(
  db: Db,
  input: {
    audience: 'family' | 'staff'
    accountKey: string
    clientIp: string
    details: Record<string, unknown>
  },
  authenticate: () => Promise<T>,
): Promise<T> {
  const accountBucket = `${input.audience}-login-account:${input.accountKey}`
  const addressBucket = `${input.audience}-login-ip:${input.clientIp}`
  // Check and count the attempt in one transaction, before the password is checked: attempts sent
  // in parallel cannot all slip under the limit. A successful attempt takes its events back.
  const attempt = await db.transaction(async (trx) => {
    const [account, address] = [
      await throttleState(trx, accountBucket, ACCOUNT_LIMIT),
      await throttleState(trx, addressBucket, ADDRESS_LIMIT),
    ]
    if (account.blocked || address.blocked) {
      await recordAudit(trx, {
        actorType: input.audience,
        action: `${input.audience}.login_throttled`,
        clientIp: input.clientIp,
        details: { ...input.details, scope: account.blocked ? 'account' : 'address' },
      })
      return {
        blocked: throttledError(
          Math.max(account.retryAfterMs, address.retryAfterMs),
          account.blocked,
        ),
      }
    }
    return { eventIds: await recordThrottleEvent(trx, [accountBucket, addressBucket]) }
  })
  if ('blocked' in attempt) throw attempt.blocked
  const eventIds: number[] = attempt.eventIds
  try {
    const result = await authenticate()
    await db.transaction(async (trx) => {
      await trx('throttle_events').whereIn('id', eventIds).delete()
      await clearThrottle(trx, accountBucket)
    })
    return result
  } catch (err) {
    if (err instanceof DomainError && err.code === 'INVALID_CREDENTIALS') {
      await db.transaction(async (trx) => {
        await recordAudit(trx, {
          actorType: input.audience,
          action: `${input.audience}.login_failed`,
          clientIp: input.clientIp,
          details: input.details,
        })
        const after = await throttleState(trx, accountBucket, ACCOUNT_LIMIT)
        if (after.blocked) {
          await recordAudit(trx, {
            actorType: input.audience,
            action: `${input.audience}.account_locked`,
            clientIp: input.clientIp,
            details: input.details,
          })
        }
      })
    } else {
      // Not a wrong password (the hash pool failed…): the attempt does not count.
      await db('throttle_events').whereIn('id', eventIds).delete()
    }
    throw err
  }
}

/** True while the database has no staff account: the back office then asks for the administrator's. */
export async function setupRequired(trx: Trx): Promise<boolean> {
  const row = await trx('staff_users').count<{ n: number }[]>({ n: '*' }).first()
  return Number(row?.n ?? 0) === 0
}

/**
 * The first start of a production database: the administrator chooses their identifiant and
 * password (no default password ships). Refused once any staff account exists.
 */
export async function createFirstAdministrator(
  db: Db,
  hasher: PasswordHasher,
  input: {
    login: string
    displayName: string
    password: string
    confirmation: string
    clientIp: string
  },
): Promise<{ staffUserId: number }> {
  const already = new DomainError(
    'SETUP_REQUIRED',
    'Le compte administrateur existe déjà : connectez-vous.',
  )
  if (!(await setupRequired(db))) throw already
  const login = normalizeLogin(input.login)
  assertAcceptablePassword(input.password, input.confirmation, { login })
  const passwordHash = await hasher.hash(input.password)
  return db.transaction(async (trx) => {
    if (!(await setupRequired(trx))) throw already
    const now = new Date().toISOString()
    const [row] = await trx('staff_users')
      .insert({
        login,
        display_name: input.displayName.trim(),
        role: 'admin',
        password_hash: passwordHash,
        created_at: now,
        updated_at: now,
      })
      .returning<{ id: number }[]>('id')
    if (!row) throw new Error('staff_users insert returned no id')
    await recordAudit(trx, {
      actorType: 'staff',
      actorId: row.id,
      action: 'staff.administrator_created',
      clientIp: input.clientIp,
      details: { login },
    })
    return { staffUserId: row.id }
  })
}
