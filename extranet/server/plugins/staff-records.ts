import type { Plugin } from '@hapi/hapi'
import {
  countPendingRequests,
  decideRequest,
  getRequest,
  listPendingRequests,
  type Decision,
} from '../../../db/services/change-requests.ts'
import {
  addGuardian,
  addPupil,
  archive,
  createFamily,
  familyAudit,
  updateRecord,
} from '../../../db/services/staff-records.ts'
import type { AuditEntry, ChangeRequestSummary, ChangeRequestView } from '../../api/types.ts'
import { clientIp, ctx, staffAuth } from '../context.ts'
import * as schemas from '../schemas.ts'

/** The sas from the secretariat's side, and its direct edits of families, guardians and pupils. */
export const staffRecordsApi: Plugin<void> = {
  name: 'portee-staff-records-api',
  register(server) {
    const actor = (request: Parameters<typeof clientIp>[0]) => ({
      staffUserId: staffAuth(request).staffUserId,
      clientIp: clientIp(request),
    })
    server.route([
      {
        method: 'GET',
        path: '/api/staff/change-requests',
        async handler(request): Promise<{ items: ChangeRequestSummary[] }> {
          return { items: await listPendingRequests(ctx(request).db) }
        },
      },
      {
        method: 'GET',
        path: '/api/staff/change-requests/count',
        async handler(request): Promise<{ count: number }> {
          return { count: await countPendingRequests(ctx(request).db) }
        },
      },
      {
        method: 'GET',
        path: '/api/staff/change-requests/{id}',
        options: { validate: { params: schemas.idParams } },
        async handler(request): Promise<ChangeRequestView> {
          return getRequest(ctx(request).db, (request.params as { id: number }).id)
        },
      },
      {
        method: 'POST',
        path: '/api/staff/change-requests/{id}/decision',
        options: { validate: { params: schemas.idParams, payload: schemas.decision } },
        async handler(request): Promise<{ closed: boolean }> {
          const { db, mailer } = ctx(request)
          const input = request.payload as {
            revision: number
            decisions: Record<string, Decision>
            comment: string
          }
          const result = await db.transaction((trx) =>
            decideRequest(trx, {
              id: (request.params as { id: number }).id,
              ...input,
              ...actor(request),
            }),
          )
          mailer.kick()
          return result
        },
      },
      {
        method: 'PUT',
        path: '/api/staff/guardians/{id}',
        options: { validate: { params: schemas.idParams, payload: schemas.recordChange } },
        async handler(request, h) {
          const { values } = request.payload as { values: Record<string, unknown> }
          await ctx(request).db.transaction((trx) =>
            updateRecord(trx, {
              target: { type: 'guardian', id: (request.params as { id: number }).id },
              values,
              ...actor(request),
            }),
          )
          return h.response().code(204)
        },
      },
      {
        method: 'PUT',
        path: '/api/staff/pupils/{id}',
        options: { validate: { params: schemas.idParams, payload: schemas.recordChange } },
        async handler(request, h) {
          const { values } = request.payload as { values: Record<string, unknown> }
          await ctx(request).db.transaction((trx) =>
            updateRecord(trx, {
              target: { type: 'pupil', id: (request.params as { id: number }).id },
              values,
              ...actor(request),
            }),
          )
          return h.response().code(204)
        },
      },
      {
        method: 'POST',
        path: '/api/staff/families',
        options: { validate: { payload: schemas.newFamily } },
        async handler(request, h) {
          const input = request.payload as { siteId: number; guardian: Record<string, unknown> }
          const created = await ctx(request).db.transaction((trx) =>
            createFamily(trx, { ...input, ...actor(request) }),
          )
          return h.response(created).code(201)
        },
      },
      {
        method: 'POST',
        path: '/api/staff/families/{id}/guardians',
        options: { validate: { params: schemas.idParams, payload: schemas.recordChange } },
        async handler(request, h) {
          const { values } = request.payload as { values: Record<string, unknown> }
          const created = await ctx(request).db.transaction((trx) =>
            addGuardian(trx, {
              familyId: (request.params as { id: number }).id,
              values,
              ...actor(request),
            }),
          )
          return h.response(created).code(201)
        },
      },
      {
        method: 'POST',
        path: '/api/staff/families/{id}/pupils',
        options: { validate: { params: schemas.idParams, payload: schemas.recordChange } },
        async handler(request, h) {
          const { values } = request.payload as { values: Record<string, unknown> }
          const created = await ctx(request).db.transaction((trx) =>
            addPupil(trx, {
              familyId: (request.params as { id: number }).id,
              values,
              ...actor(request),
            }),
          )
          return h.response(created).code(201)
        },
      },
      {
        method: 'POST',
        path: '/api/staff/families/{id}/archive',
        options: { validate: { params: schemas.idParams, payload: schemas.noPayload } },
        async handler(request, h) {
          await ctx(request).db.transaction((trx) =>
            archive(trx, {
              type: 'family',
              id: (request.params as { id: number }).id,
              ...actor(request),
            }),
          )
          return h.response().code(204)
        },
      },
      {
        method: 'POST',
        path: '/api/staff/guardians/{id}/archive',
        options: { validate: { params: schemas.idParams, payload: schemas.noPayload } },
        async handler(request, h) {
          await ctx(request).db.transaction((trx) =>
            archive(trx, {
              type: 'guardian',
              id: (request.params as { id: number }).id,
              ...actor(request),
            }),
          )
          return h.response().code(204)
        },
      },
      {
        method: 'POST',
        path: '/api/staff/pupils/{id}/archive',
        options: { validate: { params: schemas.idParams, payload: schemas.noPayload } },
        async handler(request, h) {
          await ctx(request).db.transaction((trx) =>
            archive(trx, {
              type: 'pupil',
              id: (request.params as { id: number }).id,
              ...actor(request),
            }),
          )
          return h.response().code(204)
        },
      },
      {
        method: 'GET',
        path: '/api/staff/families/{id}/audit',
        options: { validate: { params: schemas.idParams } },
        async handler(request): Promise<{ items: AuditEntry[] }> {
          return {
            items: await familyAudit(ctx(request).db, (request.params as { id: number }).id),
          }
        },
      },
    ])
  },
}
