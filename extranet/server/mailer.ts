import nodemailer, { type Transporter } from 'nodemailer'
import type SMTPTransport from 'nodemailer/lib/smtp-transport'
import type { Clock } from '../../db/clock.ts'
import type { Db } from '../../db/connection.ts'
import { DomainError } from '../../db/errors.ts'
import { LINK_PLACEHOLDER, testMail } from '../../db/mail-templates.ts'
import {
  claimDueMails,
  markMailFailed,
  markMailRetry,
  markMailSent,
  requeueInterruptedMails,
  type OutboxRow,
} from '../../db/services/outbox.ts'
import { issuePasswordLink } from '../../db/services/passwords.ts'
import { issueStaffPasswordLink } from '../../db/services/staff-passwords.ts'
import { getSmtpSettings, type SmtpSettings } from '../../db/services/settings.ts'
import { getSite, listActiveSites } from '../../db/services/sites.ts'
import type { Config, MailerOptions } from './config.ts'

export type SmtpSource = 'SMTP_URL' | 'settings' | null

/** The SMTP transport options: SMTP_URL when it is set, else the settings saved in the database. */
export function transportOptions(
  config: Config,
  settings: SmtpSettings | null,
): SMTPTransport.Options | null {
  if (config.smtpUrl) return { url: config.smtpUrl, pool: true } as SMTPTransport.Options
  if (!settings) return null
  return {
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password } } : {}),
    pool: true,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  }
}

/** "Portée <no-reply@localhost>" → "no-reply@localhost". */
export function addressOf(from: string): string {
  const match = /<([^>]+)>\s*$/.exec(from)
  return (match?.[1] ?? from).trim()
}

interface SmtpError {
  responseCode?: number
  response?: string
  code?: string
  message?: string
}

/** What the "Courriels" page shows of a failure: the SMTP answer when there is one. */
export function describeSmtpError(err: unknown): string {
  const e = (err ?? {}) as SmtpError
  if (e.response) return e.response
  if (e.code === 'ECONNECTION' || e.code === 'ESOCKET' || /ECONNREFUSED/.test(e.message ?? '')) {
    return `Le serveur d’envoi ne répond pas (${e.message ?? e.code}).`
  }
  return e.message ?? String(err)
}

/** 5xx answers are permanent; 4xx answers and connection failures are worth another try. */
export function isPermanent(err: unknown): boolean {
  const code = (err as SmtpError | undefined)?.responseCode
  return typeof code === 'number' && code >= 500
}

/**
 * Delivers the outbox: takes the due mails (marked "sending", so never twice), sends them with
 * nodemailer over a pooled SMTP connection, retries temporary failures with growing delays and
 * marks permanent ones failed. With no SMTP configured, mails simply wait. The one place where
 * SMTP transports are made.
 */
export class Mailer {
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null
  private transport: Transporter<SMTPTransport.SentMessageInfo> | null = null
  private transportKey = ''
  private stopped = true

  constructor(
    private readonly db: Db,
    private readonly config: Config,
    private readonly options: MailerOptions,
    private readonly clock: Clock,
  ) {}

  private settings(): Promise<SmtpSettings | null> {
    return this.db.transaction(getSmtpSettings)
  }

  /** Where the SMTP settings come from, or null when there are none. */
  async source(): Promise<SmtpSource> {
    if (this.config.smtpUrl) return 'SMTP_URL'
    return (await this.settings()) ? 'settings' : null
  }

  async start(): Promise<void> {
    this.stopped = false
    await this.db.transaction((trx) => requeueInterruptedMails(trx, this.clock))
    this.schedule(0)
  }

  /** Asks for a pass soon (after a change wrote a mail). */
  kick(): void {
    if (!this.stopped) this.schedule(0)
  }

