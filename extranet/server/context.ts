import Boom from '@hapi/boom'
import type { ReqRef, Request, Server, ServerRoute } from '@hapi/hapi'
import type { Clock } from '../../db/clock.ts'
import type { Db, Trx } from '../../db/connection.ts'
import { withSql, type Sql } from '../../db/prepared.ts'
import type { PasswordHasher } from '../../db/password.ts'
import type { ActiveStaffUser } from '../../db/services/access.ts'
import {
  assertStaffSeesNow,
  assertStaffSeesFamilies,
  type ScopedKind,
} from '../../db/services/staff-scope.ts'
import type { SessionUser } from '../../db/services/sessions.ts'
import type { StaffRole } from '../../db/rules/roles.ts'
import type { Backups } from './backups.ts'
import type { Config } from './config.ts'
import type { Mailer } from './mailer.ts'

/** What every route of both listeners can reach through `request.server.app`. */
export interface AppContext {
  db: Db
  hasher: PasswordHasher
  config: Config
  /** The outbox sender: woken after a change that may have written a mail. */
  mailer: Mailer
  /** "Now" for every service: the system's, or the one a test moves. */
  clock: Clock
  /** The daily backup, "Sauvegarder maintenant", "Restaurer". */
  backups: Backups
}

declare module '@hapi/hapi' {
  interface ServerApplicationState {
    ctx: AppContext
  }
  interface UserCredentials {
    /** The random id of the cookie (to end the session). */
    sessionId: string
    /** Who the session stands for: a guardian of a family, or a staff member. */
    who: SessionUser
  }
  interface RequestApplicationState {
    /** Set when the cookie named a session that is over (idle, absolute or ended). */
    sessionExpired?: boolean
  }
  interface RouteOptionsApp {
    /**
     * What the route's `{id}` names: a staff member who does not work for that record's site gets
     * 404 (see `guardSiteScope`).
     */
    sees?: ScopedKind
    /** The payload's `familyIds` are all checked the same way. */
    seesFamilies?: true
  }
}

export function ctx<R extends ReqRef>(request: Request<R>): AppContext {
  return request.server.app.ctx
}

/** A route whose params, query and payload have the types its joi schemas give them. */
export function route<Refs extends ReqRef>(definition: ServerRoute<Refs>): ServerRoute {
  return definition as unknown as ServerRoute
}

/** Runs services that only read, in one transaction. */
export function read<T, R extends ReqRef>(
  request: Request<R>,
  work: (trx: Trx) => Promise<T>,
): Promise<T> {
  return ctx(request).db.transaction(work)
}

/**
 * Runs the synchronous services of the hot pages (the family's pages, the login page) on prepared
 * statements, in one SQLite transaction, without knex (see db/prepared.ts).
 */
export function readNow<T, R extends ReqRef>(
  request: Request<R>,
  work: (sql: Sql) => T extends PromiseLike<unknown> ? never : T,
): Promise<T> {
  return withSql(ctx(request).db, work)
}

/** Runs services that change data, in one transaction; then wakes the outbox sender. */
export async function write<T, R extends ReqRef>(
  request: Request<R>,
  work: (trx: Trx) => Promise<T>,
): Promise<T> {
  const { db, mailer } = ctx(request)
  const result = await db.transaction(work)
  mailer.kick()
  return result
}

/** The logged-in guardian of a family route. */
export function familyAuth<R extends ReqRef>(
  request: Request<R>,
): {
  guardianId: number
  familyId: number
  siteId: number
  sessionId: string
} {
  const user = request.auth.credentials.user
  if (!user || !('guardianId' in user.who)) throw Boom.unauthorized()
  return { ...user.who, sessionId: user.sessionId }
}

/** The logged-in staff member of a staff route: their role and sites (`null`: every site). */
export function staffAuth<R extends ReqRef>(
  request: Request<R>,
): ActiveStaffUser & { sessionId: string } {
  const user = request.auth.credentials.user
  if (!user || !('staffUserId' in user.who)) throw Boom.unauthorized()
  return { ...user.who, sessionId: user.sessionId }
}

/** The hapi route option that lets only these roles in (403 for the others). */
export function allow(roles: readonly StaffRole[]): { access: { scope: string[] } } {
  return { access: { scope: [...roles] } }
}

/**
 * The one check of site scoping: before the handler of a staff route that declares what its
 * `{id}` names (`options.app.sees`), or that takes `familyIds`, the record must be of a site the
 * staff member works for; otherwise 404, as for a record that does not exist.
 */
export function guardSiteScope(server: Server): void {
  server.ext('onPreHandler', async (request, h) => {
    const { sees, seesFamilies } = request.route.settings.app ?? {}
    if (!sees && !seesFamilies) return h.continue
    const { siteIds } = staffAuth(request)
    if (siteIds === null) return h.continue // every site: nothing to read
    const id = Number((request.params as { id?: unknown }).id)
    const familyIds = (request.payload as { familyIds?: number[] } | null)?.familyIds ?? []
    if (sees) await readNow(request, (sql) => assertStaffSeesNow(sql, siteIds, sees, id))
    if (seesFamilies) await read(request, (trx) => assertStaffSeesFamilies(trx, siteIds, familyIds))
    return h.continue
  })
}

/** Who acts, for a staff service: the staff member, their address, the clock. */
export function staffActor<R extends ReqRef>(
  request: Request<R>,
): {
  staffUserId: number
  clientIp: string
  clock: Clock
} {
  return {
    staffUserId: staffAuth(request).staffUserId,
    clientIp: clientIp(request),
    clock: ctx(request).clock,
  }
}

/**
 * The client's address, for the audit log and the throttle. Behind a reverse proxy named in
 * TRUSTED_PROXIES, the address the proxy saw (the last one of X-Forwarded-For that is not itself a
 * trusted proxy): otherwise every family would share the proxy's limits.
 */
export function clientIp<R extends ReqRef>(request: Request<R>): string {
  const remote = request.info.remoteAddress ?? ''
  const trusted = ctx(request).config.trustedProxies
  const forwarded = request.headers['x-forwarded-for']
  if (!trusted.includes(remote) || typeof forwarded !== 'string') return remote
  const chain = forwarded.split(',').map((address) => address.trim())
  return chain.reverse().find((address) => address && !trusted.includes(address)) ?? remote
}
