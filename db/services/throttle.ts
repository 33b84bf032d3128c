import type { Trx } from '../connection.ts'

/** The limits of DESIGN/issue: per account 10 failures, per client address 50, in 15 minutes. */
export const THROTTLE_WINDOW_MS = 15 * 60_000
export const ACCOUNT_LIMIT = 10
export const ADDRESS_LIMIT = 50

export interface ThrottleState {
  blocked: boolean
  /** When blocked: how long before the next try is allowed. */
  retryAfterMs: number
}

/** Whether a bucket (an account, a client address) has reached its limit in the sliding window. */
export async function throttleState(
  trx: Trx,
  bucket: string,
  limit: number,
  now: number,
): Promise<ThrottleState> {
  const since = new Date(now - THROTTLE_WINDOW_MS).toISOString()
  const rows = await trx('throttle_events')
    .where({ bucket })
    .where('at', '>', since)
    .orderBy('at', 'desc')
    .limit(limit)
    .select<{ at: string }[]>('at')
  if (rows.length < limit) return { blocked: false, retryAfterMs: 0 }
  // The oldest of the last `limit` events must leave the window before the next try.
  const oldest = rows[rows.length - 1]
  const retryAfterMs = oldest
    ? Date.parse(oldest.at) + THROTTLE_WINDOW_MS - now
    : THROTTLE_WINDOW_MS
  return { blocked: retryAfterMs > 0, retryAfterMs: Math.max(0, retryAfterMs) }
}

/** Records one event (a login attempt, a lost-password request) in each bucket, and forgets old ones. */
export async function recordThrottleEvent(
  trx: Trx,
  buckets: string[],
  now: number,
): Promise<number[]> {
  const at = new Date(now).toISOString()
  const ids: number[] = []
  for (const bucket of buckets) {
    const [row] = await trx('throttle_events')
      .insert({ bucket, at })
      .returning<{ id: number }[]>('id')
    if (row) ids.push(row.id)
  }
  await trx('throttle_events')
    .where('at', '<', new Date(now - THROTTLE_WINDOW_MS).toISOString())
    .delete()
  return ids
}

/** After a successful login, the account starts afresh. */
export async function clearThrottle(trx: Trx, bucket: string): Promise<void> {
  await trx('throttle_events').where({ bucket }).delete()
}

/** "dans 7 minutes": how a wait is said to a user. */
export function waitText(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000))
  return minutes === 1 ? 'dans une minute' : `dans ${minutes} minutes`
}

export interface Blocked {
  /** Which limit was reached: the account's own, or the client address's. */
  scope: 'account' | 'address'
  waitMs: number
}

/** Whether an account or the client address has reached its limit; null when a try is allowed. */
export async function blockedAttempt(
  trx: Trx,
  buckets: { account: string; address: string },
  now: number,
): Promise<Blocked | null> {
  const account = await throttleState(trx, buckets.account, ACCOUNT_LIMIT, now)
  const address = await throttleState(trx, buckets.address, ADDRESS_LIMIT, now)
  if (!account.blocked && !address.blocked) return null
  return {
    scope: account.blocked ? 'account' : 'address',
    waitMs: Math.max(account.retryAfterMs, address.retryAfterMs),
  }
}
