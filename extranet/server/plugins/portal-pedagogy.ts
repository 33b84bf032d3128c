import type { Plugin, Request } from '@hapi/hapi'
import {
  familyEnrolmentFollowUp,
  familyPupilCoursesNow,
  familyPupilHistory,
  familyPupilUpcoming,
  familyPupilRepertoire,
} from '../../../db/services/pedagogy/family-tabs.ts'
import type {
  EnrolmentFollowUpView,
  EnrolmentLineView,
  PupilHistoryView,
  RepertoireYearView,
} from '../../api/types.ts'
import { familyAuth, read, readNow, route } from '../context.ts'
import * as schemas from '../schemas.ts'

type Id = { Params: { id: number } }

/** The family's pupil named by `{id}` (the services answer 404 when it is not the family's). */
const pupilOf = (request: Request<Id>) => ({
  familyId: familyAuth(request).familyId,
  pupilId: request.params.id,
})

/**
 * The pupil's tabs on the extranet: « Cours » (the current year), « Historique » (the earlier
 * years, with the end-of-cycle results), « Répertoire », and a course opened (« Suivi »,
 * « Évaluations », « Absences »; « Commentaires » in the Historique). A family reads only its own
 * pupils' data: any other id is 404, as for one that does not exist.
 */
export const portalPedagogyApi: Plugin<void> = {
  name: 'portee-portal-pedagogy-api',
  register(server) {
    const byId = { validate: { params: schemas.idParams } }
    server.route([
      route<Id>({
        method: 'GET',
        path: '/api/family/pupils/{id}/courses',
        options: byId,
        async handler(request): Promise<EnrolmentLineView[]> {
          return readNow(request, (sql) => familyPupilCoursesNow(sql, pupilOf(request)))
        },
      }),
      route<Id>({
        method: 'GET',
        path: '/api/family/pupils/{id}/upcoming-courses',
        options: byId,
        async handler(request): Promise<EnrolmentLineView[]> {
          return read(request, (trx) => familyPupilUpcoming(trx, pupilOf(request)))
        },
      }),
      route<Id>({
        method: 'GET',
        path: '/api/family/pupils/{id}/history',
        options: byId,
        async handler(request): Promise<PupilHistoryView> {
          return read(request, (trx) => familyPupilHistory(trx, pupilOf(request)))
        },
      }),
      route<Id>({
        method: 'GET',
        path: '/api/family/pupils/{id}/repertoire',
        options: byId,
        async handler(request): Promise<RepertoireYearView[]> {
          return read(request, (trx) => familyPupilRepertoire(trx, pupilOf(request)))
        },
      }),
      route<Id>({
        method: 'GET',
        path: '/api/family/enrolments/{id}',
        options: byId,
        async handler(request): Promise<EnrolmentFollowUpView> {
          const ref = { familyId: familyAuth(request).familyId, enrolmentId: request.params.id }
          return read(request, (trx) => familyEnrolmentFollowUp(trx, ref))
        },
      }),
    ])
  },
}
