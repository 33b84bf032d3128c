import type { Plugin } from '@hapi/hapi'
import { CAN } from '../../../db/rules/roles.ts'
import {
  createSchool,
  deleteSchool,
  listSchools,
  updateSchool,
} from '../../../db/services/schools.ts'
import type { School } from '../../api/types.ts'
import { allow, read, route, staffActor, write } from '../context.ts'
import * as schemas from '../schemas.ts'

type Id = { Params: { id: number } }
type SchoolInput = { Payload: { name: string; city: string } }

/** "Paramètres" → "Établissements scolaires": every staff member reads the list, the settings change it. */
export const staffSchoolsApi: Plugin<void> = {
  name: 'portee-staff-schools-api',
  register(server) {
    server.route([
      {
        method: 'GET',
        path: '/api/staff/schools',
        options: { auth: allow(CAN.anyStaff) },
        async handler(request): Promise<School[]> {
          return read(request, listSchools)
        },
      },
      route<SchoolInput>({
        method: 'POST',
        path: '/api/staff/schools',
        options: { auth: allow(CAN.settings), validate: { payload: schemas.school } },
        async handler(request, h) {
          const actor = staffActor(request)
          const school = await write(request, (trx) => createSchool(trx, request.payload, actor))
          return h.response(school).code(201)
        },
      }),
      route<Id & SchoolInput>({
        method: 'PUT',
        path: '/api/staff/schools/{id}',
        options: {
          auth: allow(CAN.settings),
          validate: { params: schemas.idParams, payload: schemas.school },
        },
        async handler(request): Promise<School> {
          const input = { id: request.params.id, ...request.payload }
          return write(request, (trx) => updateSchool(trx, input, staffActor(request)))
        },
      }),
      route<Id>({
        method: 'DELETE',
        path: '/api/staff/schools/{id}',
        options: { auth: allow(CAN.settings), validate: { params: schemas.idParams } },
        async handler(request, h) {
          const actor = staffActor(request)
          await write(request, (trx) => deleteSchool(trx, request.params.id, actor))
          return h.response().code(204)
        },
      }),
    ])
  },
}
