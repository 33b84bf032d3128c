import type { Plugin } from '@hapi/hapi'
import { CAN } from '../../../db/rules/roles.ts'
import {
  createStaffAccount,
  listStaffAccounts,
  resendStaffAccess,
  setStaffAccountActive,
  updateStaffAccount,
  type StaffAccountInput,
} from '../../../db/services/staff-accounts.ts'
import {
  describeStaffPasswordLink,
  setStaffPasswordWithLink,
} from '../../../db/services/staff-passwords.ts'
import type { StaffAccount, StaffPasswordLinkInfo } from '../../api/types.ts'
import { allow, clientIp, ctx, read, route, staffActor, write } from '../context.ts'
import * as schemas from '../schemas.ts'

type Id = { Params: { id: number } }
type Token = { Params: { token: string } }

/** "Paramètres" → "Comptes" (the administrator only), and the link of a new account's mail. */
export const staffAccountsApi: Plugin<void> = {
  name: 'portee-staff-accounts-api',
  register(server) {
    const auth = allow(CAN.settings)
    server.route([
      {
        method: 'GET',
        path: '/api/staff/staff-accounts',
        options: { auth },
        async handler(request): Promise<{ items: StaffAccount[] }> {
          return { items: await read(request, listStaffAccounts) }
        },
      },
      route<{ Payload: StaffAccountInput }>({
        method: 'POST',
        path: '/api/staff/staff-accounts',
        options: { auth, validate: { payload: schemas.staffAccount } },
        async handler(request, h) {
          const input = { ...request.payload, ...staffActor(request) }
          const { staffUrl } = ctx(request).config
          const created = await write(request, (trx) =>
            createStaffAccount(trx, { ...input, staffUrl }),
          )
          return h.response(created).code(201)
        },
      }),
      route<Id & { Payload: StaffAccountInput }>({
        method: 'PUT',
        path: '/api/staff/staff-accounts/{id}',
        options: { auth, validate: { params: schemas.idParams, payload: schemas.staffAccount } },
        async handler(request, h) {
          const input = { ...request.payload, id: request.params.id, ...staffActor(request) }
          await write(request, (trx) => updateStaffAccount(trx, input))
          return h.response().code(204)
        },
      }),
      route<Id & { Payload: { active: boolean } }>({
        method: 'PUT',
        path: '/api/staff/staff-accounts/{id}/state',
        options: {
          auth,
          validate: { params: schemas.idParams, payload: schemas.staffAccountState },
        },
        async handler(request, h) {
          const input = { ...request.payload, id: request.params.id, ...staffActor(request) }
          await write(request, (trx) => setStaffAccountActive(trx, input))
          return h.response().code(204)
        },
      }),
      route<Id>({
        method: 'POST',
        path: '/api/staff/staff-accounts/{id}/access-mail',
        options: { auth, validate: { params: schemas.idParams, payload: schemas.noPayload } },
        async handler(request, h) {
          const { staffUrl } = ctx(request).config
          const input = { id: request.params.id, staffUrl, ...staffActor(request) }
          await write(request, (trx) => resendStaffAccess(trx, input))
          return h.response().code(204)
        },
      }),
      route<Token>({
        method: 'GET',
        path: '/api/staff/password-links/{token}',
        options: { auth: false, validate: { params: schemas.tokenParams } },
        async handler(request): Promise<StaffPasswordLinkInfo> {
          const { clock } = ctx(request)
          return read(request, (trx) => describeStaffPasswordLink(trx, request.params.token, clock))
        },
      }),
      route<Token & { Payload: { password: string; confirmation: string } }>({
        method: 'POST',
        path: '/api/staff/password-links/{token}',
        options: {
          auth: false,
          validate: { params: schemas.tokenParams, payload: schemas.newPassword },
        },
        async handler(request): Promise<{ login: string }> {
          const { db, hasher, clock } = ctx(request)
          const input = { ...request.payload, token: request.params.token, clock }
          return setStaffPasswordWithLink(db, hasher, { ...input, clientIp: clientIp(request) })
        },
      }),
    ])
  },
}
