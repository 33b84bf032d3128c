import path from 'node:path'
import Hapi, { type Plugin } from '@hapi/hapi'
import Joi from 'joi'
import { systemClock, type Clock } from '../../db/clock.ts'
import { migrateLatest, openDatabase, type Db } from '../../db/connection.ts'
import { isEmpty, loadDemo } from '../../db/demo/index.ts'
import { DataDirError, storageProblem } from '../../db/storage.ts'
import { Backups } from './backups.ts'
import { compressWithBrotli } from './compression.ts'
import type { Config } from './config.ts'
import { guardSiteScope, type AppContext } from './context.ts'
import { failAction, joiPrefsFr, registerErrorHandling, validateInFrench } from './errors.ts'
import { HashPool } from './hash-pool.ts'
import { answerTimedOut, boundedListener } from './request-timeouts.ts'
import { guardSameOrigin } from './same-origin.ts'
import { Mailer } from './mailer.ts'
import { portalApi } from './plugins/portal.ts'
import { portalBrandApi } from './plugins/portal-brand.ts'
import { portalPedagogyApi } from './plugins/portal-pedagogy.ts'
import { portalReenrolmentApi } from './plugins/portal-reenrolment.ts'
import { portalDocumentsApi } from './plugins/portal-documents.ts'
import { portalRecordsApi } from './plugins/portal-records.ts'
import { sessionPlugin } from './plugins/session.ts'
import { staffApi } from './plugins/staff.ts'
import { staffAccessApi } from './plugins/staff-access.ts'
import { staffAccountsApi } from './plugins/staff-accounts.ts'
import { staffBackupsApi } from './plugins/staff-backups.ts'
import { staffCoursesApi } from './plugins/staff-courses.ts'
import { staffEnrolmentsApi } from './plugins/staff-enrolments.ts'
import { staffListsApi } from './plugins/staff-lists.ts'
import { staffImportApi } from './plugins/staff-import.ts'
import { staffMailApi } from './plugins/staff-mail.ts'
import { staffPedagogyApi } from './plugins/staff-pedagogy.ts'
import { staffRecordsApi } from './plugins/staff-records.ts'
import { staffSettingsApi } from './plugins/staff-settings.ts'
import { staffSchoolsApi } from './plugins/staff-schools.ts'
import { staffCampaignsApi } from './plugins/staff-campaigns.ts'
import { staffReenrolmentReviewApi } from './plugins/staff-reenrolment-review.ts'
import { staffDocumentsApi } from './plugins/staff-documents.ts'
import { staffTariffsApi } from './plugins/staff-tariffs.ts'
import { staffBillingApi } from './plugins/staff-billing.ts'
import { staffBillingDocumentsApi } from './plugins/staff-billing-documents.ts'
import { staffSepaApi } from './plugins/staff-sepa.ts'
import { staffPayfipApi } from './plugins/staff-payfip.ts'
import { portalBillingApi } from './plugins/portal-billing.ts'
import { portalPayfipApi } from './plugins/portal-payfip.ts'
import {
  appIndex,
  CONTENT_SECURITY_POLICY,
  STAFF_CONTENT_SECURITY_POLICY,
  webApp,
} from './plugins/web-app.ts'

export interface PorteeServer {
  /** The families' listener (extranet). */
  portal: Hapi.Server
  /** The back office's listener (JSON API + staff app). */
  staff: Hapi.Server
  db: Db
  config: Config
  mailer: Mailer
  backups: Backups
  /** The bcrypt workers (a test fills their queue to see a login storm). */
  hasher: HashPool
  /** Listens on both addresses, starts the outbox sender and the daily backup. */
  start(): Promise<void>
  /** Stops both listeners, the hash workers, the backups, and closes the database. */
  stop(): Promise<void>
}

/** No query string at all, the default of every API route (see `listener`). */
const NO_QUERY = Joi.object({}).allow(null).prefs(joiPrefsFr)

/**
 * The check of that default: joi only for a query string that is there (then refused), not for
 * the empty query of nearly every request (nothing to check there).
 */
async function noQuery(value: unknown, options: Joi.ValidationOptions): Promise<unknown> {
  if (value === null || (typeof value === 'object' && Object.keys(value).length === 0)) return value
  return NO_QUERY.validateAsync(value, options)
}

function listener(host: string, port: number, app: AppContext, https: boolean): Hapi.Server {
  const bounds = app.config.requestTimeouts
  const server = Hapi.server({
    host,
    port,
    listener: boundedListener(bounds),
    router: { stripTrailingSlash: true },
    routes: {
      // JSON only: a cross-site HTML form cannot post to the API (no login or setup by CSRF).
      payload: { allow: 'application/json', timeout: bounds.requestMs },
      // A connection silent both ways (a client that no longer reads) does not stay open.
      timeout: { socket: bounds.idleSocketMs },
      validate: {
        // Every API route declares what it takes: by default, no query string at all.
        query: noQuery,
        failAction,
        // joi's options (French messages…) are on the schemas: validateInFrench, in `listen`.
      },
      security: {
        // Behind HTTPS, browsers are told to come back only that way for a year.
        hsts: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
        xframe: 'deny',
        xss: 'disabled',
        noOpen: true,
        noSniff: true,
        referrer: 'same-origin',
      },
    },
  })
  server.app.ctx = app
  compressWithBrotli(server)
  answerTimedOut(server)
  server.events.on({ name: 'request', channels: 'error' }, (request, event) => {
    console.error(`Erreur sur ${request.method.toUpperCase()} ${request.path} :`, event.error)
  })
  return server
}

