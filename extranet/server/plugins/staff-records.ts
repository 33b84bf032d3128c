import type { Plugin, ServerRoute } from '@hapi/hapi'
import Joi from 'joi'
import { RESIDENCES, type Residence } from '../../../db/rules/reenrolment.ts'
import { archive, type ArchiveType } from '../../../db/services/archive.ts'
import { decideRequest, type Decision } from '../../../db/services/change-requests/decide.ts'
import { getRequest } from '../../../db/services/change-requests/review.ts'
import type { TargetType } from '../../../db/services/records.ts'
import { setFamilyResidence } from '../../../db/services/family-residence.ts'
import { addToFamily, createFamily, updateRecord } from '../../../db/services/staff-records.ts'
import type { ChangeRequestView } from '../../api/types.ts'
import { CAN } from '../../../db/rules/roles.ts'
import { allow, read, route, staffActor, staffAuth, write } from '../context.ts'
import * as schemas from '../schemas.ts'

type Values = Record<string, unknown>
type Id = { Params: { id: number } }

/** The records staff edit directly, by the segment of their address. */
const RECORDS: Record<'guardians' | 'pupils', { type: TargetType; created: string }> = {
  guardians: { type: 'guardian', created: 'guardianId' },
  pupils: { type: 'pupil', created: 'pupilId' },
}
const ARCHIVABLE: Record<'families' | 'guardians' | 'pupils', ArchiveType> = {
  families: 'family',
  guardians: 'guardian',
  pupils: 'pupil',
}

/** Modifier (PUT …/{id}) and Ajouter (POST /families/{id}/…) for each kind of record. */
function recordRoutes(segment: keyof typeof RECORDS): ServerRoute[] {
  const { type, created } = RECORDS[segment]
  const validate = { params: schemas.idParams, payload: schemas.recordChange }
  const auth = allow(CAN.editFamilies)
  return [
    route<Id & { Payload: { values: Values } }>({
      method: 'PUT',
      path: `/api/staff/${segment}/{id}`,
      options: { auth, app: { sees: type }, validate },
      async handler(request, h) {
        const { values } = request.payload
        const target = { type, id: request.params.id }
        await write(request, (trx) => updateRecord(trx, { target, values, ...staffActor(request) }))
        return h.response().code(204)
      },
    }),
    route<Id & { Payload: { values: Values } }>({
      method: 'POST',
      path: `/api/staff/families/{id}/${segment}`,
      options: { auth, app: { sees: 'family' }, validate },
      async handler(request, h) {
        const input = { type, familyId: request.params.id, values: request.payload.values }
        const { id } = await write(request, (trx) =>
          addToFamily(trx, { ...input, ...staffActor(request) }),
        )
        return h.response({ [created]: id }).code(201)
      },
    }),
  ]
}

/** Archiver, for a family, a guardian or a pupil. */
function archiveRoute(segment: keyof typeof ARCHIVABLE): ServerRoute {
  return route<Id>({
    method: 'POST',
    path: `/api/staff/${segment}/{id}/archive`,
    options: {
      auth: allow(CAN.editFamilies),
      app: { sees: ARCHIVABLE[segment] },
      validate: { params: schemas.idParams, payload: schemas.noPayload },
    },
    async handler(request, h) {
      const input = { type: ARCHIVABLE[segment], id: request.params.id, ...staffActor(request) }
      await write(request, (trx) => archive(trx, input))
      return h.response().code(204)
    },
  })
}

/** The family's residence (null: not known): staff only, the family never sees it. */
const residenceRoute = route<Id & { Payload: { residence: Residence | null } }>({
  method: 'PUT',
  path: '/api/staff/families/{id}/residence',
  options: {
    auth: allow(CAN.editFamilies),
    app: { sees: 'family' },
    validate: {
      params: schemas.idParams,
      payload: Joi.object({
        residence: Joi.string()
          .valid(...RESIDENCES)
          .allow(null)
          .required(),
      }),
    },
  },
  async handler(request, h) {
    const input = { familyId: request.params.id, ...request.payload, ...staffActor(request) }
    await write(request, (trx) => setFamilyResidence(trx, input))
    return h.response().code(204)
  },
})

type DecisionPayload = { revision: number; decisions: Record<string, Decision>; comment: string }

/** The sas from the secretariat's side, and its direct edits of families, guardians and pupils. */
export const staffRecordsApi: Plugin<void> = {
  name: 'portee-staff-records-api',
  register(server) {
    server.route([
      route<Id>({
        method: 'GET',
        path: '/api/staff/change-requests/{id}',
        options: {
          auth: allow(CAN.readFamilies),
          app: { sees: 'changeRequest' },
          validate: { params: schemas.idParams },
        },
        async handler(request): Promise<ChangeRequestView> {
          return read(request, (trx) => getRequest(trx, request.params.id))
        },
      }),
      route<Id & { Payload: DecisionPayload }>({
        method: 'POST',
        path: '/api/staff/change-requests/{id}/decision',
        options: {
          auth: allow(CAN.decideRequests),
          app: { sees: 'changeRequest' },
          validate: { params: schemas.idParams, payload: schemas.decision },
        },
        async handler(request): Promise<{ closed: boolean }> {
          const input = { id: request.params.id, ...request.payload, ...staffActor(request) }
          return write(request, (trx) => decideRequest(trx, input))
        },
      }),
      route<{ Payload: { siteId: number; guardian: Values } }>({
        method: 'POST',
        path: '/api/staff/families',
        options: { auth: allow(CAN.editFamilies), validate: { payload: schemas.newFamily } },
        async handler(request, h) {
          const { siteIds } = staffAuth(request)
          const input = { ...request.payload, ...staffActor(request), siteIds }
          return h.response(await write(request, (trx) => createFamily(trx, input))).code(201)
        },
      }),
      ...recordRoutes('guardians'),
      ...recordRoutes('pupils'),
      archiveRoute('families'),
      archiveRoute('guardians'),
      archiveRoute('pupils'),
      residenceRoute,
    ])
  },
}
