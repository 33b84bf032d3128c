import type { Plugin } from '@hapi/hapi'
import { conservatoireOf, getLogo } from '../../../db/services/conservatoire.ts'
import { anOpenSite } from '../../../db/services/sites.ts'
import type { PortalBrand } from '../../api/types.ts'
import { read, readNow, route } from '../context.ts'
import { logoResponse, portalBrand } from '../presenters/conservatoire.ts'
import * as schemas from '../schemas.ts'

/** What the extranet shows before any login: the conservatoire's name and logo (public, cached). */
export const portalBrandApi: Plugin<void> = {
  name: 'portee-portal-brand-api',
  register(server) {
    server.route([
      {
        method: 'GET',
        path: '/api/family/conservatoire',
        options: { auth: false },
        async handler(request, h) {
          const brand: PortalBrand = await readNow(request, (sql) =>
            portalBrand(conservatoireOf(sql), anOpenSite(sql)),
          )
          return h.response(brand).header('cache-control', 'public, max-age=60')
        },
      },
      route<{ Query: { v?: string } }>({
        method: 'GET',
        path: '/api/family/conservatoire/logo',
        options: { auth: false, validate: { query: schemas.logoQuery } },
        async handler(request, h) {
          return logoResponse(h, await read(request, getLogo), request.query.v)
        },
      }),
    ])
  },
}
