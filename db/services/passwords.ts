import { createHash, randomBytes } from 'node:crypto'
import { isoNow, type Clock } from '../clock.ts'
import type { Db, Trx } from '../connection.ts'
import { DomainError } from '../errors.ts'
import { passwordChangedMail } from '../mail-templates.ts'
import { assertAcceptablePassword } from '../password-policy.ts'
import type { PasswordHasher } from '../password.ts'
import { guardianProfile, type GuardianProfile } from './access.ts'
import { recordAudit } from './audit.ts'
import { enqueueMail } from './outbox.ts'
import { endGuardianSessions } from './sessions.ts'

export const RESET_LINK_TTL_MS = 60 * 60_000
export const ACCESS_LINK_DAYS = 7

/** Where the links of the mails lead: built on PUBLIC_URL only, never on a request's Host. */
export function passwordLink(publicUrl: string, token: string): string {
  return `${publicUrl}/choisir-mot-de-passe?jeton=${encodeURIComponent(token)}`
}

/** Only the sha-256 of a link's token is stored: a copy of the database opens no link. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** A new random token for a link, and the columns of its row (families' and staff's alike). */
export function newLinkToken(
  ttlMs: number,
  clock: Clock,
): { token: string; row: { token_hash: string; created_at: string; expires_at: string } } {
  const token = randomBytes(32).toString('base64url')
  const now = clock.now().getTime()
  const row = {
    token_hash: hashToken(token),
    created_at: new Date(now).toISOString(),
    expires_at: new Date(now + ttlMs).toISOString(),
  }
  return { token, row }
}

/** A new one-time token for a guardian; any earlier unused link of theirs stops working. */
async function issueToken(
  trx: Trx,
  guardianId: number,
  purpose: 'access' | 'reset',
  ttlMs: number,
  clock: Clock,
): Promise<string> {
  const { token, row } = newLinkToken(ttlMs, clock)
  await trx('password_tokens').where({ guardian_id: guardianId }).whereNull('used_at').delete()
  await trx('password_tokens').insert({ ...row, guardian_id: guardianId, purpose })
  return token
}

/**
 * The link of a mail that is being sent (never earlier: no token is stored in clear): a new
 * one-time token, valid one hour for a lost password, seven days for a first access.
 */
export async function issuePasswordLink(
  trx: Trx,
  input: { guardianId: number; purpose: 'access' | 'reset'; publicUrl: string; clock: Clock },
): Promise<string> {
  const ttl = input.purpose === 'reset' ? RESET_LINK_TTL_MS : ACCESS_LINK_DAYS * 86_400_000
  const token = await issueToken(trx, input.guardianId, input.purpose, ttl, input.clock)
  return passwordLink(input.publicUrl, token)
}

export interface PasswordLinkInfo {
  purpose: 'access' | 'reset'
  siteName: string
  login: string
}

const EXPIRED_LINK =
  'Ce lien n’est plus valable : il a expiré ou a déjà servi. Faites une nouvelle demande avec « Mot de passe perdu ».'

/** An unused, unexpired link of a guardian who may use the extranet; LINK_EXPIRED otherwise. */
async function validLink(
  trx: Trx,
  token: string,
  clock: Clock,
): Promise<{ id: number; purpose: 'access' | 'reset'; guardian: GuardianProfile }> {
  const row = await trx('password_tokens')
    .where({ token_hash: hashToken(token) })
    .whereNull('used_at')
    .where('expires_at', '>', isoNow(clock))
    .first<{ id: number; guardian_id: number; purpose: 'access' | 'reset' } | undefined>()
  const guardian = row && (await guardianProfile(trx, row.guardian_id))
  if (!row || !guardian) throw new DomainError('LINK_EXPIRED', EXPIRED_LINK)
  return { id: row.id, purpose: row.purpose, guardian }
}

/** What the "Choisir un mot de passe" page shows for a link; throws when the link is not valid. */
export async function describePasswordLink(
  trx: Trx,
  token: string,
  clock: Clock,
): Promise<PasswordLinkInfo> {
  const link = await validLink(trx, token, clock)
  return {
    purpose: link.purpose,
    siteName: link.guardian.site.name,
    login: link.guardian.login ?? '',
  }
}

/** Common end of a password change: the new hash, every session ended, a notification mail. */
export async function storeNewPassword(
  trx: Trx,
  input: {
    guardian: GuardianProfile
    passwordHash: string
    publicUrl: string
    action: string
    clientIp: string
    clock: Clock
    /** The session that stays open (a change from the "Mot de passe" menu). */
    keepSessionId?: string
  },
): Promise<void> {
  const { guardian } = input
  const now = isoNow(input.clock)
  await trx('guardians')
    .where({ id: guardian.id })
    .update({ password_hash: input.passwordHash, password_changed_at: now, updated_at: now })
  const ended = await endGuardianSessions(trx, [guardian.id], input.clock, input.keepSessionId)
  if (guardian.email) {
    await enqueueMail(trx, {
      kind: 'password_changed',
      to: guardian.email,
      siteId: guardian.siteId,
      guardianId: guardian.id,
      clock: input.clock,
      mail: passwordChangedMail({
        site: guardian.site,
        guardian: guardian.guardian,
        login: guardian.login ?? '',
        portalUrl: input.publicUrl,
      }),
    })
  }
  await recordAudit(trx, {
    clock: input.clock,
    actorType: 'family',
    actorId: guardian.id,
    action: input.action,
    entityType: 'guardian',
    entityId: guardian.id,
    familyId: guardian.familyId,
    clientIp: input.clientIp,
    details: { sessionsEnded: ended },
  })
}

/**
 * "Choisir un mot de passe": checks the policy, hashes (outside any transaction: the database has
 * one connection), then in one transaction uses the link, sets the password, ends every session of
 * the guardian and writes the notification mail.
 */
export async function setPasswordWithLink(
  db: Db,
  hasher: PasswordHasher,
  input: {
    token: string
    password: string
    confirmation: string
    publicUrl: string
    clientIp: string
    clock: Clock
  },
): Promise<{ siteId: number; login: string }> {
  const before = await db.transaction((trx) => validLink(trx, input.token, input.clock))
  const login = before.guardian.login ?? ''
  assertAcceptablePassword(input.password, input.confirmation, { login })
  const passwordHash = await hasher.hash(input.password)
  return db.transaction(async (trx) => {
    const link = await validLink(trx, input.token, input.clock)
    if (link.id !== before.id) throw new DomainError('LINK_EXPIRED', EXPIRED_LINK)
    await trx('password_tokens')
      .where({ id: link.id })
      .update({ used_at: isoNow(input.clock) })
    await storeNewPassword(trx, {
      guardian: link.guardian,
      passwordHash,
      publicUrl: input.publicUrl,
      clientIp: input.clientIp,
      clock: input.clock,
      action: link.purpose === 'access' ? 'family.password_chosen' : 'family.password_reset',
    })
    return { siteId: link.guardian.siteId, login: link.guardian.login ?? '' }
  })
}
