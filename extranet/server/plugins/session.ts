import Boom from '@hapi/boom'
import type { Plugin, ReqRef, Request, ResponseToolkit } from '@hapi/hapi'
import { logIn, logOut, type LoginInput } from '../../../db/services/login.ts'
import {
  openSession,
  resumeSession,
  SessionMemory,
  type Audience,
} from '../../../db/services/sessions.ts'
import { withSql } from '../../../db/prepared.ts'
import { clientIp, ctx, route, write } from '../context.ts'
import * as schemas from '../schemas.ts'

export interface SessionOptions {
  audience: Audience
  cookieName: string
  isSecure: boolean
}

/** The form of a session id (openSession: 32 random bytes, base64url). */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/

/** The session id of the request's cookie, if it carries one of the right form. */
function cookieSessionId<R extends ReqRef>(request: Request<R>, cookieName: string): string | null {
  const value = (request.state as Record<string, unknown> | null)?.[cookieName]
  return typeof value === 'string' && SESSION_ID.test(value) ? value : null
}

declare module '@hapi/hapi' {
  interface PluginProperties {
    'portee-session': { cookieName: string }
  }
}

/** Gives the browser the cookie of a session just opened. */
export function setSessionCookie<R extends ReqRef>(
  request: Request<R>,
  h: ResponseToolkit<R>,
  sid: string,
): void {
  h.state(cookieNameOf(request), sid)
}

/** The listener's session cookie (see sessionPlugin). */
function cookieNameOf<R extends ReqRef>(request: Request<R>): string {
  return request.server.plugins['portee-session'].cookieName
}

interface LoginPayload {
  siteId?: number
  login: string
  password: string
}

function loginInput(audience: Audience, payload: LoginPayload): LoginInput {
  const { login, password } = payload
  return audience === 'family'
    ? { audience, siteId: payload.siteId ?? 0, login, password }
    : { audience, login, password }
}

/** Opens a session for someone just authenticated otherwise (the first administrator). */
export async function startSession<R extends ReqRef>(
  request: Request<R>,
  h: ResponseToolkit<R>,
  owner: { staffUserId: number },
): Promise<void> {
  const { config, clock } = ctx(request)
  const sid = await write(request, (trx) =>
    openSession(trx, {
      audience: 'staff',
      owner,
      policy: config.sessions.staff,
      clientIp: clientIp(request),
      userAgent: String(request.headers['user-agent'] ?? ''),
      clock,
    }),
  )
  setSessionCookie(request, h, sid)
}

/**
 * Login, logout and sessions, the same for families and staff: the cookie holds only the random
 * session id (256 bits; the sessions table keeps only its sha-256, with idle and absolute
 * timeouts), and the person the session stands for must still be allowed in, checked at every
 * request by one prepared statement (resumeSession). The id being random and unguessable, the
 * cookie needs no seal: it is HttpOnly, SameSite=Strict, path /, Secure and __Host- behind HTTPS.
 */
export const sessionPlugin: Plugin<SessionOptions> = {
  name: 'portee-session',
  register(server, options) {
    const { audience, cookieName } = options
    server.expose('cookieName', cookieName)
    // The sessions found valid since the last write to the database (SessionMemory).
    const memory = new SessionMemory()
    server.state(cookieName, {
      encoding: 'none',
      isSecure: options.isSecure,
      isHttpOnly: true,
      isSameSite: 'Strict',
      path: '/',
      clearInvalid: true,
      ignoreErrors: true,
    })
    server.auth.scheme('portee-session', () => ({
      async authenticate(request, h) {
        const sid = cookieSessionId(request, cookieName)
        if (sid === null) {
          if (request.state?.[cookieName] !== undefined) h.unstate(cookieName)
          return h.unauthenticated(Boom.unauthorized(null, 'session'))
        }
        const { db, config, clock } = ctx(request)
        const asked = { id: sid, audience, policy: config.sessions[audience], clock }
        const known = memory.recall(asked)
        const found = known
          ? { status: 'valid' as const, user: known }
          : await withSql(db, (sql) => resumeSession(sql, { ...asked, memory }))
        if (found.status !== 'valid') {
          if (found.status === 'expired') request.app.sessionExpired = true
          h.unstate(cookieName)
          return h.unauthenticated(Boom.unauthorized(null, 'session'))
        }
        const who = found.user
        // A staff member's role is their one scope: routes name the roles they allow.
        const scope = 'role' in who ? [who.role] : ['family']
        return h.authenticated({ credentials: { user: { sessionId: sid, who }, scope } })
      },
    }))
    server.auth.strategy('session', 'portee-session')
    server.auth.default('session')
    server.route([
      route<{ Payload: LoginPayload }>({
        method: 'POST',
        path: `/api/${audience}/session`,
        options: {
          auth: false,
          validate: { payload: audience === 'family' ? schemas.familyLogin : schemas.staffLogin },
        },
        async handler(request, h) {
          const { db, hasher, config, clock } = ctx(request)
          const sid = await logIn(db, hasher, loginInput(audience, request.payload), {
            clientIp: clientIp(request),
            userAgent: String(request.headers['user-agent'] ?? ''),
            previousSessionId: cookieSessionId(request, options.cookieName),
            policy: config.sessions[audience],
            clock,
          })
          setSessionCookie(request, h, sid)
          return h.response().code(204)
        },
      }),
      {
        method: 'DELETE',
        path: `/api/${audience}/session`,
        options: { auth: { mode: 'try' } },
        async handler(request, h) {
          const user = request.auth.isAuthenticated ? request.auth.credentials.user : undefined
          if (user) {
            const { clock } = ctx(request)
            const { sessionId, who } = user
            await write(request, (trx) =>
              logOut(trx, { sessionId, user: who, clientIp: clientIp(request), clock }),
            )
          }
          h.unstate(options.cookieName)
          return h.response().code(204)
        },
      },
    ])
  },
}
