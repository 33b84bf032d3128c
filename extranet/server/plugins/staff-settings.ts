import type { Plugin } from '@hapi/hapi'
import type { ConservatoireIdentity, SiteFields } from '../../../db/rules/conservatoire.ts'
import {
  firstRunState,
  getConservatoire,
  getLogo,
  removeLogo,
  saveConservatoire,
  setLogo,
} from '../../../db/services/conservatoire.ts'
import { createSite, listSites, setSiteOpen, updateSite } from '../../../db/services/sites.ts'
import { CAN, can } from '../../../db/rules/roles.ts'
import type { ConservatoireView, FirstRunState, SiteView } from '../../api/types.ts'
import { allow, read, route, staffActor, staffAuth, write } from '../context.ts'
import { conservatoireView, logoResponse, siteView } from '../presenters/conservatoire.ts'
import * as schemas from '../schemas.ts'

type Id = { Params: { id: number } }
const BASE = '/api/staff/settings'

/** "Paramètres": the conservatoire's identity and logo, its sites; and the first run's state. */
export const staffSettingsApi: Plugin<void> = {
  name: 'portee-staff-settings-api',
  register(server) {
    server.route([
      {
        method: 'GET',
        path: '/api/staff/first-run',
        options: { auth: allow(CAN.anyStaff) },
        async handler(request): Promise<FirstRunState> {
          const state = await read(request, firstRunState)
          return { ...state, canSetUp: can(staffAuth(request).role, 'settings') }
        },
      },
      {
        method: 'GET',
        path: `${BASE}/conservatoire`,
        options: { auth: allow(CAN.anyStaff) },
        async handler(request): Promise<{ conservatoire: ConservatoireView | null }> {
          const found = await read(request, getConservatoire)
          return { conservatoire: found && conservatoireView(found) }
        },
      },
      route<{ Payload: ConservatoireIdentity }>({
        method: 'PUT',
        path: `${BASE}/conservatoire`,
        options: {
          auth: allow(CAN.settings),
          validate: { payload: schemas.conservatoireIdentity },
        },
        async handler(request): Promise<ConservatoireView> {
          const actor = staffActor(request)
          const saved = await write(request, (trx) =>
            saveConservatoire(trx, request.payload, actor),
          )
          return conservatoireView(saved)
        },
      }),
      route<{ Query: { v?: string } }>({
        method: 'GET',
        path: `${BASE}/conservatoire/logo`,
        options: { auth: allow(CAN.anyStaff), validate: { query: schemas.logoQuery } },
        async handler(request, h) {
          return logoResponse(h, await read(request, getLogo), request.query.v)
        },
      }),
      route<{ Payload: { content: string } }>({
        method: 'PUT',
        path: `${BASE}/conservatoire/logo`,
        options: {
          auth: allow(CAN.settings),
          payload: { maxBytes: 2 * 1024 * 1024 },
          validate: { payload: schemas.logoUpload },
        },
        async handler(request): Promise<{ logoUrl: string }> {
          const actor = staffActor(request)
          const bytes = Buffer.from(request.payload.content, 'base64')
          const { version } = await write(request, (trx) => setLogo(trx, bytes, actor))
          return { logoUrl: `${BASE}/conservatoire/logo?v=${version}` }
        },
      }),
      {
        method: 'DELETE',
        path: `${BASE}/conservatoire/logo`,
        options: { auth: allow(CAN.settings) },
        async handler(request, h) {
          const actor = staffActor(request)
          await write(request, (trx) => removeLogo(trx, actor))
          return h.response().code(204)
        },
      },
      {
        method: 'GET',
        path: `${BASE}/sites`,
        options: { auth: allow(CAN.anyStaff) },
        async handler(request): Promise<SiteView[]> {
          return (await read(request, listSites)).map(siteView)
        },
      },
      route<{ Payload: Partial<SiteFields> }>({
        method: 'POST',
        path: `${BASE}/sites`,
        options: { auth: allow(CAN.settings), validate: { payload: schemas.newSite } },
        async handler(request, h) {
          const actor = staffActor(request)
          const created = await write(request, (trx) => createSite(trx, request.payload, actor))
          return h.response(created).code(201)
        },
      }),
      route<Id & { Payload: Partial<SiteFields> }>({
        method: 'PUT',
        path: `${BASE}/sites/{id}`,
        options: {
          auth: allow(CAN.settings),
          validate: { params: schemas.idParams, payload: schemas.siteUpdate },
        },
        async handler(request, h) {
          const actor = staffActor(request)
          const { id } = request.params
          await write(request, (trx) => updateSite(trx, id, request.payload, actor))
          return h.response().code(204)
        },
      }),
      route<Id & { Payload: { open: boolean } }>({
        method: 'PUT',
        path: `${BASE}/sites/{id}/open`,
        options: {
          auth: allow(CAN.settings),
          validate: { params: schemas.idParams, payload: schemas.siteOpen },
        },
        async handler(request, h) {
          const actor = staffActor(request)
          const { id } = request.params
          await write(request, (trx) => setSiteOpen(trx, id, request.payload.open, actor))
          return h.response().code(204)
        },
      }),
    ])
  },
}
