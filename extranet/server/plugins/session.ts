import Cookie from '@hapi/cookie'
import type { Plugin, ReqRef, Request } from '@hapi/hapi'
import { logIn, logOut, type LoginInput } from '../../../db/services/login.ts'
import { openSession, resumeSession, type Audience } from '../../../db/services/sessions.ts'
import { clientIp, ctx, route, write } from '../context.ts'
import * as schemas from '../schemas.ts'

export interface SessionOptions {
  audience: Audience
  cookieName: string
  /** Iron password of the cookie (at least 32 characters), kept in the database. */
  cookieSecret: string
  isSecure: boolean
}

/** The session id of the request's cookie, if it carries a readable one (ended at a new login). */
function cookieSessionId<R extends ReqRef>(request: Request<R>, cookieName: string): string | null {
  const value = request.state[cookieName] as { sid?: unknown } | undefined
  return typeof value?.sid === 'string' ? value.sid : null
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
  request.cookieAuth.set({ sid })
}

/**
 * Login, logout and sessions, the same for families and staff: the cookie holds only a random
 * session id (sealed with iron by @hapi/cookie); the sessions table holds the rest, with idle and
 * absolute timeouts, and the person the session stands for must still be allowed in.
 */
export const sessionPlugin: Plugin<SessionOptions> = {
  name: 'portee-session',
  async register(server, options) {
    const { audience } = options
    await server.register(Cookie)
    server.auth.strategy('session', 'cookie', {
      cookie: {
        name: options.cookieName,
        password: options.cookieSecret,
        isSecure: options.isSecure,
        isHttpOnly: true,
        isSameSite: 'Strict',
        path: '/',
        clearInvalid: true,
      },
      validate: async (request, cookie) => {
        const sid = (cookie as { sid?: unknown } | undefined)?.sid
        if (!request || typeof sid !== 'string') return { isValid: false }
        const { db, config, clock } = ctx(request)
        const policy = config.sessions[audience]
        const found = await db.transaction((trx) =>
          resumeSession(trx, { id: sid, audience, policy, clock }),
        )
        if (found.status === 'expired') request.app.sessionExpired = true
        if (found.status !== 'valid') return { isValid: false }
        const who = found.user
        // A staff member's role is their one scope: routes name the roles they allow.
        const scope = 'role' in who ? [who.role] : ['family']
        return { isValid: true, credentials: { user: { sessionId: sid, who }, scope } }
      },
    })
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
          request.cookieAuth.set({ sid })
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
          request.cookieAuth.clear()
          return h.response().code(204)
        },
      },
    ])
  },
}
