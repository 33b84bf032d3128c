import type { Plugin } from '@hapi/hapi'
import type { Trx } from '../../../db/connection.ts'
import { pendingState, submitChanges } from '../../../db/services/change-requests.ts'
import { familyOfTarget, recordValues } from '../../../db/services/records.ts'
import { DomainError } from '../../../db/errors.ts'
import type { FamilyRecordView, PupilRecordView, RecordView } from '../../api/types.ts'
import { clientIp, ctx, familyAuth } from '../context.ts'
import * as schemas from '../schemas.ts'

async function recordView(trx: Trx, type: 'guardian' | 'pupil', id: number): Promise<RecordView> {
  return {
    id,
    values: await recordValues(trx, { type, id }),
    pending: await pendingState(trx, { type, id }),
  }
}

/** The pupil, if it is one of this family's; NOT_FOUND otherwise, whatever the id. */
async function ownPupil(trx: Trx, familyId: number, pupilId: number): Promise<void> {
  if ((await familyOfTarget(trx, { type: 'pupil', id: pupilId })) !== familyId) {
    throw new DomainError('NOT_FOUND', 'Cette fiche est introuvable.')
  }
}

/** "Famille" and "Élèves": the family's records, and changes that go through the sas. */
export const portalRecordsApi: Plugin<void> = {
  name: 'portee-portal-records-api',
  register(server) {
    server.route([
      {
        method: 'GET',
        path: '/api/family/record',
        async handler(request): Promise<FamilyRecordView> {
          const { db } = ctx(request)
          const auth = familyAuth(request)
          const guardians = await db('guardians')
            .where({ family_id: auth.familyId })
            .whereNull('archived_at')
            .orderBy('rank')
            .select<{ id: number; rank: number }[]>('id', 'rank')
          const pupils = await db('pupils')
            .where({ family_id: auth.familyId })
            .whereNull('archived_at')
            .orderBy('id')
            .select<{ id: number; last_name: string; first_name: string }[]>(
              'id',
              'last_name',
              'first_name',
            )
          return {
            guardians: await Promise.all(
              guardians.map(async (g) => ({
                ...(await recordView(db, 'guardian', g.id)),
                rank: g.rank,
                self: g.id === auth.guardianId,
              })),
            ),
            pupils: await Promise.all(
              pupils.map(async (p) => ({
                id: p.id,
                lastName: p.last_name,
                firstName: p.first_name,
                pending: (await pendingState(db, { type: 'pupil', id: p.id })) !== null,
              })),
            ),
          }
        },
      },
      {
        method: 'PUT',
        path: '/api/family/guardian',
        options: { validate: { payload: schemas.recordChange } },
        async handler(request): Promise<RecordView> {
          const { db, mailer } = ctx(request)
          const auth = familyAuth(request)
          const { values } = request.payload as { values: Record<string, unknown> }
          const view = await db.transaction(async (trx) => {
            await submitChanges(trx, {
              familyId: auth.familyId,
              guardianId: auth.guardianId,
              target: { type: 'guardian', id: auth.guardianId },
              values,
              clientIp: clientIp(request),
            })
            return recordView(trx, 'guardian', auth.guardianId)
          })
          mailer.kick()
          return view
        },
      },
      {
        method: 'GET',
        path: '/api/family/pupils/{id}',
        options: { validate: { params: schemas.idParams } },
        async handler(request): Promise<PupilRecordView> {
          const { db } = ctx(request)
          const auth = familyAuth(request)
          const { id } = request.params as { id: number }
          await ownPupil(db, auth.familyId, id)
          const guardian = await recordValues(db, { type: 'guardian', id: auth.guardianId })
          return {
            ...(await recordView(db, 'pupil', id)),
            guardianAddress: {
              address: String(guardian['address'] ?? ''),
              postalCode: String(guardian['postalCode'] ?? ''),
              city: String(guardian['city'] ?? ''),
            },
          }
        },
      },
      {
        method: 'PUT',
        path: '/api/family/pupils/{id}',
        options: { validate: { params: schemas.idParams, payload: schemas.recordChange } },
        async handler(request): Promise<RecordView> {
          const { db, mailer } = ctx(request)
          const auth = familyAuth(request)
          const { id } = request.params as { id: number }
          const { values } = request.payload as { values: Record<string, unknown> }
          const view = await db.transaction(async (trx) => {
            await submitChanges(trx, {
              familyId: auth.familyId,
              guardianId: auth.guardianId,
              target: { type: 'pupil', id },
              values,
              clientIp: clientIp(request),
            })
            return recordView(trx, 'pupil', id)
          })
          mailer.kick()
          return view
        },
      },
    ])
  },
}
