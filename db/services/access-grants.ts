import type { Clock } from '../clock.ts'
import type { Trx } from '../connection.ts'
import { DomainError } from '../errors.ts'
import { accessMail, LINK_PLACEHOLDER } from '../mail-templates.ts'
import { isoNow } from '../clock.ts'
import { guardianProfile, type GuardianProfile } from './access.ts'
import { recordAudit } from './audit.ts'
import { refreshFamilySearch } from './families.ts'
import { enqueueMail } from './outbox.ts'
import { firstFreeLogin, loginStem } from '../rules/logins.ts'
import { ACCESS_LINK_DAYS } from './passwords.ts'
import { endGuardianSessions } from './sessions.ts'

interface Actor {
  staffUserId: number
  clientIp: string
}

interface GuardianRow {
  id: number
  family_id: number
  site_id: number
  last_name: string
  first_name: string
  email: string
  login: string | null
  access_enabled: number | boolean
}

/** A guardian of a family that is not archived, whatever their access; NOT_FOUND otherwise. */
async function guardianOfLiveFamily(trx: Trx, guardianId: number): Promise<GuardianRow> {
  const row = await trx('guardians')
    .join('families', 'families.id', 'guardians.family_id')
    .where('guardians.id', guardianId)
    .whereNull('guardians.archived_at')
    .whereNull('families.archived_at')
    .first<GuardianRow | undefined>(
      'guardians.id',
      'guardians.family_id',
      'guardians.site_id',
      'guardians.last_name',
      'guardians.first_name',
      'guardians.email',
      'guardians.login',
      'guardians.access_enabled',
    )
  if (!row) throw new DomainError('NOT_FOUND', 'Ce responsable est introuvable.')
  return row
}

/**
 * A new identifiant for a guardian: the family name without accents, spaces or punctuation,
 * then the first free number on the site (dupont1, dupont2…).
 */
export async function generateLogin(trx: Trx, siteId: number, lastName: string): Promise<string> {
  const stem = loginStem(lastName)
  const taken = new Set(
    (
      await trx('guardians')
        .where({ site_id: siteId })
        .where('login', 'like', `${stem}%`)
        .select<{ login: string }[]>('login')
    ).map((r) => r.login),
  )
  return firstFreeLogin(stem, taken)
}

/** The guardian, if a mail can reach them: an address, and an access they may use. */
async function reachableGuardian(
  trx: Trx,
  guardianId: number,
): Promise<{ guardian: GuardianRow; recipient: GuardianProfile }> {
  const guardian = await guardianOfLiveFamily(trx, guardianId)
  const name = `${guardian.last_name} ${guardian.first_name}`.trim()
  if (!guardian.email.trim()) {
    throw new DomainError(
      'VALIDATION',
      `${name} n’a pas d’adresse e-mail : ajoutez-la avant d’envoyer ses identifiants.`,
      { email: 'Adresse e-mail manquante.' },
    )
  }
  const recipient = await guardianProfile(trx, guardian.id)
  if (!recipient) {
    throw new DomainError(
      'CONFLICT',
      `L’accès de ${name} est désactivé (ou son site fermé) : réactivez-le avant d’envoyer ses identifiants.`,
    )
  }
  return { guardian, recipient }
}

/** A guardian's first identifiant, kept and searchable at once. */
async function giveLogin(trx: Trx, guardian: GuardianRow, clock: Clock): Promise<string> {
  const login = await generateLogin(trx, guardian.site_id, guardian.last_name)
  await trx('guardians')
    .where({ id: guardian.id })
    .update({ login, updated_at: isoNow(clock) })
  await refreshFamilySearch(trx, guardian.family_id, clock)
  return login
}

/**
 * Staff create or reset a guardian's extranet access: an identifiant when there is none yet, and
 * a mail with the site, the identifiant, the extranet address and a link to choose a password.
 * No password ever travels by mail. The current password, if any, keeps working until the link
 * is used. A guardian whose access is disabled, or whose site is closed, gets nothing.
 */
