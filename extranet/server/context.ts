import Boom from '@hapi/boom'
import type { Request } from '@hapi/hapi'
import type { Db } from '../../db/connection.ts'
import type { PasswordHasher } from '../../db/password.ts'
import type { Config } from './config.ts'
import type { Mailer } from './mailer.ts'

/** What every route of both listeners can reach through `request.server.app`. */
export interface AppContext {
  db: Db
  hasher: PasswordHasher
  config: Config
  /** The outbox sender: kick it after a change wrote a mail. */
  mailer: Mailer
}

declare module '@hapi/hapi' {
  interface ServerApplicationState {
    ctx: AppContext
  }
  interface UserCredentials {
    /** The random id of the cookie (to end the session). */
    sessionId: string
    guardianId?: number
    familyId?: number
    siteId?: number
    staffUserId?: number
  }
  interface RequestApplicationState {
    /** Set when the cookie named a session that is over (idle, absolute or ended). */
    sessionExpired?: boolean
  }
}

export function ctx(request: Request): AppContext {
  return request.server.app.ctx
}

/** The logged-in guardian of a family route. */
export function familyAuth(request: Request): {
  guardianId: number
  familyId: number
  siteId: number
  sessionId: string
} {
  const user = request.auth.credentials.user
  if (
    !user ||
    user.guardianId === undefined ||
    user.familyId === undefined ||
    user.siteId === undefined
  ) {
    throw Boom.unauthorized()
  }
  return {
    guardianId: user.guardianId,
    familyId: user.familyId,
    siteId: user.siteId,
    sessionId: user.sessionId,
  }
}

/** The logged-in staff member of a staff route. */
export function staffAuth(request: Request): { staffUserId: number; sessionId: string } {
  const user = request.auth.credentials.user
  if (!user || user.staffUserId === undefined) throw Boom.unauthorized()
  return { staffUserId: user.staffUserId, sessionId: user.sessionId }
}

/** The client's address, for the audit log. */
export function clientIp(request: Request): string {
  return request.info.remoteAddress ?? ''
}
