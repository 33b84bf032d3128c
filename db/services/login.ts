import type { Clock } from '../clock.ts'
import type { Db, Trx } from '../connection.ts'
import { DomainError } from '../errors.ts'
import type { PasswordHasher } from '../password.ts'
import { activeGuardians } from './access.ts'
import { recordAudit } from './audit.ts'
import { requireOpenSite } from './sites.ts'
import { endSession, openSession, type SessionPolicy, type SessionUser } from './sessions.ts'
import {
  ACCOUNT_LIMIT,
  blockedAttempt,
  clearThrottle,
  recordThrottleEvent,
  throttleState,
  waitText,
} from './throttle.ts'

/** The one message for a wrong site, identifiant or password: it tells nothing of which. */
export const INVALID_CREDENTIALS_MESSAGE =
  'Site, identifiant ou mot de passe incorrect. Vérifiez votre saisie.'
export const INVALID_STAFF_CREDENTIALS_MESSAGE =
  'Identifiant ou mot de passe incorrect. Vérifiez votre saisie.'

export function normalizeLogin(login: string): string {
  return login.trim().toLowerCase()
}

export type LoginInput =
  | { audience: 'family'; siteId: number; login: string; password: string }
  | { audience: 'staff'; login: string; password: string }

/** Where the attempt comes from, and the session it replaces. */
export interface LoginContext {
  clientIp: string
  userAgent: string
  /** The session of the browser's cookie, ended by the new login. */
  previousSessionId: string | null
  policy: SessionPolicy
  clock: Clock
}

/** The account a login names, when it may log in (a family: see activeGuardians). */
interface Candidate {
  owner: { guardianId: number } | { staffUserId: number }
  familyId: number | null
  passwordHash: string | null
}

async function findCandidate(trx: Trx, input: LoginInput): Promise<Candidate | undefined> {
  const login = normalizeLogin(input.login)
  if (input.audience === 'family') {
    const row = await activeGuardians(trx)
      .where({ 'guardians.site_id': input.siteId, 'guardians.login': login })
      .first<{ id: number; family_id: number; password_hash: string | null } | undefined>(
        'guardians.id',
        'guardians.family_id',
        'guardians.password_hash',
      )
    return (
      row && {
        owner: { guardianId: row.id },
        familyId: row.family_id,
        passwordHash: row.password_hash,
      }
    )
  }
  const row = await trx('staff_users')
    .where({ login, active: true })
    .first<{ id: number; password_hash: string | null } | undefined>('id', 'password_hash')
  return row && { owner: { staffUserId: row.id }, familyId: null, passwordHash: row.password_hash }
}

function buckets(input: LoginInput): { account: string; address: (ip: string) => string } {
  const key =
    input.audience === 'family'
      ? `${input.siteId}:${normalizeLogin(input.login)}`
      : normalizeLogin(input.login)
  return {
    account: `${input.audience}-login-account:${key}`,
    address: (ip) => `${input.audience}-login-ip:${ip}`,
  }
}

