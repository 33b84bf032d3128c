import type { Plugin, Request } from '@hapi/hapi'
import { familyPupil, familyRecords, submitFamilyChange } from '../../../db/services/portal.ts'
import type { Target } from '../../../db/services/records.ts'
import { schoolList } from '../../../db/services/schools.ts'
import type { FamilyRecordView, PupilRecordView, RecordView, School } from '../../api/types.ts'
import { clientIp, ctx, familyAuth, readNow, route, write } from '../context.ts'
import * as schemas from '../schemas.ts'

type Change = { Payload: { values: Record<string, unknown> } }

/** A change of the family's own record or of one of its pupils: into the sas, never the record. */
function submit<R extends Change>(request: Request<R>, target: Target) {
  const auth = familyAuth(request)
  return write(request, (trx) =>
    submitFamilyChange(trx, {
      familyId: auth.familyId,
      guardianId: auth.guardianId,
      target,
      values: request.payload.values,
      clientIp: clientIp(request),
      clock: ctx(request).clock,
    }),
  )
}

/**
 * "Famille" and "Élèves": the family's records, changes that go through the sas, and the list of
 * schools the pupil's "Établissement scolaire" is chosen from.
 */
export const portalRecordsApi: Plugin<void> = {
  name: 'portee-portal-records-api',
  register(server) {
    server.route([
      {
        method: 'GET',
        path: '/api/family/record',
        async handler(request): Promise<FamilyRecordView> {
          const auth = familyAuth(request)
          return readNow(request, (sql) => familyRecords(sql, auth))
        },
      },
      route<Change>({
        method: 'PUT',
        path: '/api/family/guardian',
        options: { validate: { payload: schemas.recordChange } },
        async handler(request): Promise<RecordView> {
          return submit(request, { type: 'guardian', id: familyAuth(request).guardianId })
        },
      }),
      route<{ Params: { id: number } }>({
        method: 'GET',
        path: '/api/family/pupils/{id}',
        options: { validate: { params: schemas.idParams } },
        async handler(request): Promise<PupilRecordView> {
          const auth = { ...familyAuth(request), pupilId: request.params.id }
          return readNow(request, (sql) => familyPupil(sql, auth))
        },
      }),
      {
        method: 'GET',
        path: '/api/family/schools',
        async handler(request): Promise<School[]> {
          return readNow(request, schoolList)
        },
      },
      route<Change & { Params: { id: number } }>({
        method: 'PUT',
        path: '/api/family/pupils/{id}',
        options: { validate: { params: schemas.idParams, payload: schemas.recordChange } },
        async handler(request): Promise<RecordView> {
          return submit(request, { type: 'pupil', id: request.params.id })
        },
      }),
    ])
  },
}
