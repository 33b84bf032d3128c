import nodemailer from 'nodemailer'
import type { Plugin } from '@hapi/hapi'
import { DomainError } from '../../../db/errors.ts'
import { testMail } from '../../../db/mail-templates.ts'
import {
  getMail,
  listOutbox,
  retryMail,
  type OutboxRow,
  type OutboxStatus,
} from '../../../db/services/outbox.ts'
import {
  getSmtpSettings,
  saveSmtpSettings,
  type SmtpSecurity,
} from '../../../db/services/settings.ts'
import { listActiveSites } from '../../../db/services/sites.ts'
import type {
  MailDetail,
  MailRow,
  MailStatus,
  OutboxList,
  SmtpSettingsView,
} from '../../api/types.ts'
import { clientIp, ctx, staffAuth } from '../context.ts'
import { addressOf, describeSmtpError, transportOptions } from '../mailer.ts'
import * as schemas from '../schemas.ts'

function presentRow(row: OutboxRow): MailRow {
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

/** The back office's "Courriels" (the outbox) and "Paramètres" (SMTP) API. */
export const staffMailApi: Plugin<void> = {
  name: 'portee-staff-mail-api',
  register(server) {
    server.route([
      {
        method: 'GET',
        path: '/api/staff/mail-status',
        async handler(request): Promise<MailStatus> {
          const { db, mailer } = ctx(request)
          const { counts } = await listOutbox(db, { page: 1, pageSize: 1 })
          return {
            source: await mailer.source(),
            pending: counts.pending + counts.sending,
            failed: counts.failed,
          }
        },
      },
      {
        method: 'GET',
        path: '/api/staff/outbox',
        options: { validate: { query: schemas.outboxQuery } },
        async handler(request): Promise<OutboxList> {
          const query = request.query as { status?: OutboxStatus; page: number; pageSize: number }
          const page = await listOutbox(ctx(request).db, query)
          return { items: page.items.map(presentRow), total: page.total, counts: page.counts }
        },
      },
      {
        method: 'GET',
        path: '/api/staff/outbox/{id}',
        options: { validate: { params: schemas.idParams } },
        async handler(request): Promise<MailDetail> {
          const row = await getMail(ctx(request).db, (request.params as { id: number }).id)
          return { ...presentRow(row), text: row.text, html: row.html }
        },
      },
      {
        method: 'POST',
        path: '/api/staff/outbox/{id}/retry',
        options: { validate: { params: schemas.idParams, payload: schemas.noPayload } },
        async handler(request, h) {
          const { db, mailer } = ctx(request)
          await db.transaction((trx) => retryMail(trx, (request.params as { id: number }).id))
          mailer.kick()
          return h.response().code(204)
        },
      },
      {
        method: 'GET',
        path: '/api/staff/settings/smtp',
        async handler(request): Promise<SmtpSettingsView> {
          const { db, config } = ctx(request)
          const settings = await getSmtpSettings(db)
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
        },
      },
      {
        method: 'PUT',
        path: '/api/staff/settings/smtp',
        options: { validate: { payload: schemas.smtpSettings } },
        async handler(request, h) {
          const { db, mailer } = ctx(request)
          const input = request.payload as {
            host: string
            port: number
            security: SmtpSecurity
            user: string
            password?: string
            clearPassword: boolean
            sender: string
          }
          await db.transaction((trx) =>
            saveSmtpSettings(trx, input, {
              staffUserId: staffAuth(request).staffUserId,
              clientIp: clientIp(request),
            }),
          )
          mailer.kick()
          return h.response().code(204)
        },
      },
      {
        method: 'POST',
        path: '/api/staff/settings/smtp/test',
        options: { validate: { payload: schemas.smtpTest } },
        async handler(request): Promise<{ message: string }> {
          const { db, config } = ctx(request)
          const { to } = request.payload as { to: string }
          const settings = await getSmtpSettings(db)
          const options = transportOptions(config, settings)
          if (!options) {
            throw new DomainError(
              'VALIDATION',
              'Aucun serveur d’envoi n’est configuré : enregistrez d’abord les paramètres.',
            )
          }
          const [site] = await listActiveSites(db)
          const mail = testMail({
            site: { name: site?.name ?? 'Portée', legalName: site?.legalName ?? 'Portée' },
          })
          const transport = nodemailer.createTransport({ ...options, pool: false })
          try {
            await transport.sendMail({
              from: {
                name: site?.legalName || 'Portée',
                address: addressOf(settings?.sender || config.mailFrom),
              },
              to,
              ...mail,
            })
          } catch (err) {
            throw new DomainError('SMTP_FAILED', `L’envoi a échoué : ${describeSmtpError(err)}`)
          } finally {
            transport.close()
          }
          return { message: `Le message d’essai a été envoyé à ${to}.` }
        },
      },
    ])
  },
}
