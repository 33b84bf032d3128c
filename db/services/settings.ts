import { randomBytes } from 'node:crypto'
import type { Clock } from '../clock.ts'
import type { Trx } from '../connection.ts'
import { DomainError } from '../errors.ts'
import { recordAudit } from './audit.ts'

export type SmtpSecurity = 'none' | 'starttls' | 'tls'

export interface SmtpSettings {
  host: string
  port: number
  security: SmtpSecurity
  user: string
  password: string
  /** The sender address (MAIL_FROM when empty). */
  sender: string
}

const SMTP_KEY = 'smtp'

export async function getSmtpSettings(trx: Trx): Promise<SmtpSettings | null> {
  const row = await trx('settings').where({ key: SMTP_KEY }).first<{ value: string } | undefined>()
  if (!row) return null
  const value = JSON.parse(row.value) as Partial<SmtpSettings>
  if (!value.host) return null
  return {
    host: value.host,
    port: Number(value.port ?? 587),
    security: value.security ?? 'starttls',
    user: value.user ?? '',
    password: value.password ?? '',
    sender: value.sender ?? '',
  }
}

/** Saves the SMTP settings of the "Paramètres" page. An empty password keeps the stored one. */
export async function saveSmtpSettings(
  trx: Trx,
  input: Omit<SmtpSettings, 'password'> & {
    password?: string | undefined
    clearPassword?: boolean
  },
  actor: { staffUserId: number; clientIp: string; clock: Clock },
): Promise<void> {
  if (!input.host.trim()) {
    throw new DomainError('VALIDATION', 'Indiquez le serveur d’envoi.', {
      host: 'Ce champ est obligatoire.',
    })
  }
  const current = await getSmtpSettings(trx)
  const password = input.clearPassword
    ? ''
    : input.password
      ? input.password
      : (current?.password ?? '')
  const value: SmtpSettings = {
    host: input.host.trim(),
    port: input.port,
    security: input.security,
    user: input.user.trim(),
    password,
    sender: input.sender.trim(),
  }
  await trx('settings')
    .insert({ key: SMTP_KEY, value: JSON.stringify(value) })
    .onConflict('key')
    .merge()
  await recordAudit(trx, {
    clock: actor.clock,
    actorType: 'staff',
    actorId: actor.staffUserId,
    action: 'settings.smtp_saved',
    clientIp: actor.clientIp,
    details: {
      host: value.host,
      port: value.port,
      security: value.security,
      user: value.user,
      sender: value.sender,
    },
  })
}

/** The password that seals the session cookies (iron), made at the first start and kept. */
export async function cookieSecret(trx: Trx): Promise<string> {
  const row = await trx('settings')
    .where({ key: 'cookie_secret' })
    .first<{ value: string } | undefined>()
  if (row) return row.value
  // Two first starts at once keep one and the same secret.
  const value = randomBytes(48).toString('base64url')
  await trx('settings').insert({ key: 'cookie_secret', value }).onConflict('key').ignore()
  const stored = await trx('settings').where({ key: 'cookie_secret' }).first<{ value: string }>()
  return stored.value
}
