// The "Mot de passe" menu: the current password, then the new one twice. Wrong current passwords
// are counted like failed logins, so that a session left open does not let anyone guess it.
import type { Clock } from '../clock.ts'
import type { Db, Trx } from '../connection.ts'
import { DomainError } from '../errors.ts'
import { assertAcceptablePassword } from '../password-policy.ts'
import type { PasswordHasher } from '../password.ts'
import { guardianProfile } from './access.ts'
import { recordAudit } from './audit.ts'
import { storeNewPassword } from './passwords.ts'
import { blockedAttempt, recordThrottleEvent, waitText } from './throttle.ts'

interface PasswordChange {
  guardianId: number
  current: string
  password: string
  confirmation: string
  publicUrl: string
  clientIp: string
  sessionId: string
  clock: Clock
}

const WRONG_CURRENT = 'Le mot de passe actuel est incorrect.'
export const SAME_AS_CURRENT = 'Choisissez un nouveau mot de passe, différent de l’actuel.'

/** Counts the try before the password is checked; refuses it past the limits, audited. */
async function countTry(
  trx: Trx,
  input: PasswordChange,
): Promise<
  | { refused: DomainError }
  | { eventIds: number[]; row: { password_hash: string | null; login: string | null } | undefined }
> {
  const buckets = {
    account: `password-change:${input.guardianId}`,
    address: `password-change-ip:${input.clientIp}`,
  }
  const now = input.clock.now().getTime()
  const blocked = await blockedAttempt(trx, buckets, now)
  const audit = { clock: input.clock, actorType: 'family' as const, actorId: input.guardianId }
  if (blocked) {
    await recordAudit(trx, {
      ...audit,
      action: 'family.password_change_throttled',
      clientIp: input.clientIp,
    })
    const message = `Trop d’essais du mot de passe actuel ont échoué. Réessayez ${waitText(blocked.waitMs)}, ou utilisez « Mot de passe perdu ».`
    const retryAfterSeconds = String(Math.ceil(blocked.waitMs / 1000))
    return { refused: new DomainError('THROTTLED', message, { retryAfterSeconds }) }
  }
  const eventIds = await recordThrottleEvent(trx, [buckets.account, buckets.address], now)
  const row = await trx('guardians')
    .where({ id: input.guardianId })
    .first<{ password_hash: string | null; login: string | null } | undefined>()
  return { eventIds, row }
}

/** The "Mot de passe" menu: this session stays open, the others end, a mail says so. */
export async function changeGuardianPassword(
  db: Db,
  hasher: PasswordHasher,
  input: PasswordChange,
): Promise<void> {
  const attempt = await db.transaction((trx) => countTry(trx, input))
  if ('refused' in attempt) throw attempt.refused
  if (!attempt.row || !(await hasher.verify(input.current, attempt.row.password_hash))) {
    await db.transaction((trx) =>
      recordAudit(trx, {
        clock: input.clock,
        actorType: 'family',
        actorId: input.guardianId,
        action: 'family.password_change_failed',
        clientIp: input.clientIp,
      }),
    )
    throw new DomainError('VALIDATION', WRONG_CURRENT, { current: WRONG_CURRENT })
  }
  // The right current password: this try does not count.
  await db.transaction((trx) => trx('throttle_events').whereIn('id', attempt.eventIds).delete())
  assertAcceptablePassword(input.password, input.confirmation, { login: attempt.row.login ?? '' })
  if (input.password === input.current)
    throw new DomainError('VALIDATION', SAME_AS_CURRENT, { password: SAME_AS_CURRENT })
  const passwordHash = await hasher.hash(input.password)
  await db.transaction(async (trx) => {
    const guardian = await guardianProfile(trx, input.guardianId)
    if (!guardian) throw new DomainError('NOT_FOUND', 'Ce responsable est introuvable.')
    await storeNewPassword(trx, {
      guardian,
      passwordHash,
      publicUrl: input.publicUrl,
      clientIp: input.clientIp,
      clock: input.clock,
      action: 'family.password_changed',
      keepSessionId: input.sessionId,
    })
  })
}