function auditDetails(input: LoginInput): Record<string, unknown> {
  const login = normalizeLogin(input.login)
  return input.audience === 'family' ? { siteId: input.siteId, login } : { login }
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
 * Checks the throttle and counts the attempt, before the password is checked: attempts sent in
 * parallel cannot all slip under the limit. A blocked attempt is audited and refused.
 */
async function countAttempt(
  trx: Trx,
  input: LoginInput,
  context: LoginContext,
): Promise<{ blocked: DomainError } | { eventIds: number[]; candidate: Candidate | undefined }> {
  const bucket = buckets(input)
  const address = bucket.address(context.clientIp)
  const now = context.clock.now().getTime()
  const blocked = await blockedAttempt(trx, { account: bucket.account, address }, now)
  if (blocked) {
    await recordAudit(trx, {
      clock: context.clock,
      actorType: input.audience,
      action: `${input.audience}.login_throttled`,
      clientIp: context.clientIp,
      details: { ...auditDetails(input), scope: blocked.scope },
    })
    return { blocked: throttledError(blocked.waitMs, blocked.scope === 'account') }
  }
  const eventIds = await recordThrottleEvent(trx, [bucket.account, address], now)
  return { eventIds, candidate: await findCandidate(trx, input) }
}

/** The right password: the attempt is taken back, the account starts afresh, a session opens. */
async function succeed(
  trx: Trx,
  input: LoginInput,
  context: LoginContext,
  attempt: { eventIds: number[]; candidate: Candidate },
): Promise<string> {
  await trx('throttle_events').whereIn('id', attempt.eventIds).delete()
  await clearThrottle(trx, buckets(input).account)
  if (context.previousSessionId) await endSession(trx, context.previousSessionId, context.clock)
  const { owner, familyId } = attempt.candidate
  const guardianId = 'guardianId' in owner ? owner.guardianId : null
  await recordAudit(trx, {
    clock: context.clock,
    actorType: input.audience,
    actorId: guardianId ?? ('staffUserId' in owner ? owner.staffUserId : null),
    action: `${input.audience}.login`,
    ...(guardianId ? { entityType: 'guardian', entityId: guardianId, familyId } : {}),
    clientIp: context.clientIp,
  })
  return openSession(trx, { audience: input.audience, owner, ...context })
}

/** A wrong password (or an unknown account): audited, and the account locked at the limit. */
async function fail(trx: Trx, input: LoginInput, context: LoginContext): Promise<void> {
  const entry = { actorType: input.audience, clientIp: context.clientIp, clock: context.clock }
  await recordAudit(trx, {
    ...entry,
    action: `${input.audience}.login_failed`,
    details: auditDetails(input),
  })
  const now = context.clock.now().getTime()
  const after = await throttleState(trx, buckets(input).account, ACCOUNT_LIMIT, now)
  if (after.blocked) {
    await recordAudit(trx, {
      ...entry,
      action: `${input.audience}.account_locked`,
      details: auditDetails(input),
    })
  }
}

/**
 * A login, for a family or the staff, with throttling kept in the database: after 10 failures on
 * one account within 15 minutes that account waits (even the right password is refused
 * meanwhile); a client address gets 50 tries in 15 minutes. The password is checked between two
 * transactions (bcrypt takes a quarter of a second; the database has one connection). Every login,
 * failure and lock goes into the audit log, with no password. Returns the new session's id.
 */
export async function logIn(
  db: Db,
  hasher: PasswordHasher,
  input: LoginInput,
  context: LoginContext,
): Promise<string> {
  // Before any site is open, the extranet says so rather than "wrong password".
  if (input.audience === 'family') await db.transaction((trx) => requireOpenSite(trx, 'family'))
  const attempt = await db.transaction((trx) => countAttempt(trx, input, context))
  if ('blocked' in attempt) throw attempt.blocked
  let matches: boolean
  try {
    matches = await hasher.verify(input.password, attempt.candidate?.passwordHash ?? null)
  } catch (err) {
    // Not a wrong password (the hash pool failed…): the attempt does not count.
    await db.transaction((trx) => trx('throttle_events').whereIn('id', attempt.eventIds).delete())
    throw err
  }
  const { candidate } = attempt
  if (candidate && candidate.passwordHash !== null && matches) {
    return db.transaction((trx) => succeed(trx, input, context, { ...attempt, candidate }))
  }
  await db.transaction((trx) => fail(trx, input, context))
  throw new DomainError(
    'INVALID_CREDENTIALS',
    input.audience === 'family' ? INVALID_CREDENTIALS_MESSAGE : INVALID_STAFF_CREDENTIALS_MESSAGE,
  )
}

/** Déconnexion: the session ends, and the audit log says so. */
export async function logOut(
  trx: Trx,
  input: {
    sessionId: string
    user: SessionUser
    clientIp: string
    clock: Clock
  },
): Promise<void> {
  await endSession(trx, input.sessionId, input.clock)
  const { user } = input
  await recordAudit(trx, {
    clock: input.clock,
    ...('guardianId' in user
      ? { actorType: 'family', actorId: user.guardianId, familyId: user.familyId }
      : { actorType: 'staff', actorId: user.staffUserId }),
    action: 'guardianId' in user ? 'family.logout' : 'staff.logout',
    clientIp: input.clientIp,
  })
}
