import Boom from '@hapi/boom'
import type { Plugin } from '@hapi/hapi'
import {
  createFirstAdministrator,
  getStaffUser,
  setupRequired,
} from '../../../db/services/accounts.ts'
import { familyAudit } from '../../../db/services/audit.ts'
import { getFamily } from '../../../db/services/families.ts'
import { listActiveSites } from '../../../db/services/sites.ts'
import type { AuditEntry, FamilyRecord, SiteOption, StaffMe } from '../../api/types.ts'
import { CAN } from '../../../db/rules/roles.ts'
import { allow, clientIp, ctx, read, route, staffAuth } from '../context.ts'
import { auditEntry } from '../presenters/audit.ts'
import { staffMe } from '../presenters/staff.ts'
import { siteOption } from '../presenters/portal.ts'
import * as schemas from '../schemas.ts'
import { startSession } from './session.ts'

type FirstAdministrator = {
  login: string
  displayName: string
  password: string
  confirmation: string
}

/** The back office's API (staff listener only): installation, who is logged in, the families. */
export const staffApi: Plugin<void> = {
  name: 'portee-staff-api',
  register(server) {
    server.route([
      {
        method: 'GET',
        path: '/api/staff/setup',
        options: { auth: false },
        async handler(request): Promise<{ required: boolean }> {
          return { required: await read(request, setupRequired) }
        },
      },
      route<{ Payload: FirstAdministrator }>({
        method: 'POST',
        path: '/api/staff/setup',
        options: { auth: false, validate: { payload: schemas.firstAdministrator } },
        async handler(request, h) {
          const { db, hasher, clock } = ctx(request)
          const input = { ...request.payload, clientIp: clientIp(request), clock }
          await startSession(request, h, await createFirstAdministrator(db, hasher, input))
          return h.response().code(204)
        },
      }),
      {
        method: 'GET',
        path: '/api/staff/me',
        options: { auth: allow(CAN.anyStaff) },
        async handler(request): Promise<StaffMe> {
          const { staffUserId, siteIds } = staffAuth(request)
          const [user, sites] = await read(request, (trx) =>
            Promise.all([getStaffUser(trx, staffUserId), listActiveSites(trx)]),
          )
          if (!user) throw Boom.unauthorized()
          return staffMe(user, sites, siteIds)
        },
      },
      {
        method: 'GET',
        path: '/api/staff/sites',
        options: { auth: allow(CAN.anyStaff) },
        async handler(request): Promise<SiteOption[]> {
          const { siteIds } = staffAuth(request)
          const sites = (await read(request, listActiveSites)).map(siteOption)
          return siteIds === null ? sites : sites.filter((s) => siteIds.includes(s.id))
        },
      },
      route<{ Params: { id: number } }>({
        method: 'GET',
        path: '/api/staff/families/{id}',
        options: {
          auth: allow(CAN.readFamilies),
          app: { sees: 'family' },
          validate: { params: schemas.idParams },
        },
        async handler(request): Promise<FamilyRecord> {
          return read(request, (trx) => getFamily(trx, request.params.id))
        },
      }),
      route<{ Params: { id: number } }>({
        method: 'GET',
        path: '/api/staff/families/{id}/audit',
        options: {
          auth: allow(CAN.readFamilies),
          app: { sees: 'family' },
          validate: { params: schemas.idParams },
        },
        async handler(request): Promise<{ items: AuditEntry[] }> {
          const entries = await read(request, (trx) => familyAudit(trx, request.params.id))
          return { items: entries.map(auditEntry) }
        },
      }),
    ])
  },
}
