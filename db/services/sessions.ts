import { createHash, randomBytes } from 'node:crypto'
import { isoNow, type Clock } from '../clock.ts'
import { writeGeneration, type Trx } from '../connection.ts'
import type { Sql } from '../prepared.ts'
import {
  ACTIVE_GUARDIAN,
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

/** The session of a cookie, with the person it stands for if they may still come in. */
interface SessionRow {
  last_seen_at: string
  expires_at: string
  ended_at: string | null
  /** The guardian, and whether they may still use the extranet (family sessions). */
  allowed?: number
  family_id?: number | null
  site_id?: number | null
  guardian_id?: number | null
  /** The staff member, if their account is active (staff sessions). */
  staff_user_id?: number | null
  role?: string | null
  site_ids?: string | null
}

/** One statement per audience: the session and, joined, its owner if still allowed in. */
const SESSION_SQL: Record<Audience, string> = {
  family: `SELECT sessions.last_seen_at, sessions.expires_at, sessions.ended_at,
      guardians.id AS guardian_id, guardians.family_id, guardians.site_id,
      CASE WHEN ${ACTIVE_GUARDIAN} THEN 1 ELSE 0 END AS allowed
    FROM sessions
    LEFT JOIN guardians ON guardians.id = sessions.guardian_id
    LEFT JOIN families ON families.id = guardians.family_id
    LEFT JOIN sites ON sites.id = guardians.site_id
    WHERE sessions.id_hash = ? AND sessions.audience = 'family'`,
  staff: `SELECT sessions.last_seen_at, sessions.expires_at, sessions.ended_at,
      staff_users.id AS staff_user_id, staff_users.role,
      (SELECT group_concat(site_id) FROM staff_user_sites
        WHERE staff_user_id = staff_users.id) AS site_ids
    FROM sessions LEFT JOIN staff_users
      ON staff_users.id = sessions.staff_user_id AND staff_users.active = 1
    WHERE sessions.id_hash = ? AND sessions.audience = 'staff'`,
}

function sessionUser(row: SessionRow): SessionUser | undefined {
  if (row.allowed === 1 && row.guardian_id && row.family_id && row.site_id) {
    return { guardianId: row.guardian_id, familyId: row.family_id, siteId: row.site_id }
  }
  if (row.staff_user_id && row.role) {
    return activeStaffUser({
      id: row.staff_user_id,
      role: row.role,
      site_ids: row.site_ids ?? null,
    })
  }
  return undefined
}

/** What a session check is given: the cookie's id, the listener's audience and policy, the clock. */
export interface SessionAsked {
  id: string
  audience: Audience
  policy: SessionPolicy
  clock: Clock
}

interface Remembered {
  /** writeGeneration() when the session was read. */
  generation: number
  lastSeenMs: number
  expiresMs: number
  user: SessionUser
}

/**
 * The sessions found valid lately, each with the write generation it was read at
 * (db/connection.ts): while nothing at all has been written to the database since, a session found
 * valid still is, but for time (idle, too old, or due for its « last seen »), checked again at each
 * recall. Any write — a logout, a password changed, a guardian archived, an access withdrawn, a
 * restore, even another family's session kept alive — sends every check back to the database:
 * there is no list of changes that must remember to drop a session. One per listener.
 */
export class SessionMemory {
  readonly #found = new Map<string, Remembered>()

  constructor(readonly capacity = 10_000) {}

  /** The person of a session found valid since the last write, if it is still valid now. */
  recall(asked: SessionAsked): SessionUser | null {
    const key = `${asked.audience}:${asked.id}`
    const known = this.#found.get(key)
    if (!known) return null
    if (known.generation !== writeGeneration()) {
      this.#found.delete(key)
      return null
    }
    const now = asked.clock.now().getTime()
    const due = now - known.lastSeenMs >= TOUCH_EVERY_MS
    const over = known.lastSeenMs + asked.policy.idleMs <= now || known.expiresMs <= now
    return due || over ? null : known.user
  }

  /** Keeps a session just found valid (call it in the transaction that read it). */
  remember(asked: SessionAsked, found: Omit<Remembered, 'generation'>): void {
    const key = `${asked.audience}:${asked.id}`
    this.#found.delete(key) // to the end: the most recently found
    const oldest = this.#found.keys().next().value
    if (this.#found.size >= this.capacity && oldest !== undefined) this.#found.delete(oldest)
    // One object for every request of the session: none may change it for the others.
    if ('siteIds' in found.user && found.user.siteIds) Object.freeze(found.user.siteIds)
    this.#found.set(key, {
      ...found,
      user: Object.freeze(found.user),
      generation: writeGeneration(),
    })
  }
}

/**
 * The session of a request's cookie, with the person it stands for, as long as both still hold:
 * the session is not over (it is kept alive while used, ended when idle or too old), and the
 * guardian may still use the extranet (access enabled, nothing archived, site active) or the staff
 * account is still active. One prepared statement, on every request that `memory` cannot answer
 * (SessionMemory: nothing written since it was read), which then keeps what was found valid.
 */
export function resumeSession(
  sql: Sql,
  input: SessionAsked & { memory?: SessionMemory },
): { status: 'valid'; user: SessionUser } | { status: 'expired' | 'unknown' } {
  const idHash = hashSessionId(input.id)
  const row = sql.get<SessionRow>(SESSION_SQL[input.audience], idHash)
  if (!row) return { status: 'unknown' }
  if (row.ended_at !== null) return { status: 'expired' }
  const now = input.clock.now().getTime()
  const lastSeen = Date.parse(row.last_seen_at)
  if (lastSeen + input.policy.idleMs <= now || Date.parse(row.expires_at) <= now) {
    const end = 'UPDATE sessions SET ended_at = ? WHERE id_hash = ?'
    sql.run(end, new Date(now).toISOString(), idHash)
    return { status: 'expired' }
  }
  const touched = now - lastSeen >= TOUCH_EVERY_MS
  if (touched) {
    const touch = 'UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?'
    sql.run(touch, new Date(now).toISOString(), idHash)
  }
  const user = sessionUser(row)
  if (!user) return { status: 'unknown' }
  const seen = { lastSeenMs: touched ? now : lastSeen, expiresMs: Date.parse(row.expires_at) }
  input.memory?.remember(input, { ...seen, user })
  return { status: 'valid', user }
}
