import type { Plugin } from '@hapi/hapi'
import {
  grantAccess,
  mailFamilyAccesses,
  setAccessEnabled,
} from '../../../db/services/access-grants.ts'
import type { AccessMailingResult, GrantedAccess } from '../../api/types.ts'
import { CAN } from '../../../db/rules/roles.ts'
import { allow, ctx, route, staffActor, write } from '../context.ts'
import * as schemas from '../schemas.ts'

type Id = { Params: { id: number } }

/** Extranet accesses of the guardians, one at a time or for a whole selection of families. */
export const staffAccessApi: Plugin<void> = {
  name: 'portee-staff-access-api',
  register(server) {
    server.route([
      route<Id>({
        method: 'POST',
        path: '/api/staff/guardians/{id}/access',
        options: {
          auth: allow(CAN.editFamilies),
          app: { sees: 'guardian' },
          validate: { params: schemas.idParams, payload: schemas.noPayload },
        },
        async handler(request): Promise<GrantedAccess> {
          const { publicUrl } = ctx(request).config
          const input = { guardianId: request.params.id, publicUrl, ...staffActor(request) }
          const { login } = await write(request, (trx) => grantAccess(trx, input))
          return { login }
        },
      }),
      route<Id & { Payload: { enabled: boolean } }>({
        method: 'PUT',
        path: '/api/staff/guardians/{id}/access',
        options: {
          auth: allow(CAN.editFamilies),
          app: { sees: 'guardian' },
          validate: { params: schemas.idParams, payload: schemas.accessState },
        },
        async handler(request, h) {
          const { enabled } = request.payload
          const input = { guardianId: request.params.id, enabled, ...staffActor(request) }
          await write(request, (trx) => setAccessEnabled(trx, input))
          return h.response().code(204)
        },
      }),
      route<{ Payload: { familyIds: number[] } }>({
        method: 'POST',
        path: '/api/staff/access-mailings',
        options: {
          auth: allow(CAN.editFamilies),
          app: { seesFamilies: true },
          validate: { payload: schemas.accessMailing },
        },
        async handler(request): Promise<AccessMailingResult> {
          const result: AccessMailingResult = { sent: 0, skipped: [] }
          const { publicUrl } = ctx(request).config
          // One transaction per family: a family without e-mail does not stop the others.
          for (const familyId of request.payload.familyIds) {
            const input = { familyId, publicUrl, ...staffActor(request) }
            const done = await write(request, (trx) => mailFamilyAccesses(trx, input))
            result.sent += done.sent
            result.skipped.push(...done.skipped)
          }
          return result
        },
      }),
    ])
  },
}
