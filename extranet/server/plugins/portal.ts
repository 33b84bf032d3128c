import type { Plugin } from '@hapi/hapi'
import { DomainError } from '../../../db/errors.ts'
import { NO_SITE_MESSAGES } from '../../../db/rules/conservatoire.ts'
import { getFamilyHome } from '../../../db/services/portal.ts'
import { requestPasswordReset, RESET_ANSWER } from '../../../db/services/password-reset.ts'
import { activeSites } from '../../../db/services/sites.ts'
import { changeGuardianPassword } from '../../../db/services/password-change.ts'
import { describePasswordLink, setPasswordWithLink } from '../../../db/services/passwords.ts'
import type { FamilyHome, PasswordLinkInfo, SiteOption } from '../../api/types.ts'
import { clientIp, ctx, familyAuth, read, readNow, route, write } from '../context.ts'
import { familyHome, siteOption } from '../presenters/portal.ts'
import * as schemas from '../schemas.ts'

type NewPassword = { password: string; confirmation: string }

/** The family extranet's API (portal listener only): Accueil and passwords. */
export const portalApi: Plugin<void> = {
  name: 'portee-portal-api',
  register(server) {
    server.route([
      {
        method: 'GET',
        path: '/api/family/sites',
        options: { auth: false },
        async handler(request): Promise<SiteOption[]> {
          const sites = await readNow(request, activeSites)
          if (sites.length === 0) throw new DomainError('NO_SITE', NO_SITE_MESSAGES.family)
          return sites.map(siteOption)
        },
      },
      {
        method: 'GET',
        path: '/api/family/home',
        async handler(request): Promise<FamilyHome> {
          const { guardianId } = familyAuth(request)
          return familyHome(await readNow(request, (sql) => getFamilyHome(sql, guardianId)))
        },
      },
      route<{ Payload: { siteId: number; login: string; email: string } }>({
        method: 'POST',
        path: '/api/family/password-reset-requests',
        options: { auth: false, validate: { payload: schemas.resetRequest } },
        async handler(request, h) {
          const input = { ...request.payload, clock: ctx(request).clock }
          const { refused } = await write(request, (trx) =>
            requestPasswordReset(trx, { ...input, clientIp: clientIp(request) }),
          )
          if (refused) throw refused
          return h.response({ message: RESET_ANSWER }).code(202)
        },
      }),
      route<{ Params: { token: string } }>({
        method: 'GET',
        path: '/api/family/password-links/{token}',
        options: { auth: false, validate: { params: schemas.tokenParams } },
        async handler(request): Promise<PasswordLinkInfo> {
          const { clock } = ctx(request)
          return read(request, (trx) => describePasswordLink(trx, request.params.token, clock))
        },
      }),
      route<{ Params: { token: string }; Payload: NewPassword }>({
        method: 'POST',
        path: '/api/family/password-links/{token}',
        options: {
          auth: false,
          validate: { params: schemas.tokenParams, payload: schemas.newPassword },
        },
        async handler(request) {
          const { db, hasher, config, mailer, clock } = ctx(request)
          const result = await setPasswordWithLink(db, hasher, {
            ...request.payload,
            token: request.params.token,
            publicUrl: config.publicUrl,
            clientIp: clientIp(request),
            clock,
          })
          mailer.kick()
          return result
        },
      }),
      route<{ Payload: NewPassword & { current: string } }>({
        method: 'PUT',
        path: '/api/family/password',
        options: { validate: { payload: schemas.passwordChange } },
        async handler(request, h) {
          const { db, hasher, config, mailer, clock } = ctx(request)
          const { guardianId, sessionId } = familyAuth(request)
          await changeGuardianPassword(db, hasher, {
            ...request.payload,
            guardianId,
            sessionId,
            publicUrl: config.publicUrl,
            clientIp: clientIp(request),
            clock,
          })
          mailer.kick()
          return h.response().code(204)
        },
      }),
    ])
  },
}
