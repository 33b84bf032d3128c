import type { Plugin } from '@hapi/hapi'
import { getMail, listOutbox, retryMail } from '../../../db/services/outbox.ts'
import {
  getSmtpSettings,
  saveSmtpSettings,
  type SmtpSecurity,
} from '../../../db/services/settings.ts'
import type { MailDetail, MailStatus, SmtpSettingsView } from '../../api/types.ts'
import { CAN } from '../../../db/rules/roles.ts'
import { allow, ctx, read, route, staffActor, staffAuth, write } from '../context.ts'
import { mailDetail, smtpSettingsView } from '../presenters/mail.ts'
import * as schemas from '../schemas.ts'

type Id = { Params: { id: number } }
type SmtpInput = {
  host: string
  port: number
  security: SmtpSecurity
  user: string
  password?: string
  clearPassword: boolean
  sender: string
}

/** The back office's "Courriels" (the outbox) and "Paramètres" (SMTP) API. */
export const staffMailApi: Plugin<void> = {
  name: 'portee-staff-mail-api',
  register(server) {
    server.route([
      {
        method: 'GET',
        path: '/api/staff/mail-status',
        options: { auth: allow(CAN.mails) },
        async handler(request): Promise<MailStatus> {
          const page = { page: 1, pageSize: 1, siteIds: staffAuth(request).siteIds }
          const { counts } = await read(request, (trx) => listOutbox(trx, page))
          const source = await ctx(request).mailer.source()
          return { source, pending: counts.pending + counts.sending, failed: counts.failed }
        },
      },
      route<Id>({
        method: 'GET',
        path: '/api/staff/outbox/{id}',
        options: {
          auth: allow(CAN.mails),
          app: { sees: 'mail' },
          validate: { params: schemas.idParams },
        },
        async handler(request): Promise<MailDetail> {
          return mailDetail(await read(request, (trx) => getMail(trx, request.params.id)))
        },
      }),
      route<Id>({
        method: 'POST',
        path: '/api/staff/outbox/{id}/retry',
        options: {
          auth: allow(CAN.mails),
          app: { sees: 'mail' },
          validate: { params: schemas.idParams, payload: schemas.noPayload },
        },
        async handler(request, h) {
          const { clock } = ctx(request)
          await write(request, (trx) => retryMail(trx, request.params.id, clock))
          return h.response().code(204)
        },
      }),
      {
        method: 'GET',
        path: '/api/staff/settings/smtp',
        options: { auth: allow(CAN.settings) },
        async handler(request): Promise<SmtpSettingsView> {
          return smtpSettingsView(await read(request, getSmtpSettings), ctx(request).config)
        },
      },
      route<{ Payload: SmtpInput }>({
        method: 'PUT',
        path: '/api/staff/settings/smtp',
        options: { auth: allow(CAN.settings), validate: { payload: schemas.smtpSettings } },
        async handler(request, h) {
          const actor = staffActor(request)
          await write(request, (trx) => saveSmtpSettings(trx, request.payload, actor))
          return h.response().code(204)
        },
      }),
      route<{ Payload: { to: string } }>({
        method: 'POST',
        path: '/api/staff/settings/smtp/test',
        options: { auth: allow(CAN.settings), validate: { payload: schemas.smtpTest } },
        async handler(request): Promise<{ message: string }> {
          const { to } = request.payload
          await ctx(request).mailer.sendTest(to)
          return { message: `Le message d’essai a été envoyé à ${to}.` }
        },
      }),
    ])
  },
}
