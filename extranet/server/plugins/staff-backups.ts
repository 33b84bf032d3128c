import type { Plugin } from '@hapi/hapi'
import { CAN } from '../../../db/rules/roles.ts'
import type { BackupList, BackupView, RestoreResult } from '../../api/types.ts'
import { allow, ctx, route, staffActor } from '../context.ts'
import * as schemas from '../schemas.ts'

/** « Paramètres › Sauvegardes » (administrator only): the list, « Sauvegarder maintenant », « Restaurer ». */
export const staffBackupsApi: Plugin<void> = {
  name: 'portee-staff-backups-api',
  register(server) {
    server.route([
      {
        method: 'GET',
        path: '/api/staff/backups',
        options: { auth: allow(CAN.settings) },
        handler(request): BackupList {
          const { backups, config } = ctx(request)
          return { items: backups.list(), keep: config.backupKeep, folder: backups.paths.backups }
        },
      },
      route<{ Payload: null }>({
        method: 'POST',
        path: '/api/staff/backups',
        options: { auth: allow(CAN.settings), validate: { payload: schemas.noPayload } },
        async handler(request): Promise<BackupView> {
          return ctx(request).backups.backupNow(staffActor(request))
        },
      }),
      route<{ Params: { name: string }; Payload: null }>({
        method: 'POST',
        path: '/api/staff/backups/{name}/restore',
        options: {
          auth: allow(CAN.settings),
          validate: { params: schemas.backupParams, payload: schemas.noPayload },
        },
        async handler(request): Promise<RestoreResult> {
          return ctx(request).backups.restore(request.params.name, staffActor(request))
        },
      }),
    ])
  },
}
