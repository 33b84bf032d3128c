import type { SmtpSettings } from '../../../db/services/settings.ts'
import type { OutboxRow } from '../../../db/services/outbox.ts'
import type { MailDetail, MailRow, SmtpSettingsView } from '../../api/types.ts'
import type { Config } from '../config.ts'
import { addressOf } from '../mailer.ts'

/** A mail of the outbox as the "Courriels" list shows it (no body). */
export function mailRow(row: OutboxRow): MailRow {
  return {
    id: row.id,
    createdAt: row.created_at,
    kind: row.kind,
    to: row.to_address,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    sentAt: row.sent_at,
  }
}

export function mailDetail(row: OutboxRow): MailDetail {
  return { ...mailRow(row), text: row.text, html: row.html }
}

/** The SMTP settings of "Paramètres": never the password, only whether there is one. */
export function smtpSettingsView(settings: SmtpSettings | null, config: Config): SmtpSettingsView {
  return {
    host: settings?.host ?? '',
    port: settings?.port ?? 587,
    security: settings?.security ?? 'starttls',
    user: settings?.user ?? '',
    hasPassword: Boolean(settings?.password),
    sender: settings?.sender ?? '',
    defaultSender: addressOf(config.mailFrom),
    overriddenBySmtpUrl: config.smtpUrl !== null,
  }
}
