import type { Plugin } from '@hapi/hapi'
import { authenticateGuardian } from '../../../db/services/accounts.ts'
import { recordAudit } from '../../../db/services/audit.ts'
import { getFamilyHome } from '../../../db/services/portal.ts'
import { endSession, openSession } from '../../../db/services/sessions.ts'
import { listActiveSites } from '../../../db/services/sites.ts'
import { DomainError } from '../../../db/errors.ts'
import type { FamilyHome, SiteOption } from '../../api/types.ts'
import { clientIp, ctx, familyAuth } from '../context.ts'
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
          try {
            const guardian = await authenticateGuardian(db, hasher, input)
            const sid = await db.transaction(async (trx) => {
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
          } catch (err) {
            if (err instanceof DomainError && err.code === 'INVALID_CREDENTIALS') {
              await recordAudit(db, {
                actorType: 'family',
                action: 'family.login_failed',
                clientIp: ip,
                details: { siteId: input.siteId, login: input.login },
              })
            }
            throw err
          }
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
    ])
  },
}
