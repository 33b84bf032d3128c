import type { Plugin, ServerRoute } from '@hapi/hapi'
import type {
  ExportFormat,
  FamilySort,
  FamilyState,
  ListQuery,
  MailSort,
  RequestSort,
} from '../../../db/rules/lists.ts'
import { CAN } from '../../../db/rules/roles.ts'
import type { ArchiveType } from '../../../db/services/archive.ts'
import {
  allPendingRequests,
  countPendingRequests,
  listPendingRequests,
} from '../../../db/services/change-requests/review.ts'
import { allFamilies, familyIds, searchFamiliesJson } from '../../../db/services/family-list.ts'
import { allMails, listOutbox, type OutboxStatus } from '../../../db/services/outbox.ts'
import { restore } from '../../../db/services/restore.ts'
import type { ChangeRequestList, OutboxList } from '../../api/types.ts'
import { allow, ctx, read, readNow, route, staffActor, staffAuth, write } from '../context.ts'
import { exportFile } from '../exports.ts'
import { mailRow } from '../presenters/mail.ts'
import { familiesTable, mailsTable, requestsTable } from '../presenters/lists.ts'
import * as schemas from '../schemas.ts'

type Paged<Sort extends string, Filters> = { Query: Filters & ListQuery<Sort> }
type Exported<Sort extends string, Filters> = {
  Query: Filters & { sort?: Sort; order?: 'asc' | 'desc'; format: ExportFormat }
}
type FamilyFilters = { q: string; siteId?: number; state: FamilyState }
type RequestFilters = { q: string; siteId?: number }
type MailFilters = { q: string; status?: OutboxStatus }

const RESTORABLE: Record<'families' | 'guardians' | 'pupils', ArchiveType> = {
  families: 'family',
  guardians: 'guardian',
  pupils: 'pupil',
}

/** Restaurer, for an archived family, guardian or pupil. */
function restoreRoute(segment: keyof typeof RESTORABLE): ServerRoute {
  return route<{ Params: { id: number } }>({
    method: 'POST',
    path: `/api/staff/${segment}/{id}/restore`,
    options: {
      auth: allow(CAN.editFamilies),
      app: { sees: RESTORABLE[segment] },
      validate: { params: schemas.idParams, payload: schemas.noPayload },
    },
    async handler(request, h) {
      const input = { type: RESTORABLE[segment], id: request.params.id, ...staffActor(request) }
      await write(request, (trx) => restore(trx, input))
      return h.response().code(204)
    },
  })
}

/**
 * The staff lists (Familles, Demandes en attente, Courriels): sorted, filtered, paged, on the
 * sites the staff member works for; their exports (CSV, XLSX) with the same filters and sort.
 */
export const staffListsApi: Plugin<void> = {
  name: 'portee-staff-lists-api',
  register(server) {
    server.route([
      route<Paged<FamilySort, FamilyFilters>>({
        method: 'GET',
        path: '/api/staff/families',
        options: { auth: allow(CAN.readFamilies), validate: { query: schemas.familyList.page } },
        // The JSON of a FamilyList, written by the service: sent as it is.
        async handler(request, h) {
          const { q, ...query } = request.query
          const { siteIds } = staffAuth(request)
          const json = await readNow(request, (sql) =>
            searchFamiliesJson(sql, { ...query, query: q, siteIds }),
          )
          return h.response(json).type('application/json; charset=utf-8')
        },
      }),
      route<Exported<FamilySort, FamilyFilters>>({
        method: 'GET',
        path: '/api/staff/families/export',
        options: { auth: allow(CAN.readFamilies), validate: { query: schemas.familyList.export } },
        async handler(request, h) {
          const { q, format, ...query } = request.query
          const { siteIds } = staffAuth(request)
          const rows = await read(request, (trx) =>
            allFamilies(trx, { ...query, query: q, siteIds }),
          )
          return exportFile(h, familiesTable(rows), format, ctx(request).clock)
        },
      }),
      route<{ Query: FamilyFilters }>({
        method: 'GET',
        path: '/api/staff/family-ids',
        options: { auth: allow(CAN.editFamilies), validate: { query: schemas.familyIdsQuery } },
        async handler(request): Promise<{ ids: number[] }> {
          const { q, ...filter } = request.query
          const { siteIds } = staffAuth(request)
          return {
            ids: await read(request, (trx) => familyIds(trx, { ...filter, query: q, siteIds })),
          }
        },
      }),
      route<Paged<RequestSort, RequestFilters>>({
        method: 'GET',
        path: '/api/staff/change-requests',
        options: { auth: allow(CAN.readFamilies), validate: { query: schemas.requestList.page } },
        async handler(request): Promise<ChangeRequestList> {
          const { q, ...query } = request.query
          const { siteIds } = staffAuth(request)
          return read(request, (trx) => listPendingRequests(trx, { ...query, query: q, siteIds }))
        },
      }),
      route<Exported<RequestSort, RequestFilters>>({
        method: 'GET',
        path: '/api/staff/change-requests/export',
        options: { auth: allow(CAN.readFamilies), validate: { query: schemas.requestList.export } },
        async handler(request, h) {
          const { q, format, ...query } = request.query
          const { siteIds } = staffAuth(request)
          const rows = await read(request, (trx) =>
            allPendingRequests(trx, { ...query, query: q, siteIds }),
          )
          return exportFile(h, requestsTable(rows), format, ctx(request).clock)
        },
      }),
      {
        method: 'GET',
        path: '/api/staff/change-requests/count',
        options: { auth: allow(CAN.readFamilies) },
        async handler(request): Promise<{ count: number }> {
          const { siteIds } = staffAuth(request)
          return { count: await read(request, (trx) => countPendingRequests(trx, siteIds)) }
        },
      },
      route<Paged<MailSort, MailFilters>>({
        method: 'GET',
        path: '/api/staff/outbox',
        options: { auth: allow(CAN.mails), validate: { query: schemas.mailList.page } },
        async handler(request): Promise<OutboxList> {
          const { q, ...query } = request.query
          const { siteIds } = staffAuth(request)
          const page = await read(request, (trx) =>
            listOutbox(trx, { ...query, query: q, siteIds }),
          )
          return { ...page, items: page.items.map(mailRow) }
        },
      }),
      route<Exported<MailSort, MailFilters>>({
        method: 'GET',
        path: '/api/staff/outbox/export',
        options: { auth: allow(CAN.mails), validate: { query: schemas.mailList.export } },
        async handler(request, h) {
          const { q, format, ...query } = request.query
          const { siteIds } = staffAuth(request)
          const rows = await read(request, (trx) => allMails(trx, { ...query, query: q, siteIds }))
          return exportFile(h, mailsTable(rows), format, ctx(request).clock)
        },
      }),
      restoreRoute('families'),
      restoreRoute('guardians'),
      restoreRoute('pupils'),
    ])
  },
}