  /** One pass over the due mails; resolves when it is done. Used by the timer and by tests. */
  runOnce(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = null
    })
    return this.running
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    await this.running
    this.transport?.close()
    this.transport = null
  }

  /** "Tester l’envoi": one message now, with the saved settings, outside the outbox. */
  async sendTest(to: string): Promise<void> {
    const settings = await this.settings()
    const options = transportOptions(this.config, settings)
    if (!options) {
      throw new DomainError(
        'VALIDATION',
        'Aucun serveur d’envoi n’est configuré : enregistrez d’abord les paramètres.',
      )
    }
    const [site] = await this.db.transaction(listActiveSites)
    const mail = testMail({
      site: { name: site?.name ?? 'Portée', legalName: site?.legalName ?? 'Portée' },
    })
    const transport = nodemailer.createTransport({ ...options, pool: false })
    const from = { name: site?.legalName || 'Portée', address: this.senderOf(settings) }
    try {
      await transport.sendMail({ from, to, ...mail })
    } catch (err) {
      throw new DomainError('SMTP_FAILED', `L’envoi a échoué : ${describeSmtpError(err)}`)
    } finally {
      transport.close()
    }
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      void this.runOnce()
        .catch((err: unknown) => console.error('Envoi des courriels :', err))
        .finally(() => {
          if (!this.stopped && !this.timer) this.schedule(this.options.pollMs)
        })
    }, delay)
    this.timer.unref()
  }

  private currentTransport(settings: SmtpSettings | null) {
    const options = transportOptions(this.config, settings)
    if (!options) return null
    const key = JSON.stringify(options)
    if (key !== this.transportKey || !this.transport) {
      this.transport?.close()
      this.transport = nodemailer.createTransport(options)
      this.transportKey = key
    }
    return this.transport
  }

  /** The sender address: SMTP_URL's mails come from MAIL_FROM, the settings may name another. */
  private senderOf(settings: SmtpSettings | null): string {
    return addressOf((!this.config.smtpUrl && settings?.sender) || this.config.mailFrom)
  }

  private async pass(): Promise<void> {
    const settings = await this.settings()
    const transport = this.currentTransport(settings)
    if (!transport) return
    const from = this.senderOf(settings)
    for (;;) {
      const rows = await this.db.transaction((trx) => claimDueMails(trx, 10, this.clock))
      if (rows.length === 0) return
      for (const row of rows) await this.deliver(transport, from, row)
      if (this.stopped) return
    }
  }

  private async deliver(
    transport: Transporter<SMTPTransport.SentMessageInfo>,
    from: string,
    row: OutboxRow,
  ): Promise<void> {
    const site = row.site_id
      ? await this.db.transaction((trx) => getSite(trx, row.site_id ?? 0))
      : undefined
    try {
      const { text, html } = await this.withLink(row)
      await transport.sendMail({
        from: { name: site?.legalName || site?.name || 'Portée', address: from },
        to: row.to_address,
        subject: row.subject,
        text,
        html,
        messageId: row.message_id,
      })
      await this.db.transaction((trx) => markMailSent(trx, row.id, this.clock))
    } catch (err) {
      await this.db.transaction((trx) => this.recordFailure(trx, row, err))
    }
  }

  /**
   * The body as it leaves: a mail that carries a link to choose a password gets it now, with a new
   * token (any earlier unused one stops working). The stored body keeps the placeholder.
   */
  private async withLink(row: OutboxRow): Promise<{ text: string; html: string }> {
    const { link_purpose: purpose, guardian_id: guardianId, staff_user_id: staffUserId } = row
    if (!purpose || (guardianId === null && staffUserId === null))
      return { text: row.text, html: row.html }
    const { publicUrl, staffUrl } = this.config
    const { clock } = this
    // A staff member's link leads to the back office (STAFF_URL), a guardian's to the extranet.
    const link = await this.db.transaction((trx) =>
      staffUserId !== null
        ? issueStaffPasswordLink(trx, { staffUserId, staffUrl, clock })
        : issuePasswordLink(trx, { guardianId: guardianId ?? 0, purpose, publicUrl, clock }),
    )
    return {
      text: row.text.replaceAll(LINK_PLACEHOLDER, link),
      html: row.html.replaceAll(LINK_PLACEHOLDER, link),
    }
  }

  private async recordFailure(
    trx: Parameters<typeof markMailFailed>[0],
    row: OutboxRow,
    err: unknown,
  ): Promise<void> {
    const error = describeSmtpError(err)
    const attempts = row.attempts + 1
    if (isPermanent(err) || attempts >= this.options.maxAttempts) {
      await markMailFailed(trx, row.id, error)
      return
    }
    const delays = this.options.retryDelaysMs
    const delay = delays[Math.min(attempts - 1, delays.length - 1)] ?? 60_000
    await markMailRetry(trx, row.id, error, delay, this.clock)
  }
}
