import { createHash, randomBytes } from 'node:crypto'
import type { Db, Trx } from '../connection.ts'
import { DomainError } from '../errors.ts'
import {
  accessMail,
  passwordChangedMail,
  resetMail,
  type MailGuardian,
  type MailSite,
} from '../mail-templates.ts'
import { assertAcceptablePassword } from '../password-policy.ts'
import type { PasswordHasher } from '../password.ts'
import { firstFreeLogin, loginStem } from '../rules/logins.ts'
import { nowIso } from '../text.ts'
import { normalizeLogin } from './accounts.ts'
import { recordAudit } from './audit.ts'
import { refreshFamilySearch } from './families.ts'
import { enqueueMail } from './outbox.ts'
import { endGuardianSessions } from './sessions.ts'
import {
  ACCOUNT_LIMIT,
  ADDRESS_LIMIT,
  recordThrottleEvent,
  throttleState,
  waitText,
} from './throttle.ts'

export const RESET_LINK_TTL_MS = 60 * 60_000
export const ACCESS_LINK_DAYS = 7

/** Where the links of the mails lead: built on PUBLIC_URL only, never on a request's Host. */
export function passwordLink(publicUrl: string, token: string): string {
  return `${publicUrl}/choisir-mot-de-passe?jeton=${encodeURIComponent(token)}`
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

interface GuardianForMail {
  id: number
  family_id: number
  site_id: number
  civility: string
  last_name: string
  first_name: string
  email: string
  login: string | null
  access_enabled: number | boolean
  site_name: string
  legal_name: string
}

async function guardianForMail(trx: Trx, guardianId: number): Promise<GuardianForMail> {
  const row = await trx('guardians')
    .join('sites', 'sites.id', 'guardians.site_id')
    .where('guardians.id', guardianId)
    .first<GuardianForMail | undefined>(
      'guardians.id',
      'guardians.family_id',
      'guardians.site_id',
      'guardians.civility',
      'guardians.last_name',
      'guardians.first_name',
      'guardians.email',
      'guardians.login',
      'guardians.access_enabled',
      'sites.name as site_name',
      'sites.legal_name',
    )
  if (!row) throw new DomainError('NOT_FOUND', 'Ce responsable est introuvable.')
  return row
}

function mailParts(g: GuardianForMail): { site: MailSite; guardian: MailGuardian } {
  return {
    site: { name: g.site_name, legalName: g.legal_name },
    guardian: { civility: g.civility, lastName: g.last_name, firstName: g.first_name },
  }
}

/** A new one-time link for a guardian; any earlier unused link of theirs stops working. */
async function issueToken(
  trx: Trx,
  guardianId: number,
  purpose: 'access' | 'reset',
  ttlMs: number,
): Promise<string> {
  const token = randomBytes(32).toString('base64url')
  const now = Date.now()
  await trx('password_tokens').where({ guardian_id: guardianId }).whereNull('used_at').delete()
  await trx('password_tokens').insert({
    token_hash: hashToken(token),
    guardian_id: guardianId,
    purpose,
    created_at: new Date(now).toISOString(),
    expires_at: new Date(now + ttlMs).toISOString(),
  })
  return token
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

/**
 * Staff create or reset a guardian's extranet access: an identifiant when there is none yet, and
 * a mail with the site, the identifiant, the extranet address and a link to choose a password.
 * No password ever travels by mail. The current password, if any, keeps working until the link is used.
 */
export async function grantAccess(
  trx: Trx,
  input: { guardianId: number; staffUserId: number; publicUrl: string; clientIp: string },
): Promise<{ login: string; outboxId: number }> {
  const guardian = await guardianForMail(trx, input.guardianId)
  const email = guardian.email.trim()
  if (!email) {
    throw new DomainError(
      'VALIDATION',
      `${guardian.last_name} ${guardian.first_name} n’a pas d’adresse e-mail : ajoutez-la avant d’envoyer ses identifiants.`,
      {
        email: 'Adresse e-mail manquante.',
      },
    )
  }
  const created = guardian.login === null
  const login = guardian.login ?? (await generateLogin(trx, guardian.site_id, guardian.last_name))
  if (created) {
    await trx('guardians').where({ id: guardian.id }).update({ login, updated_at: nowIso() })
    await refreshFamilySearch(trx, guardian.family_id)
  }
  const token = await issueToken(trx, guardian.id, 'access', ACCESS_LINK_DAYS * 24 * 60 * 60_000)
  const outboxId = await enqueueMail(trx, {
    kind: 'access',
    to: email,
    siteId: guardian.site_id,
    guardianId: guardian.id,
    mail: accessMail({
      ...mailParts(guardian),
      login,
      portalUrl: input.publicUrl,
      link: passwordLink(input.publicUrl, token),
      validDays: ACCESS_LINK_DAYS,
    }),
  })
  await recordAudit(trx, {
    actorType: 'staff',
    actorId: input.staffUserId,
    action: created ? 'guardian.access_created' : 'guardian.access_sent',
    entityType: 'guardian',
    entityId: guardian.id,
    familyId: guardian.family_id,
    clientIp: input.clientIp,
    details: { login, email },
  })
  return { login, outboxId }
}

/** Disables or re-enables an access; a disabled guardian's open sessions end at once. */
export async function setAccessEnabled(
  trx: Trx,
  input: { guardianId: number; enabled: boolean; staffUserId: number; clientIp: string },
): Promise<void> {
  const guardian = await guardianForMail(trx, input.guardianId)
  await trx('guardians')
    .where({ id: guardian.id })
    .update({ access_enabled: input.enabled, updated_at: nowIso() })
  const ended = input.enabled ? 0 : await endGuardianSessions(trx, guardian.id)
  await recordAudit(trx, {
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

export const RESET_ANSWER =
  'Si ces informations correspondent à un accès, un courriel vient d’être envoyé à cette adresse avec un lien pour choisir un nouveau mot de passe (valable une heure). Pensez à regarder dans vos courriers indésirables.'

/**
 * "Mot de passe perdu": when site, identifiant and e-mail match an enabled access, a one-time link
 * valid for one hour is mailed. The caller answers RESET_ANSWER either way. Throttled like logins.
 */
export async function requestPasswordReset(
  trx: Trx,
  input: { siteId: number; login: string; email: string; publicUrl: string; clientIp: string },
): Promise<void> {
  const login = normalizeLogin(input.login)
  const buckets = [`reset-account:${input.siteId}:${login}`, `reset-ip:${input.clientIp}`]
  const [account, address] = await Promise.all([
    throttleState(trx, buckets[0] ?? '', ACCOUNT_LIMIT),
    throttleState(trx, buckets[1] ?? '', ADDRESS_LIMIT),
  ])
  if (account.blocked || address.blocked) {
    const wait = Math.max(account.retryAfterMs, address.retryAfterMs)
    await recordAudit(trx, {
      actorType: 'family',
      action: 'family.reset_throttled',
      clientIp: input.clientIp,
      details: { siteId: input.siteId, login },
    })
    throw new DomainError(
      'THROTTLED',
      `Trop de demandes ont été faites. Réessayez ${waitText(wait)}.`,
      {
        retryAfterSeconds: String(Math.ceil(wait / 1000)),
      },
    )
  }
  await recordThrottleEvent(trx, buckets)
  const row = await trx('guardians')
    .join('families', 'families.id', 'guardians.family_id')
    .where({
      'guardians.site_id': input.siteId,
      'guardians.login': login,
      'guardians.access_enabled': true,
    })
    .whereNull('guardians.archived_at')
    .whereNull('families.archived_at')
    .whereRaw('lower(trim(guardians.email)) = ?', [input.email.trim().toLowerCase()])
    .first<{ id: number } | undefined>('guardians.id')
  if (!row) {
    await recordAudit(trx, {
      actorType: 'family',
      action: 'family.reset_unmatched',
      clientIp: input.clientIp,
      details: { siteId: input.siteId, login },
    })
    return
  }
  const guardian = await guardianForMail(trx, row.id)
  const token = await issueToken(trx, guardian.id, 'reset', RESET_LINK_TTL_MS)
  await enqueueMail(trx, {
    kind: 'reset',
    to: guardian.email.trim(),
    siteId: guardian.site_id,
    guardianId: guardian.id,
    mail: resetMail({ ...mailParts(guardian), login, link: passwordLink(input.publicUrl, token) }),
  })
  await recordAudit(trx, {
    actorType: 'family',
    actorId: guardian.id,
    action: 'family.reset_requested',
    entityType: 'guardian',
    entityId: guardian.id,
    familyId: guardian.family_id,
    clientIp: input.clientIp,
  })
}

export interface PasswordLinkInfo {
  purpose: 'access' | 'reset'
  siteName: string
  login: string
}

async function validToken(trx: Trx, token: string) {
  const row = await trx('password_tokens')
    .where({ token_hash: hashToken(token) })
    .whereNull('used_at')
    .where('expires_at', '>', nowIso())
    .first<{ id: number; guardian_id: number; purpose: 'access' | 'reset' } | undefined>()
  return row
}

const EXPIRED_LINK =
  'Ce lien n’est plus valable : il a expiré ou a déjà servi. Faites une nouvelle demande avec « Mot de passe perdu ».'

/** What the "Choisir un mot de passe" page shows for a link; throws when the link is not valid. */
export async function describePasswordLink(trx: Trx, token: string): Promise<PasswordLinkInfo> {
  const row = await validToken(trx, token)
  if (!row) throw new DomainError('LINK_EXPIRED', EXPIRED_LINK)
  const guardian = await guardianForMail(trx, row.guardian_id)
  return { purpose: row.purpose, siteName: guardian.site_name, login: guardian.login ?? '' }
}

/** Common end of a password change: the new hash, every session ended, a notification mail. */
async function storeNewPassword(
  trx: Trx,
  input: {
    guardian: GuardianForMail
    passwordHash: string
    publicUrl: string
    action: string
    clientIp: string
    /** The session that stays open (a change from the "Mot de passe" menu). */
    keepSessionId?: string
  },
): Promise<void> {
  const { guardian } = input
  await trx('guardians').where({ id: guardian.id }).update({
    password_hash: input.passwordHash,
    password_changed_at: nowIso(),
    updated_at: nowIso(),
  })
  const ended = await endGuardianSessions(trx, guardian.id, input.keepSessionId)
  if (guardian.email.trim()) {
    await enqueueMail(trx, {
      kind: 'password_changed',
      to: guardian.email.trim(),
      siteId: guardian.site_id,
      guardianId: guardian.id,
      mail: passwordChangedMail({
        ...mailParts(guardian),
        login: guardian.login ?? '',
        portalUrl: input.publicUrl,
      }),
    })
  }
  await recordAudit(trx, {
    actorType: 'family',
    actorId: guardian.id,
    action: input.action,
    entityType: 'guardian',
    entityId: guardian.id,
    familyId: guardian.family_id,
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
  },
): Promise<{ siteId: number; login: string }> {
  const found = await validToken(db, input.token)
  if (!found) throw new DomainError('LINK_EXPIRED', EXPIRED_LINK)
  const before = await guardianForMail(db, found.guardian_id)
  assertAcceptablePassword(input.password, input.confirmation, { login: before.login ?? '' })
  const passwordHash = await hasher.hash(input.password)
  return db.transaction(async (trx) => {
    const row = await validToken(trx, input.token)
    if (!row || row.id !== found.id) throw new DomainError('LINK_EXPIRED', EXPIRED_LINK)
    await trx('password_tokens').where({ id: row.id }).update({ used_at: nowIso() })
    const guardian = await guardianForMail(trx, row.guardian_id)
    await storeNewPassword(trx, {
      guardian,
      passwordHash,
      publicUrl: input.publicUrl,
      action: row.purpose === 'access' ? 'family.password_chosen' : 'family.password_reset',
      clientIp: input.clientIp,
    })
    return { siteId: guardian.site_id, login: guardian.login ?? '' }
  })
}

/** The "Mot de passe" menu: the current password, then the new one twice. */
export async function changeGuardianPassword(
  db: Db,
  hasher: PasswordHasher,
  input: {
    guardianId: number
    current: string
    password: string
    confirmation: string
    publicUrl: string
    clientIp: string
    sessionId: string
  },
): Promise<void> {
  const row = await db('guardians')
    .where({ id: input.guardianId })
    .first<{ password_hash: string | null; login: string | null } | undefined>()
  if (!row || !(await hasher.verify(input.current, row.password_hash))) {
    const message = 'Le mot de passe actuel est incorrect.'
    throw new DomainError('VALIDATION', message, { current: message })
  }
  assertAcceptablePassword(input.password, input.confirmation, { login: row.login ?? '' })
  const passwordHash = await hasher.hash(input.password)
  await db.transaction(async (trx) => {
    const guardian = await guardianForMail(trx, input.guardianId)
    await storeNewPassword(trx, {
      guardian,
      passwordHash,
      publicUrl: input.publicUrl,
      action: 'family.password_changed',
      clientIp: input.clientIp,
      keepSessionId: input.sessionId,
    })
  })
}
