import Boom from '@hapi/boom'
import type { Plugin } from '@hapi/hapi'
import {
  authenticateStaff,
  createFirstAdministrator,
  getStaffUser,
  loginWithThrottle,
  normalizeLogin,
  setupRequired,
} from '../../../db/services/accounts.ts'
import { recordAudit } from '../../../db/services/audit.ts'
import { getFamily, searchFamilies } from '../../../db/services/families.ts'
import { endSession, openSession } from '../../../db/services/sessions.ts'
import { listActiveSites } from '../../../db/services/sites.ts'
import type { FamilyList, FamilyRecord, SiteOption, StaffMe } from '../../api/types.ts'
import { clientIp, ctx, staffAuth } from '../context.ts'
import { previousSessionId } from './session-auth.ts'
import * as schemas from '../schemas.ts'

/** The back office's API (staff listener only). */
export const staffApi: Plugin<void> = {
  name: 'portee-staff-api',
  register(server) {
    server.route([
      {
        method: 'POST',
        path: '/api/staff/session',
        options: { auth: false, validate: { payload: schemas.staffLogin } },
        async handler(request, h) {
          const { db, hasher, config } = ctx(request)
          const input = request.payload as { login: string; password: string }
          const ip = clientIp(request)
          const { staffUserId } = await loginWithThrottle(
            db,
            {
              audience: 'staff',
              accountKey: normalizeLogin(input.login),
              clientIp: ip,
              details: { login: normalizeLogin(input.login) },
            },
            () => authenticateStaff(db, hasher, input),
          )
          const previous = previousSessionId(request.state, 'portee_staff')
          const sid = await db.transaction(async (trx) => {
            if (previous) await endSession(trx, previous)
            await recordAudit(trx, {
              actorType: 'staff',
              actorId: staffUserId,
              action: 'staff.login',
              clientIp: ip,
            })
            return openSession(trx, {
              audience: 'staff',
              owner: { staffUserId },
              policy: config.sessions.staff,
              clientIp: ip,
              userAgent: String(request.headers['user-agent'] ?? ''),
            })
          })
          request.cookieAuth.set({ sid })
          return h.response().code(204)
        },
      },
      {
        method: 'GET',
        path: '/api/staff/setup',
        options: { auth: false },
        async handler(request): Promise<{ required: boolean }> {
          return { required: await setupRequired(ctx(request).db) }
        },
      },
      {
        method: 'POST',
        path: '/api/staff/setup',
        options: { auth: false, validate: { payload: schemas.firstAdministrator } },
        async handler(request, h) {
          const { db, hasher, config } = ctx(request)
          const input = request.payload as {
            login: string
            displayName: string
            password: string
            confirmation: string
          }
          const ip = clientIp(request)
          const { staffUserId } = await createFirstAdministrator(db, hasher, {
            ...input,
            clientIp: ip,
          })
          const sid = await db.transaction((trx) =>
            openSession(trx, {
              audience: 'staff',
              owner: { staffUserId },
              policy: config.sessions.staff,
              clientIp: ip,
              userAgent: String(request.headers['user-agent'] ?? ''),
            }),
          )
          request.cookieAuth.set({ sid })
          return h.response().code(204)
        },
      },
      {
        method: 'DELETE',
        path: '/api/staff/session',
        options: { auth: { mode: 'try' } },
        async handler(request, h) {
          if (request.auth.isAuthenticated) {
            const { staffUserId, sessionId } = staffAuth(request)
            await ctx(request).db.transaction(async (trx) => {
              await endSession(trx, sessionId)
              await recordAudit(trx, {
                actorType: 'staff',
                actorId: staffUserId,
                action: 'staff.logout',
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
        path: '/api/staff/me',
        async handler(request): Promise<StaffMe> {
          const user = await getStaffUser(ctx(request).db, staffAuth(request).staffUserId)
          if (!user) throw Boom.unauthorized()
          return { login: user.login, displayName: user.displayName }
        },
      },
      {
        method: 'GET',
        path: '/api/staff/sites',
        async handler(request): Promise<SiteOption[]> {
          return (await listActiveSites(ctx(request).db)).map((s) => ({ id: s.id, name: s.name }))
        },
      },
      {
        method: 'GET',
        path: '/api/staff/families',
        options: { validate: { query: schemas.familySearch } },
        async handler(request): Promise<FamilyList> {
          const query = request.query as { q: string; page: number; pageSize: number }
          return searchFamilies(ctx(request).db, {
            query: query.q,
            page: query.page,
            pageSize: query.pageSize,
          })
        },
      },
      {
        method: 'GET',
        path: '/api/staff/families/{id}',
        options: { validate: { params: schemas.idParams } },
        async handler(request): Promise<FamilyRecord> {
          return getFamily(ctx(request).db, (request.params as { id: number }).id)
        },
      },
    ])
  },
}
