import Cookie from '@hapi/cookie'
import type { Server } from '@hapi/hapi'
import { findSession, type Audience, type SessionPolicy } from '../../../db/services/sessions.ts'

export interface SessionAuthOptions {
  audience: Audience
  cookieName: string
  /** Iron password of the cookie (at least 32 characters), kept in the database. */
  cookieSecret: string
  isSecure: boolean
  policy: SessionPolicy
}

interface CookieContent {
  sid: string
}

/**
 * Session authentication: the cookie holds only a random session id (sealed with iron by
 * @hapi/cookie); the sessions table holds the rest, with idle and absolute timeouts.
 */
export async function registerSessionAuth(
  server: Server,
  options: SessionAuthOptions,
): Promise<void> {
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
      const session = cookie as Partial<CookieContent> | undefined
      if (!request || !session || typeof session.sid !== 'string') return { isValid: false }
      const found = await findSession(request.server.app.ctx.db, {
        id: session.sid,
        audience: options.audience,
        policy: options.policy,
      })
      if (found.status !== 'valid') {
        if (found.status === 'expired') request.app.sessionExpired = true
        return { isValid: false }
      }
      const user =
        options.audience === 'family'
          ? await familyCredentials(server, found.owner.guardianId ?? 0)
          : await staffCredentials(server, found.owner.staffUserId ?? 0)
      if (!user) return { isValid: false }
      return { isValid: true, credentials: { user: { sessionId: session.sid, ...user } } }
    },
  })
  server.auth.default('session')
}

async function familyCredentials(
  server: Server,
  guardianId: number,
): Promise<{ guardianId: number; familyId: number; siteId: number } | null> {
  const row = await server.app.ctx
    .db('guardians')
    .join('families', 'families.id', 'guardians.family_id')
    .where('guardians.id', guardianId)
    .where('guardians.access_enabled', true)
    .whereNull('families.archived_at')
    .whereNull('guardians.archived_at')
    .first<{ family_id: number; site_id: number } | undefined>(
      'guardians.family_id',
      'guardians.site_id',
    )
  return row ? { guardianId, familyId: row.family_id, siteId: row.site_id } : null
}

async function staffCredentials(
  server: Server,
  staffUserId: number,
): Promise<{ staffUserId: number } | null> {
  const row = await server.app.ctx
    .db('staff_users')
    .where({ id: staffUserId, active: true })
    .first<{ id: number } | undefined>('id')
  return row ? { staffUserId } : null
}

/** The session id of the request's cookie, if it carries a readable one (to end it at a new login). */
export function previousSessionId(
  state: Record<string, unknown>,
  cookieName: string,
): string | null {
  const value = state[cookieName] as { sid?: unknown } | undefined
  return typeof value?.sid === 'string' ? value.sid : null
}