export async function grantAccess(
  trx: Trx,
  input: { guardianId: number; publicUrl: string; clock: Clock } & Actor,
): Promise<{ login: string; outboxId: number }> {
  const { guardian, recipient } = await reachableGuardian(trx, input.guardianId)
  const created = guardian.login === null
  const login = guardian.login ?? (await giveLogin(trx, guardian, input.clock))
  const outboxId = await enqueueMail(trx, {
    kind: 'access',
    link: 'access',
    to: recipient.email,
    siteId: recipient.siteId,
    guardianId: guardian.id,
    clock: input.clock,
    mail: accessMail({
      ...recipient,
      login,
      portalUrl: input.publicUrl,
      link: LINK_PLACEHOLDER,
      validDays: ACCESS_LINK_DAYS,
    }),
  })
  await recordAudit(trx, {
    clock: input.clock,
    actorType: 'staff',
    actorId: input.staffUserId,
    action: created ? 'guardian.access_created' : 'guardian.access_sent',
    entityType: 'guardian',
    entityId: guardian.id,
    familyId: guardian.family_id,
    clientIp: input.clientIp,
    details: { login, email: recipient.email },
  })
  return { login, outboxId }
}

export interface AccessMailingResult {
  sent: number
  skipped: { guardian: string; reason: string }[]
}

/**
 * "Envoyer les identifiants" to every guardian of a family. A guardian without e-mail or with a
 * disabled access is skipped with the reason; the others get their mail. Checks come before any
 * write, so a skipped guardian leaves nothing behind.
 */
export async function mailFamilyAccesses(
  trx: Trx,
  input: { familyId: number; publicUrl: string; clock: Clock } & Actor,
): Promise<AccessMailingResult> {
  const guardians = await trx('guardians')
    .join('families', 'families.id', 'guardians.family_id')
    .where('guardians.family_id', input.familyId)
    .whereNull('families.archived_at')
    .whereNull('guardians.archived_at')
    .orderBy('guardians.rank')
    .select<{ id: number; last_name: string; first_name: string; access_enabled: number }[]>(
      'guardians.id',
      'guardians.last_name',
      'guardians.first_name',
      'guardians.access_enabled',
    )
  const result: AccessMailingResult = { sent: 0, skipped: [] }
  for (const g of guardians) {
    const guardian = `${g.last_name} ${g.first_name}`.trim()
    if (!g.access_enabled) {
      result.skipped.push({ guardian, reason: 'accès désactivé' })
      continue
    }
    try {
      await grantAccess(trx, { ...input, guardianId: g.id })
      result.sent++
    } catch (err) {
      if (!(err instanceof DomainError)) throw err
      const reason = err.code === 'VALIDATION' ? 'pas d’adresse e-mail' : err.message
      result.skipped.push({ guardian, reason })
    }
  }
  return result
}

/** Disables or re-enables an access; a disabled guardian's open sessions end at once. */
export async function setAccessEnabled(
  trx: Trx,
  input: { guardianId: number; enabled: boolean; clock: Clock } & Actor,
): Promise<void> {
  const guardian = await guardianOfLiveFamily(trx, input.guardianId)
  await trx('guardians')
    .where({ id: guardian.id })
    .update({ access_enabled: input.enabled, updated_at: isoNow(input.clock) })
  const ended = input.enabled ? 0 : await endGuardianSessions(trx, [guardian.id], input.clock)
  await recordAudit(trx, {
    clock: input.clock,
    actorType: 'staff',
    actorId: input.staffUserId,
    action: input.enabled ? 'guardian.access_enabled' : 'guardian.access_disabled',
    entityType: 'guardian',
    entityId: guardian.id,
    familyId: guardian.family_id,
    clientIp: input.clientIp,
    details: input.enabled ? {} : { sessionsEnded: ended },
  })
}
