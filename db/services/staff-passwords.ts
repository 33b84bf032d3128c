// The link of a new staff account's mail: a one-time token, like the families' (same rules, same
// policy), in a table of its own, leading to the back office's "Choisir un mot de passe".
import { isoNow, type Clock } from '../clock.ts'
import type { Db, Trx } from '../connection.ts'
import { DomainError } from '../errors.ts'
import { assertAcceptablePassword } from '../password-policy.ts'
import type { PasswordHasher } from '../password.ts'
import { recordAudit } from './audit.ts'
import { ACCESS_LINK_DAYS, hashToken, newLinkToken } from './passwords.ts'
import { endStaffSessions } from './sessions.ts'

/** The back office's page to choose a password, on STAFF_URL. */
export function staffPasswordLink(staffUrl: string, token: string): string {
  return `${staffUrl}/choisir-mot-de-passe?jeton=${encodeURIComponent(token)}`
}

/** The link of a staff mail being sent: a new token; any earlier unused one stops working. */
export async function issueStaffPasswordLink(
  trx: Trx,
  input: { staffUserId: number; staffUrl: string; clock: Clock },
): Promise<string> {
  const { token, row } = newLinkToken(ACCESS_LINK_DAYS * 86_400_000, input.clock)
  await trx('staff_password_tokens')
    .where({ staff_user_id: input.staffUserId })
    .whereNull('used_at')
    .delete()
  await trx('staff_password_tokens').insert({
    ...row,
    staff_user_id: input.staffUserId,
    purpose: 'access',
  })
  return staffPasswordLink(input.staffUrl, token)
}

const EXPIRED_LINK =
  'Ce lien n’est plus valable : il a expiré ou a déjà servi. Demandez à l’administrateur de vous en envoyer un nouveau.'

/** An unused, unexpired link of an active account; LINK_EXPIRED otherwise. */
async function validLink(
  trx: Trx,
  token: string,
  clock: Clock,
): Promise<{ id: number; staffUserId: number; login: string; displayName: string }> {
  const row = await trx('staff_password_tokens')
    .join('staff_users', 'staff_users.id', 'staff_password_tokens.staff_user_id')
    .where({ token_hash: hashToken(token), 'staff_users.active': true })
    .whereNull('used_at')
    .where('expires_at', '>', isoNow(clock))
    .first<{ id: number; staff_user_id: number; login: string; display_name: string } | undefined>(
      'staff_password_tokens.id',
      'staff_password_tokens.staff_user_id',
      'staff_users.login',
      'staff_users.display_name',
    )
  if (!row) throw new DomainError('LINK_EXPIRED', EXPIRED_LINK)
  return {
    id: row.id,
    staffUserId: row.staff_user_id,
    login: row.login,
    displayName: row.display_name,
  }
}

/** What the back office's "Choisir un mot de passe" shows for a link. */
export async function describeStaffPasswordLink(
  trx: Trx,
  token: string,
  clock: Clock,
): Promise<{ login: string; displayName: string }> {
  const { login, displayName } = await validLink(trx, token, clock)
  return { login, displayName }
}

/**
 * Chooses the password with the link: the policy is checked, the password hashed outside any
 * transaction, then in one transaction the link is used, the password stored, and any session of
 * the account ended.
 */
export async function setStaffPasswordWithLink(
  db: Db,
  hasher: PasswordHasher,
  input: { token: string; password: string; confirmation: string; clientIp: string; clock: Clock },
): Promise<{ login: string }> {
  const before = await db.transaction((trx) => validLink(trx, input.token, input.clock))
  assertAcceptablePassword(input.password, input.confirmation, { login: before.login })
  const passwordHash = await hasher.hash(input.password)
  return db.transaction(async (trx) => {
    const link = await validLink(trx, input.token, input.clock)
    if (link.id !== before.id) throw new DomainError('LINK_EXPIRED', EXPIRED_LINK)
    const now = isoNow(input.clock)
    await trx('staff_password_tokens').where({ id: link.id }).update({ used_at: now })
    await trx('staff_users')
      .where({ id: link.staffUserId })
      .update({ password_hash: passwordHash, updated_at: now })
    const ended = await endStaffSessions(trx, link.staffUserId, input.clock)
    await recordAudit(trx, {
      clock: input.clock,
      actorType: 'staff',
      actorId: link.staffUserId,
      action: 'staff.password_chosen',
      entityType: 'staff_user',
      entityId: link.staffUserId,
      clientIp: input.clientIp,
      details: { sessionsEnded: ended },
    })
    return { login: link.login }
  })
}
