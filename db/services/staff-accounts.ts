// The staff accounts, as the administrator keeps them ("Paramètres" → "Comptes"): created with a
// mail to choose a password, changed, disabled and enabled again; never deleted (the audit log
// names them).
import { isoNow, type Clock } from '../clock.ts'
import type { Trx } from '../connection.ts'
import { DomainError } from '../errors.ts'
import { LINK_PLACEHOLDER, staffAccessMail } from '../mail-templates.ts'
import {
  STAFF_ROLE_LABELS,
  seesEverySite,
  type StaffAccount,
  type StaffRole,
} from '../rules/roles.ts'
import { recordAudit } from './audit.ts'
import { enqueueMail } from './outbox.ts'
import { ACCESS_LINK_DAYS } from './passwords.ts'
import { endStaffSessions } from './sessions.ts'
import { listActiveSites } from './sites.ts'

export interface StaffAccountInput {
  login: string
  displayName: string
  email: string
  role: StaffRole
  siteIds: number[]
}

interface Actor {
  staffUserId: number
  clientIp: string
  clock: Clock
}

interface StaffRow {
  id: number
  login: string
  display_name: string
  email: string
  role: StaffRole
  active: number | boolean
  password_hash: string | null
}

/** Every staff account, active ones first, then by name. */
export async function listStaffAccounts(trx: Trx): Promise<StaffAccount[]> {
  const rows = await trx<StaffRow>('staff_users').orderBy([
    { column: 'active', order: 'desc' },
    { column: 'display_name' },
    { column: 'id' },
  ])
  const links = await trx('staff_user_sites')
    .orderBy('site_id')
    .select<{ staff_user_id: number; site_id: number }[]>('staff_user_id', 'site_id')
  return rows.map((r) => ({
    id: r.id,
    login: r.login,
    displayName: r.display_name,
    email: r.email,
    role: r.role,
    siteIds: links.filter((l) => l.staff_user_id === r.id).map((l) => l.site_id),
    active: Boolean(r.active),
    hasPassword: r.password_hash !== null,
  }))
}

async function accountRow(trx: Trx, id: number): Promise<StaffRow> {
  const row = await trx<StaffRow>('staff_users').where({ id }).first()
  if (!row) throw new DomainError('NOT_FOUND', 'Ce compte est introuvable.')
  return row
}

/** Checks what the administrator typed: a free identifiant, sites that exist, a site at least. */
async function checkInput(trx: Trx, input: StaffAccountInput, id?: number): Promise<number[]> {
  const errors: Record<string, string> = {}
  const taken = await trx('staff_users')
    .where({ login: input.login })
    .modify((q) => (id === undefined ? q : q.whereNot({ id })))
    .first<{ id: number } | undefined>('id')
  if (taken) errors['login'] = 'Cet identifiant est déjà pris.'
  const known = new Set((await listActiveSites(trx)).map((s) => s.id))
  const siteIds = seesEverySite(input.role) ? [] : input.siteIds
  if (siteIds.some((s) => !known.has(s))) errors['siteIds'] = 'Un de ces sites n’existe pas.'
  else if (!seesEverySite(input.role) && siteIds.length === 0)
    errors['siteIds'] = 'Choisissez au moins un site.'
  if (Object.keys(errors).length)
    throw new DomainError('VALIDATION', 'Certains champs sont à corriger.', errors)
  return siteIds
}

/** The last active administrator cannot be disabled nor given another role. */
async function keepAnAdministrator(trx: Trx, id: number, message: string): Promise<void> {
  const others = await trx('staff_users')
    .where({ role: 'admin', active: true })
    .whereNot({ id })
    .first<{ id: number } | undefined>('id')
  if (!others) throw new DomainError('CONFLICT', message)
}

async function writeSites(trx: Trx, staffUserId: number, siteIds: number[]): Promise<void> {
  await trx('staff_user_sites').where({ staff_user_id: staffUserId }).delete()
  if (siteIds.length)
    await trx('staff_user_sites').insert(
      siteIds.map((s) => ({ staff_user_id: staffUserId, site_id: s })),
    )
}

/**
 * The mail of a new account (or a new link for one): the link to choose a password is made when
 * the mail is sent, on STAFF_URL.
 */
async function mailAccess(
  trx: Trx,
  account: { id: number; login: string; displayName: string; email: string; role: StaffRole },
  staffUrl: string,
  clock: Clock,
): Promise<void> {
  const [first] = await listActiveSites(trx)
  const site = { name: first?.name ?? 'Portée', legalName: first?.legalName ?? '' }
  await enqueueMail(trx, {
    kind: 'staff_access',
    link: 'access',
    to: account.email,
    staffUserId: account.id,
    clock,
    mail: staffAccessMail({
      site,
      displayName: account.displayName,
      login: account.login,
      roleLabel: STAFF_ROLE_LABELS[account.role],
      staffUrl,
      link: LINK_PLACEHOLDER,
      validDays: ACCESS_LINK_DAYS,
    }),
  })
}

