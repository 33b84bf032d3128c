import { createHash, randomBytes } from 'node:crypto'
import { isoNow, type Clock } from '../clock.ts'
import type { Trx } from '../connection.ts'
import {
  activeGuardian,
  activeStaffUser,
  type ActiveGuardian,
  type ActiveStaffUser,
} from './access.ts'

export type Audience = 'family' | 'staff'

export interface SessionPolicy {
  /** A session unused for this long is over. */
  idleMs: number
  /** A session is over this long after the login, used or not. */
  absoluteMs: number
}

export interface SessionOwner {
  guardianId?: number
  staffUserId?: number
}

export type SessionLookup =
  | { status: 'valid'; owner: SessionOwner; idHash: string }
  | { status: 'expired' }
  | { status: 'unknown' }

interface SessionRow {
  id_hash: string
  audience: Audience
  guardian_id: number | null
  staff_user_id: number | null
  last_seen_at: string
  expires_at: string
  ended_at: string | null
}

/** Only the hash of a session id is stored: a copy of the database opens no session. */
export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('hex')
}

/** Opens a session and returns the random id to put in the cookie. */
export async function openSession(
  trx: Trx,
  input: {
    audience: Audience
    owner: SessionOwner
    policy: SessionPolicy
    clientIp: string
    userAgent: string
    clock: Clock
  },
): Promise<string> {
  const id = randomBytes(32).toString('base64url')
  const now = input.clock.now().getTime()
  await trx('sessions').insert({
    id_hash: hashSessionId(id),
    audience: input.audience,
    guardian_id: input.owner.guardianId ?? null,
    staff_user_id: input.owner.staffUserId ?? null,
    created_at: new Date(now).toISOString(),
    last_seen_at: new Date(now).toISOString(),
    expires_at: new Date(now + input.policy.absoluteMs).toISOString(),
    client_ip: input.clientIp.slice(0, 64),
    user_agent: input.userAgent.slice(0, 300),
  })
  return id
}

/** How often the "last seen" time is written, so that reading pages does not write each time. */
const TOUCH_EVERY_MS = 30_000

/** Finds a session by the id of its cookie, and keeps it alive while it is used. */
async function findSession(
  trx: Trx,
  input: { id: string; audience: Audience; policy: SessionPolicy; clock: Clock },
): Promise<SessionLookup> {
  const idHash = hashSessionId(input.id)
  const row = await trx<SessionRow>('sessions')
    .where({ id_hash: idHash, audience: input.audience })
    .first()
  if (!row) return { status: 'unknown' }
  const now = input.clock.now().getTime()
  if (row.ended_at !== null) return { status: 'expired' }
  const idleOver = Date.parse(row.last_seen_at) + input.policy.idleMs <= now
  if (idleOver || Date.parse(row.expires_at) <= now) {
    await trx('sessions')
      .where({ id_hash: idHash })
      .update({ ended_at: new Date(now).toISOString() })
    return { status: 'expired' }
  }
  if (now - Date.parse(row.last_seen_at) >= TOUCH_EVERY_MS) {
    await trx('sessions')
      .where({ id_hash: idHash })
      .update({ last_seen_at: new Date(now).toISOString() })
  }
  const owner: SessionOwner =
    row.guardian_id !== null
      ? { guardianId: row.guardian_id }
      : { staffUserId: row.staff_user_id ?? 0 }
  return { status: 'valid', owner, idHash }
}

/** Ends one session (Déconnexion). */
export async function endSession(trx: Trx, id: string, clock: Clock): Promise<void> {
  await trx('sessions')
    .where({ id_hash: hashSessionId(id) })
    .whereNull('ended_at')
    .update({ ended_at: isoNow(clock) })
}

/** Ends every open session of a guardian (password reset, access disabled), but `exceptId`'s. */
export async function endGuardianSessions(
  trx: Trx,
  guardianIds: number[],
  clock: Clock,
  exceptId?: string,
): Promise<number> {
  const query = trx('sessions').whereIn('guardian_id', guardianIds).whereNull('ended_at')
  if (exceptId) query.whereNot({ id_hash: hashSessionId(exceptId) })
  return query.update({ ended_at: isoNow(clock) })
}

/** Ends every open session of a staff member (account disabled, password chosen). */
export async function endStaffSessions(
  trx: Trx,
  staffUserId: number,
  clock: Clock,
): Promise<number> {
  return trx('sessions')
    .where({ staff_user_id: staffUserId })
    .whereNull('ended_at')
    .update({ ended_at: isoNow(clock) })
}

/** Who a session stands for: a guardian (with their family and site) or a staff member. */
export type SessionUser = ActiveGuardian | ActiveStaffUser

/**
 * The session of a request's cookie, with the person it stands for, as long as both still hold:
 * the session is not over, and the guardian may still use the extranet (access enabled, nothing
 * archived, site active) or the staff account is still active.
 */
export async function resumeSession(
  trx: Trx,
  input: { id: string; audience: Audience; policy: SessionPolicy; clock: Clock },
): Promise<{ status: 'valid'; user: SessionUser } | { status: 'expired' | 'unknown' }> {
  const found = await findSession(trx, input)
  if (found.status !== 'valid') return found
  const { guardianId, staffUserId } = found.owner
  const user =
    input.audience === 'family'
      ? await activeGuardian(trx, guardianId ?? 0)
      : await activeStaffUser(trx, staffUserId ?? 0)
  return user ? { status: 'valid', user } : { status: 'unknown' }
}
