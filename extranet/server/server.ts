import { randomBytes } from 'node:crypto'
import path from 'node:path'
import Hapi from '@hapi/hapi'
import { migrateLatest, openDatabase, type Db } from '../../db/connection.ts'
import { isEmpty, loadDemo } from '../../db/demo/index.ts'
import type { Config } from './config.ts'
import type { AppContext } from './context.ts'
import { failAction, joiMessagesFr, registerErrorHandling } from './errors.ts'
import { HashPool } from './hash-pool.ts'
import { Mailer } from './mailer.ts'
import { portalApi } from './plugins/portal.ts'
import { portalRecordsApi } from './plugins/portal-records.ts'
import { registerSessionAuth } from './plugins/session-auth.ts'
import { staffApi } from './plugins/staff.ts'
import { staffAccessApi } from './plugins/staff-access.ts'
import { staffMailApi } from './plugins/staff-mail.ts'
import { staffRecordsApi } from './plugins/staff-records.ts'
import { appIndex, webApp } from './plugins/web-app.ts'

export interface PorteeServer {
  /** The families' listener (extranet). */
  portal: Hapi.Server
  /** The back office's listener (JSON API + staff app). */
  staff: Hapi.Server
  db: Db
  config: Config
  mailer: Mailer
  /** Listens on both addresses and starts the outbox sender. */
  start(): Promise<void>
  /** Stops both listeners, the hash workers, and closes the database. */
  stop(): Promise<void>
}

/** The iron password of the session cookies, made once and kept in the database. */
async function cookieSecret(db: Db): Promise<string> {
  const row = await db('settings')
    .where({ key: 'cookie_secret' })
    .first<{ value: string } | undefined>()
  if (row) return row.value
  const value = randomBytes(48).toString('base64url')
  await db('settings').insert({ key: 'cookie_secret', value }).onConflict('key').ignore()
  const stored = await db('settings').where({ key: 'cookie_secret' }).first<{ value: string }>()
  return stored.value
}

function listener(host: string, port: number, app: AppContext): Hapi.Server {
  const server = Hapi.server({
    host,
    port,
    router: { stripTrailingSlash: true },
    routes: {
      // JSON only: a cross-site HTML form cannot post to the API (no login or setup by CSRF).
      payload: { allow: 'application/json' },
      validate: {
        // Every API route declares what it takes: by default, no query string at all.
        query: false,
        failAction,
        options: { abortEarly: false, messages: joiMessagesFr, errors: { wrap: { label: false } } },
      },
      security: {
        hsts: false,
        xframe: 'deny',
        xss: 'disabled',
        noOpen: true,
        noSniff: true,
        referrer: 'same-origin',
      },
    },
  })
  server.app.ctx = app
  server.events.on({ name: 'request', channels: 'error' }, (request, event) => {
    console.error(`Erreur sur ${request.method.toUpperCase()} ${request.path} :`, event.error)
  })
  return server
}

/**
 * Builds Portée's server without listening: the database (migrated, with the demo when asked),
 * the bcrypt workers and the two listeners. Electron, `npm run serve` and the tests all use it.
 */
export async function createServer(config: Config): Promise<PorteeServer> {
  const db = openDatabase(path.join(config.dataDir, 'portee.sqlite'), {
    nativeBinding: config.sqliteBinding,
  })
  const hasher = new HashPool(config.hashWorkers)
  try {
    await migrateLatest(db)
    if (config.demo && (await isEmpty(db))) await loadDemo(db, hasher, config.demoFamilies)
    const secret = await cookieSecret(db)
    const mailer = new Mailer(db, config, config.mail)
    const app: AppContext = { db, hasher, config, mailer }

    const portal = listener(config.portal.host, config.portal.port, app)
    await registerSessionAuth(portal, {
      audience: 'family',
      cookieName: 'portee_famille',
      cookieSecret: secret,
      isSecure: config.publicUrl.startsWith('https:'),
      policy: config.sessions.family,
    })
    await portal.register([portalApi, portalRecordsApi])
    await portal.register({
      plugin: webApp,
      options: { root: config.webRoots.portal, apiPrefix: '/api' },
    })
    registerErrorHandling(portal, {
      isApi: (request) => request.path === '/api' || request.path.startsWith('/api/'),
      appIndex: appIndex(config.webRoots.portal),
    })

    const staff = listener(config.staff.host, config.staff.port, app)
    await registerSessionAuth(staff, {
      audience: 'staff',
      cookieName: 'portee_staff',
      cookieSecret: secret,
      isSecure: false,
      policy: config.sessions.staff,
    })
    await staff.register([staffApi, staffAccessApi, staffMailApi, staffRecordsApi])
    await staff.register({
      plugin: webApp,
      options: { root: config.webRoots.staff, apiPrefix: '/api' },
    })
    registerErrorHandling(staff, {
      isApi: (request) => request.path === '/api' || request.path.startsWith('/api/'),
      appIndex: appIndex(config.webRoots.staff),
    })

    return {
      portal,
      staff,
      db,
      config,
      mailer,
      async start() {
        await portal.start()
        await staff.start()
        await mailer.start()
      },
      async stop() {
        await Promise.all([portal.stop({ timeout: 5000 }), staff.stop({ timeout: 5000 })])
        await mailer.stop()
        await hasher.close()
        await db.destroy()
      },
    }
  } catch (err) {
    await hasher.close()
    await db.destroy()
    throw err
  }
}
