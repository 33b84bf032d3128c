import type { Plugin, ReqRef, Request } from '@hapi/hapi'
import { CAN } from '../../../db/rules/roles.ts'
import {
  campaignExportRows,
  campaignPupils,
  EXPORT_COLUMNS,
} from '../../../db/services/reenrolment/campaign-pupils.ts'
import {
  campaignFormOptions,
  runQuickAction,
  type QuickAction,
  type QuickInput,
} from '../../../db/services/reenrolment/campaign-actions.ts'
import {
  campaignDetail,
  campaignInScope,
  deleteCampaign,
  listCampaigns,
  saveCampaign,
  type CampaignInput,
} from '../../../db/services/reenrolment/campaigns.ts'
import { campaignDashboard } from '../../../db/services/reenrolment/dashboard.ts'
import { sendReminders } from '../../../db/services/reenrolment/reminders.ts'
import type {
  CampaignDashboardView,
  CampaignDetailView,
  CampaignFormOptions,
  CampaignPupilFilters,
  CampaignPupilPage,
  CampaignSummaryView,
  ReminderResultView,
} from '../../api/campaign-types.ts'
import * as c from '../campaign-schemas.ts'
import { allow, ctx, read, route, staffActor, staffAuth } from '../context.ts'
import { exportFile } from '../exports.ts'
import { progressStream } from '../progress-stream.ts'
import * as schemas from '../schemas.ts'
import { staffRoute } from '../staff-route.ts'

type Id = { Params: { id: number } }
type Body = { Payload: CampaignInput }
type Pupils = Id & {
  Query: Required<Pick<CampaignPupilFilters, 'page' | 'pageSize'>> & CampaignPupilFilters
}

const READ = CAN.readReenrolment
const RUN = CAN.runReenrolment
const byId = { params: schemas.idParams }
const now = <R extends ReqRef>(r: Request<R>) => ctx(r).clock.now()
const sites = <R extends ReqRef>(r: Request<R>) => staffAuth(r).siteIds

/** A quick action on a campaign: « Ouvrir maintenant », « Fermer maintenant », « Prolonger ». */
const quick = (action: QuickAction['action'], payload = schemas.noPayload) =>
  staffRoute({
    method: 'POST',
    path: `/api/staff/campaigns/{id}/${action}`,
    can: RUN,
    validate: { ...byId, payload },
    work: (trx, r: Request<Id & { Payload: Record<string, string> }>) =>
      runQuickAction(
        trx,
        { ...(r.payload ?? {}), action, id: r.params.id, siteIds: sites(r) } as QuickInput,
        staffActor(r),
      ),
  })

/**
 * « Réinscriptions »: the campaigns of the staff member's sites, their form and pièces, the quick
 * actions, the live dashboard with its pupils, the reminders (streamed progress) and the export.
 */
export const staffCampaignsApi: Plugin<void> = {
  name: 'portee-staff-campaigns-api',
  register(server) {
    server.route([
      staffRoute({
        method: 'GET',
        path: '/api/staff/campaigns',
        can: READ,
        work: (trx, r: Request): Promise<CampaignSummaryView[]> =>
          listCampaigns(trx, sites(r), now(r)),
      }),
      staffRoute({
        method: 'GET',
        path: '/api/staff/campaigns/options',
        can: RUN,
        work: (trx, r: Request): Promise<CampaignFormOptions> => campaignFormOptions(trx, sites(r)),
      }),
      staffRoute({
        method: 'GET',
        path: '/api/staff/campaigns/{id}',
        can: READ,
        validate: byId,
        work: (trx, r: Request<Id>): Promise<CampaignDetailView> =>
          campaignDetail(trx, sites(r), r.params.id, now(r)),
      }),
      staffRoute({
        method: 'POST',
        path: '/api/staff/campaigns',
        can: RUN,
        validate: { payload: c.campaign },
        work: (trx, r: Request<Body>) =>
          saveCampaign(trx, { ...r.payload, siteIds: sites(r) }, staffActor(r)),
      }),
      staffRoute({
        method: 'PUT',
        path: '/api/staff/campaigns/{id}',
        can: RUN,
        validate: { ...byId, payload: c.campaign },
        work: (trx, r: Request<Id & Body>) =>
          saveCampaign(trx, { ...r.payload, id: r.params.id, siteIds: sites(r) }, staffActor(r)),
      }),
      staffRoute({
        method: 'DELETE',
        path: '/api/staff/campaigns/{id}',
        can: RUN,
        validate: { ...byId, payload: schemas.noPayload },
        work: (trx, r: Request<Id>) =>
          deleteCampaign(trx, { id: r.params.id, siteIds: sites(r) }, staffActor(r)),
      }),
      quick('open'),
      quick('close'),
      quick('extend', c.extension),
      staffRoute({
        method: 'GET',
        path: '/api/staff/campaigns/{id}/dashboard',
        can: READ,
        validate: byId,
        work: async (trx, r: Request<Id>): Promise<CampaignDashboardView> =>
          campaignDashboard(trx, await campaignInScope(trx, sites(r), r.params.id)),
      }),
      staffRoute({
        method: 'GET',
        path: '/api/staff/campaigns/{id}/pupils',
        can: READ,
        validate: { ...byId, query: c.pupilQuery },
        work: async (trx, r: Request<Pupils>): Promise<CampaignPupilPage> => {
          const campaign = await campaignInScope(trx, sites(r), r.params.id)
          const page = await campaignPupils(trx, campaign, r.query)
          return { ...page, page: r.query.page, pageSize: r.query.pageSize }
        },
      }),
      route<Id>({
        method: 'GET',
        path: '/api/staff/campaigns/{id}/export',
        options: { auth: allow(READ), validate: { ...byId, query: c.exportQuery } },
        async handler(request, h) {
          const { campaign, rows } = await read(request, async (trx) => {
            const campaign = await campaignInScope(trx, sites(request), request.params.id)
            return { campaign, rows: await campaignExportRows(trx, campaign) }
          })
          const year = campaign.schoolYearLabel.replace('/', '-')
          const table = { name: `reinscriptions-${year}`, title: 'Réinscriptions', rows }
          return exportFile(h, { ...table, columns: EXPORT_COLUMNS }, 'csv', ctx(request).clock)
        },
      }),
      route<Id>({
        method: 'POST',
        path: '/api/staff/campaigns/{id}/reminders',
        options: { auth: allow(RUN), validate: { ...byId, payload: schemas.noPayload } },
        async handler(request, h) {
          const input = { id: request.params.id, siteIds: sites(request) }
          const { publicUrl } = ctx(request).config
          const stream = await progressStream(
            request,
            (trx, steps) =>
              sendReminders(trx, { ...input, publicUrl, ...steps }, staffActor(request)),
            (result): ReminderResultView => result,
          )
          return h.response(stream).type('application/x-ndjson').compressed('identity')
        },
      }),
    ])
  },
}
