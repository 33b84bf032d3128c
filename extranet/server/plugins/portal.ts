import type { Plugin } from '@hapi/hapi'
import {
  authenticateGuardian,
  loginWithThrottle,
  normalizeLogin,
} from '../../../db/services/accounts.ts'
import { recordAudit } from '../../../db/services/audit.ts'
import { getFamilyHome } from '../../../db/services/portal.ts'
import { endSession, openSession } from '../../../db/services/sessions.ts'
import { listActiveSites } from '../../../db/services/sites.ts'
import {
  changeGuardianPassword,
  describePasswordLink,
  requestPasswordReset,
  RESET_ANSWER,
  setPasswordWithLink,
} from '../../../db/services/passwords.ts'
import type { FamilyHome, PasswordLinkInfo, SiteOption } from '../../api/types.ts'
import { clientIp, ctx, familyAuth } from '../context.ts'
import { previousSessionId } from './session-auth.ts'
import * as schemas from '../schemas.ts'

/** The family extranet's API (portal listener only). */
export const portalApi: Plugin<void> = {
  name: 'portee-portal-api',
  register(server) {
    server.route([
      {
        method: 'GET',
        path: '/api/family/sites',
        options: { auth: false },
        async handler(request): Promise<SiteOption[]> {
          const sites = await listActiveSites(ctx(request).db)
          return sites.map((s) => ({ id: s.id, name: s.name }))
        },
      },
      {
        method: 'POST',
        path: '/api/family/session',
        options: { auth: false, validate: { payload: schemas.familyLogin } },
        async handler(request, h) {
          const { db, hasher, config } = ctx(request)
          const input = request.payload as { siteId: number; login: string; password: string }
          const ip = clientIp(request)
          const guardian = await loginWithThrottle(
            db,
            {
              audience: 'family',
              accountKey: `${input.siteId}:${normalizeLogin(input.login)}`,
              clientIp: ip,
              details: { siteId: input.siteId, login: normalizeLogin(input.login) },
            },
            () => authenticateGuardian(db, hasher, input),
          )
          const previous = previousSessionId(request.state, 'portee_famille')
          const sid = await db.transaction(async (trx) => {
            if (previous) await endSession(trx, previous)
            await recordAudit(trx, {
              actorType: 'family',
              actorId: guardian.guardianId,
              action: 'family.login',
              entityType: 'guardian',
              entityId: guardian.guardianId,
              familyId: guardian.familyId,
              clientIp: ip,
            })
            return openSession(trx, {
              audience: 'family',
              owner: { guardianId: guardian.guardianId },
              policy: config.sessions.family,
              clientIp: ip,
              userAgent: String(request.headers['user-agent'] ?? ''),
            })
          })
          request.cookieAuth.set({ sid })
          return h.response().code(204)
        },
      },
      {
        method: 'DELETE',
        path: '/api/family/session',
        options: { auth: { mode: 'try' } },
        async handler(request, h) {
          if (request.auth.isAuthenticated) {
            const { guardianId, familyId, sessionId } = familyAuth(request)
            const { db } = ctx(request)
            await db.transaction(async (trx) => {
              await endSession(trx, sessionId)
              await recordAudit(trx, {
                actorType: 'family',
                actorId: guardianId,
                action: 'family.logout',
                familyId,
                clientIp: clientIp(request),
              })
            })
          }
          request.cookieAuth.clear()
          return h.response().code(204)
        },
      },
      {
        method: 'GET',
        path: '/api/family/home',
        async handler(request): Promise<FamilyHome> {
          const home = await getFamilyHome(ctx(request).db, familyAuth(request).guardianId)
          return {
            guardian: {
              civility: home.guardian.civility,
              lastName: home.guardian.lastName,
              firstName: home.guardian.firstName,
            },
            pupils: home.pupils,
            site: {
              name: home.site.name,
              legalName: home.site.legalName,
              address: home.site.address,
              postalCode: home.site.postalCode,
              city: home.site.city,
            },
          }
        },
      },
      {
        method: 'POST',
        path: '/api/family/password-reset-requests',
        options: { auth: false, validate: { payload: schemas.resetRequest } },
        async handler(request, h) {
          const { db, config, mailer } = ctx(request)
          const input = request.payload as { siteId: number; login: string; email: string }
          await db.transaction((trx) =>
            requestPasswordReset(trx, {
              ...input,
              publicUrl: config.publicUrl,
              clientIp: clientIp(request),
            }),
          )
          mailer.kick()
          return h.response({ message: RESET_ANSWER }).code(202)
        },
      },
      {
        method: 'GET',
        path: '/api/family/password-links/{token}',
        options: { auth: false, validate: { params: schemas.tokenParams } },
        async handler(request): Promise<PasswordLinkInfo> {
          const { token } = request.params as { token: string }
          return describePasswordLink(ctx(request).db, token)
        },
      },
      {
        method: 'POST',
        path: '/api/family/password-links/{token}',
        options: {
          auth: false,
          validate: { params: schemas.tokenParams, payload: schemas.newPassword },
        },
        async handler(request, h) {
          const { db, hasher, config, mailer } = ctx(request)
          const { token } = request.params as { token: string }
          const input = request.payload as { password: string; confirmation: string }
          const result = await setPasswordWithLink(db, hasher, {
            token,
            ...input,
            publicUrl: config.publicUrl,
            clientIp: clientIp(request),
          })
          mailer.kick()
          return h.response(result).code(200)
        },
      },
      {
        method: 'PUT',
        path: '/api/family/password',
        options: { validate: { payload: schemas.passwordChange } },
        async handler(request, h) {
          const { db, hasher, config, mailer } = ctx(request)
          const auth = familyAuth(request)
          const input = request.payload as {
            current: string
            password: string
            confirmation: string
          }
          await changeGuardianPassword(db, hasher, {
            guardianId: auth.guardianId,
            ...input,
            publicUrl: config.publicUrl,
            clientIp: clientIp(request),
            sessionId: auth.sessionId,
          })
          mailer.kick()
          return h.response().code(204)
        },
      },
    ])
  },
}