/** A new staff account, without a password: they get a mail with a link to choose it. */
export async function createStaffAccount(
  trx: Trx,
  input: StaffAccountInput & Actor & { staffUrl: string },
): Promise<{ id: number }> {
  const siteIds = await checkInput(trx, input)
  const now = isoNow(input.clock)
  const [row] = await trx('staff_users')
    .insert({
      login: input.login,
      display_name: input.displayName,
      email: input.email,
      role: input.role,
      created_at: now,
      updated_at: now,
    })
    .returning<{ id: number }[]>('id')
  if (!row) throw new Error('staff_users insert returned no id')
  await writeSites(trx, row.id, siteIds)
  await mailAccess(trx, { ...input, id: row.id }, input.staffUrl, input.clock)
  await audit(trx, input, 'staff.account_created', row.id, {
    login: input.login,
    displayName: input.displayName,
    email: input.email,
    role: input.role,
    siteIds,
  })
  return { id: row.id }
}

/** "Renvoyer le lien": a new mail to choose a password (an earlier unused link stops working). */
export async function resendStaffAccess(
  trx: Trx,
  input: { id: number; staffUrl: string } & Actor,
): Promise<void> {
  const row = await accountRow(trx, input.id)
  if (!row.active)
    throw new DomainError('CONFLICT', 'Ce compte est désactivé : réactivez-le d’abord.')
  const account = { ...row, displayName: row.display_name }
  await mailAccess(trx, account, input.staffUrl, input.clock)
  await audit(trx, input, 'staff.account_link_sent', row.id, { email: row.email })
}

/** Changes an account; what changed goes to the audit log, old and new. */
export async function updateStaffAccount(
  trx: Trx,
  input: StaffAccountInput & Actor & { id: number },
): Promise<void> {
  const row = await accountRow(trx, input.id)
  const siteIds = await checkInput(trx, input, input.id)
  if (row.role === 'admin' && input.role !== 'admin' && row.active) {
    await keepAnAdministrator(
      trx,
      row.id,
      'C’est le dernier compte administrateur actif : il garde ce rôle. Donnez d’abord le rôle Administrateur à un autre compte.',
    )
  }
  const before = (await listStaffAccounts(trx)).find((a) => a.id === row.id)
  const after = {
    login: input.login,
    displayName: input.displayName,
    email: input.email,
    role: input.role,
    siteIds,
  }
  const changes = Object.fromEntries(
    (Object.keys(after) as (keyof typeof after)[])
      .filter((k) => JSON.stringify(before?.[k]) !== JSON.stringify(after[k]))
      .map((k) => [k, { old: before?.[k], new: after[k] }]),
  )
  if (Object.keys(changes).length === 0) return
  await trx('staff_users')
    .where({ id: row.id })
    .update({
      login: input.login,
      display_name: input.displayName,
      email: input.email,
      role: input.role,
      updated_at: isoNow(input.clock),
    })
  await writeSites(trx, row.id, siteIds)
  await audit(trx, input, 'staff.account_updated', row.id, { changes })
}

/** Désactiver / Réactiver: a disabled account cannot log in, and its open sessions end at once. */
export async function setStaffAccountActive(
  trx: Trx,
  input: { id: number; active: boolean } & Actor,
): Promise<void> {
  const row = await accountRow(trx, input.id)
  if (Boolean(row.active) === input.active) return
  if (!input.active && row.id === input.staffUserId)
    throw new DomainError('CONFLICT', 'Vous ne pouvez pas désactiver votre propre compte.')
  if (!input.active && row.role === 'admin') {
    await keepAnAdministrator(
      trx,
      row.id,
      'C’est le dernier compte administrateur actif : il ne peut pas être désactivé.',
    )
  }
  await trx('staff_users')
    .where({ id: row.id })
    .update({ active: input.active, updated_at: isoNow(input.clock) })
  const ended = input.active ? 0 : await endStaffSessions(trx, row.id, input.clock)
  const action = input.active ? 'staff.account_enabled' : 'staff.account_disabled'
  await audit(trx, input, action, row.id, input.active ? {} : { sessionsEnded: ended })
}

function audit(
  trx: Trx,
  actor: Actor,
  action: string,
  staffUserId: number,
  details: Record<string, unknown>,
): Promise<void> {
  return recordAudit(trx, {
    clock: actor.clock,
    actorType: 'staff',
    actorId: actor.staffUserId,
    action,
    entityType: 'staff_user',
    entityId: staffUserId,
    clientIp: actor.clientIp,
    details,
  })
}
