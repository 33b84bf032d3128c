import type { Plugin } from '@hapi/hapi'
import { grantAccess, setAccessEnabled } from '../../../db/services/passwords.ts'
import { DomainError } from '../../../db/errors.ts'
import { familyIds } from '../../../db/services/families.ts'
import type { AccessMailingResult, GrantedAccess } from '../../api/types.ts'
import { clientIp, ctx, staffAuth } from '../context.ts'
import * as schemas from '../schemas.ts'

/** Extranet accesses of the guardians, one at a time or for a whole selection of families. */
export const staffAccessApi: Plugin<void> = {
  name: 'portee-staff-access-api',
  register(server) {
    server.route([
      {
        method: 'POST',
        path: '/api/staff/guardians/{id}/access',
        options: { validate: { params: schemas.idParams, payload: schemas.noPayload } },
        async handler(request): Promise<GrantedAccess> {
          const { db, config, mailer } = ctx(request)
          const { login } = await db.transaction((trx) =>
            grantAccess(trx, {
              guardianId: (request.params as { id: number }).id,
              staffUserId: staffAuth(request).staffUserId,
              publicUrl: config.publicUrl,
              clientIp: clientIp(request),
            }),
          )
          mailer.kick()
          return { login }
        },
      },
      {
        method: 'PUT',
        path: '/api/staff/guardians/{id}/access',
        options: { validate: { params: schemas.idParams, payload: schemas.accessState } },
        async handler(request, h) {
          const { db } = ctx(request)
          await db.transaction((trx) =>
            setAccessEnabled(trx, {
              guardianId: (request.params as { id: number }).id,
              enabled: (request.payload as { enabled: boolean }).enabled,
              staffUserId: staffAuth(request).staffUserId,
              clientIp: clientIp(request),
            }),
          )
          return h.response().code(204)
        },
      },
      {
        method: 'GET',
        path: '/api/staff/family-ids',
        options: { validate: { query: schemas.familyIdsQuery } },
        async handler(request): Promise<{ ids: number[] }> {
          const { q } = request.query as { q: string }
          return { ids: await familyIds(ctx(request).db, q) }
        },
      },
      {
        method: 'POST',
        path: '/api/staff/access-mailings',
        options: { validate: { payload: schemas.accessMailing } },
        async handler(request): Promise<AccessMailingResult> {
          const { db, config, mailer } = ctx(request)
          const { familyIds: ids } = request.payload as { familyIds: number[] }
          const staffUserId = staffAuth(request).staffUserId
          const result: AccessMailingResult = { sent: 0, skipped: [] }
          // One transaction per family: a family without e-mail does not stop the others.
          for (const familyId of ids) {
            const guardians = await db('guardians')
              .join('families', 'families.id', 'guardians.family_id')
              .where('guardians.family_id', familyId)
              .whereNull('families.archived_at')
              .whereNull('guardians.archived_at')
              .orderBy('guardians.rank')
              .select<
                { id: number; last_name: string; first_name: string; access_enabled: number }[]
              >(
                'guardians.id',
                'guardians.last_name',
                'guardians.first_name',
                'guardians.access_enabled',
              )
            for (const g of guardians) {
              const name = `${g.last_name} ${g.first_name}`.trim()
              if (!g.access_enabled) {
                result.skipped.push({ guardian: name, reason: 'accès désactivé' })
                continue
              }
              try {
                await db.transaction((trx) =>
                  grantAccess(trx, {
                    guardianId: g.id,
                    staffUserId,
                    publicUrl: config.publicUrl,
                    clientIp: clientIp(request),
                  }),
                )
                result.sent++
              } catch (err) {
                if (!(err instanceof DomainError)) throw err
                result.skipped.push({
                  guardian: name,
                  reason: err.code === 'VALIDATION' ? 'pas d’adresse e-mail' : err.message,
                })
              }
            }
          }
          mailer.kick()
          return result
        },
      },
    ])
  },
}