/** The two listeners: who they serve, where, with which cookie and which API. */
function audiences(config: Config) {
  return {
    portal: {
      audience: 'family' as const,
      address: config.portal,
      // Behind HTTPS the cookie is Secure and __Host-: no other port or subdomain of the host
      // can read or overwrite it.
      cookieName: config.publicUrl.startsWith('https:')
        ? '__Host-portee_famille'
        : 'portee_famille',
      isSecure: config.publicUrl.startsWith('https:'),
      api: [
        portalApi,
        portalRecordsApi,
        portalBrandApi,
        portalPedagogyApi,
        portalReenrolmentApi,
        portalDocumentsApi,
        portalBillingApi,
        portalPayfipApi,
      ] as Plugin<void>[],
      publicUrl: config.publicUrl,
      webRoot: config.webRoots.portal,
    },
    staff: {
      audience: 'staff' as const,
      address: config.staff,
      // The same as the families' cookie when the back office is reached through HTTPS (STAFF_URL).
      cookieName: config.staffUrl.startsWith('https:') ? '__Host-portee_staff' : 'portee_staff',
      isSecure: config.staffUrl.startsWith('https:'),
      api: [
        staffApi,
        staffAccessApi,
        staffListsApi,
        staffAccountsApi,
        staffMailApi,
        staffRecordsApi,
        staffBackupsApi,
        staffSettingsApi,
        staffSchoolsApi,
        staffImportApi,
        staffPedagogyApi,
        staffCoursesApi,
        staffEnrolmentsApi,
        staffCampaignsApi,
        staffReenrolmentReviewApi,
        staffDocumentsApi,
        staffTariffsApi,
        staffBillingApi,
        staffBillingDocumentsApi,
        staffSepaApi,
        staffPayfipApi,
      ] as Plugin<void>[],
      publicUrl: config.staffUrl,
      webRoot: config.webRoots.staff,
    },
  }
}

/** One listener: its session plugin, its API, its web app, its error answers. */
async function listen(
  app: AppContext,
  side: ReturnType<typeof audiences>['portal' | 'staff'],
): Promise<Hapi.Server> {
  const server = listener(side.address.host, side.address.port, app, side.isSecure)
  guardSameOrigin(server, { publicUrl: side.publicUrl })
  const { audience, cookieName, isSecure } = side
  await server.register({
    plugin: sessionPlugin,
    options: { audience, cookieName, isSecure },
  })
  await server.register(side.api)
  validateInFrench(server)
  if (audience === 'staff') guardSiteScope(server)
  const contentSecurityPolicy =
    audience === 'staff' ? STAFF_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY
  await server.register({
    plugin: webApp,
    options: { root: side.webRoot, apiPrefix: '/api', contentSecurityPolicy },
  })
  registerErrorHandling(server, {
    isApi: (request) => request.path === '/api' || request.path.startsWith('/api/'),
    appIndex: appIndex(side.webRoot, contentSecurityPolicy),
  })
  return server
}

/**
 * Builds Portée's server without listening: the database (migrated, with the demo when asked),
 * the bcrypt workers and the two listeners. Electron, `npm run serve` and the tests all use it;
 * tests pass a clock they move.
 */
export async function createServer(
  config: Config,
  options: { clock?: Clock } = {},
): Promise<PorteeServer> {
  const clock = options.clock ?? systemClock
  const db = openDatabase(path.join(config.dataDir, 'portee.sqlite'), {
    nativeBinding: config.sqliteBinding,
  })
  const hasher = new HashPool(config.hashWorkers, config.hashQueue, clock, config.hashNiceness)
  try {
    await migrateLatest(db)
    if (config.demo && (await isEmpty(db)))
      await loadDemo(db, hasher, config.demoFamilies, { dataDir: config.dataDir, clock })
    const mailer = new Mailer(db, config, config.mail, clock)
    const backups = new Backups(db, config, clock, mailer)
    const app: AppContext = { db, hasher, config, mailer, clock, backups }
    const sides = audiences(config)
    const portal = await listen(app, sides.portal)
    const staff = await listen(app, sides.staff)
    return {
      portal,
      staff,
      db,
      config,
      mailer,
      backups,
      hasher,
      async start() {
        await portal.start()
        await staff.start()
        await mailer.start()
        backups.start()
      },
      async stop() {
        await Promise.all([portal.stop({ timeout: 5000 }), staff.stop({ timeout: 5000 })])
        await backups.stop()
        await mailer.stop()
        await hasher.close()
        await db.destroy()
      },
    }
  } catch (err) {
    await hasher.close()
    await db.destroy()
    // The database opened but cannot be written (read-only file system, full disk): said in French.
    const problem = storageProblem(err)
    throw problem ? new DataDirError(config.dataDir, problem) : err
  }
}
