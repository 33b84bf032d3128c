// "Mot de passe perdu": a link by mail to choose a new password, throttled like logins.
import type { Clock } from '../clock.ts'
import type { Trx } from '../connection.ts'
import { DomainError } from '../errors.ts'
import { LINK_PLACEHOLDER, resetMail } from '../mail-templates.ts'
import { activeGuardians, guardianProfile } from './access.ts'
import { recordAudit } from './audit.ts'
import { normalizeLogin } from './login.ts'
import { enqueueMail } from './outbox.ts'
import { blockedAttempt, recordThrottleEvent, waitText } from './throttle.ts'

export const RESET_ANSWER =
  'Si ces informations correspondent à un accès, un courriel vient d’être envoyé à cette adresse avec un lien pour choisir un nouveau mot de passe (valable une heure). Pensez à regarder dans vos courriers indésirables.'

/** Refuses a reset request past the limits (as for logins), after auditing it. */
async function throttleReset(
  trx: Trx,
  input: { siteId: number; login: string; clientIp: string; clock: Clock },
): Promise<DomainError | null> {
  const buckets = {
    account: `reset-account:${input.siteId}:${input.login}`,
    address: `reset-ip:${input.clientIp}`,
  }
  const now = input.clock.now().getTime()
  const blocked = await blockedAttempt(trx, buckets, now)
  if (blocked) {
    await recordAudit(trx, {
      clock: input.clock,
      actorType: 'family',
      action: 'family.reset_throttled',
      clientIp: input.clientIp,
      details: { siteId: input.siteId, login: input.login },
    })
    const message = `Trop de demandes ont été faites. Réessayez ${waitText(blocked.waitMs)}.`
    return new DomainError('THROTTLED', message, {
      retryAfterSeconds: String(Math.ceil(blocked.waitMs / 1000)),
    })
  }
  await recordThrottleEvent(trx, [buckets.account, buckets.address], now)
  return null
}

/**
 * "Mot de passe perdu": when site, identifiant and e-mail match a guardian who may use the
 * extranet, a one-time link valid for one hour is mailed. The caller answers RESET_ANSWER either
 * way. Throttled like logins: a refused request is audited, and the refusal returned for the
 * caller to answer once the transaction (and its audit entry) is committed.
 */
export async function requestPasswordReset(
  trx: Trx,
  input: {
    siteId: number
    login: string
    email: string
    clientIp: string
    clock: Clock
  },
): Promise<{ refused: DomainError | null }> {
  const login = normalizeLogin(input.login)
  const refused = await throttleReset(trx, { ...input, login })
  if (refused) return { refused }
  const row = await activeGuardians(trx)
    .where({ 'guardians.site_id': input.siteId, 'guardians.login': login })
    .whereRaw('lower(trim(guardians.email)) = ?', [input.email.trim().toLowerCase()])
    .first<{ id: number } | undefined>('guardians.id')
  const guardian = row && (await guardianProfile(trx, row.id))
  if (!guardian) {
    await recordAudit(trx, {
      clock: input.clock,
      actorType: 'family',
      action: 'family.reset_unmatched',
      clientIp: input.clientIp,
      details: { siteId: input.siteId, login },
    })
    return { refused: null }
  }
  const link = LINK_PLACEHOLDER
  await enqueueMail(trx, {
    kind: 'reset',
    link: 'reset',
    to: guardian.email,
    siteId: guardian.siteId,
    guardianId: guardian.id,
    clock: input.clock,
    mail: resetMail({ site: guardian.site, guardian: guardian.guardian, login, link }),
  })
  await recordAudit(trx, {
    clock: input.clock,
    actorType: 'family',
    actorId: guardian.id,
    action: 'family.reset_requested',
    entityType: 'guardian',
    entityId: guardian.id,
    familyId: guardian.familyId,
    clientIp: input.clientIp,
  })
  return { refused: null }
}
