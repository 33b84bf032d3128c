import { shallowRef, type ShallowRef } from 'vue'
import {
  createRouter,
  createWebHistory,
  type RouteLocationNormalized,
  type RouteLocationRaw,
  type RouteRecordRaw,
  type RouteRecordSingleView,
  type Router,
  useRouter,
} from 'vue-router'
import type { Http } from '../extranet/api/http.ts'

declare module 'vue-router' {
  interface RouteMeta {
    title?: string
    public?: boolean
    /** A page of wide tables (the family's Facturation): the page column is wider on a desktop. */
    wide?: boolean
  }
}

/** A page of an app: its address, its name, its component and its title (the window's). */
export function page(
  path: string,
  name: string,
  component: RouteRecordSingleView['component'],
  title: string | undefined,
  more: { public?: boolean; wide?: boolean; props?: RouteRecordSingleView['props'] } = {},
): RouteRecordRaw {
  return {
    path,
    name,
    component,
    // No title: the parent route's (route.meta merges them).
    meta: {
      ...(title ? { title } : {}),
      ...(more.public ? { public: true } : {}),
      ...(more.wide ? { wide: true } : {}),
    },
    ...(more.props ? { props: more.props } : {}),
  }
}

/** A message for the login page (session expired, logged out). */
export interface Flash {
  type: 'info' | 'warning'
  text: string
}

export interface SessionStore<User> {
  /** Who is logged in; null when nobody is (or after Déconnexion). */
  user: ShallowRef<User | null>
  flash: ShallowRef<Flash | null>
  /** Loads the user; false when the session is missing or over. */
  ensureSession(): Promise<boolean>
  logout(): Promise<void>
  /** After a login: the message goes, the next page loads the user afresh. */
  loggedIn(): void
}

/** The session of one app: who is logged in, and the message of the login page. */
export function createSessionStore<User>(options: {
  load: () => Promise<User>
  logout: () => Promise<unknown>
  loggedOutText: string
}): SessionStore<User> {
  const user = shallowRef<User | null>(null)
  const flash = shallowRef<Flash | null>(null)
  return {
    user,
    flash,
    async ensureSession() {
      if (user.value) return true
      try {
        user.value = await options.load()
        return true
      } catch {
        return false
      }
    },
    async logout() {
      try {
        await options.logout()
      } finally {
        user.value = null
        flash.value = { type: 'info', text: options.loggedOutText }
      }
    },
    loggedIn() {
      flash.value = null
      user.value = null
    },
  }
}

export const SESSION_EXPIRED_TEXT = 'Votre session a expiré. Veuillez vous reconnecter.'

/**
 * The router of an app: pages need a session unless their meta says `public`; a session that
 * ends while a page is open (idle timeout, password changed elsewhere) sends to the login page.
 */
export function createAppRouter(options: {
  routes: RouteRecordRaw[]
  session: SessionStore<unknown>
  http: Http
  /** The name of the login route. */
  login: string
  /** The window's title for a page's title (or none). */
  title: (pageTitle: string | undefined) => string
  /** A check before the session's (the back office's first installation): a route to go to. */
  before?: (to: RouteLocationNormalized) => Promise<RouteLocationRaw | true | undefined>
}): Router {
  const { session, login } = options
  const router = createRouter({ history: createWebHistory(), routes: options.routes })

  router.beforeEach(async (to) => {
    const first = await options.before?.(to)
    if (first !== undefined) return first
    if (to.meta.public) return true
    if (await session.ensureSession()) return true
    return { name: login }
  })

  router.afterEach((to) => {
    document.title = options.title(to.meta.title)
  })

  options.http.onUnauthorized((error) => {
    const wasLoggedIn = session.user.value !== null
    session.user.value = null
    if (wasLoggedIn || error.code === 'SESSION_EXPIRED') {
      session.flash.value = { type: 'warning', text: SESSION_EXPIRED_TEXT }
    }
    // On a first load, the guard sends to the login page; mid-session, this does.
    if (wasLoggedIn) void router.replace({ name: login })
  })
  return router
}

/** Déconnexion: the session ends, then the login page, as a new history entry (the back button
 * then goes to a page that asks the server again). */
export function useSignOut(session: SessionStore<unknown>, login = 'connexion') {
  const router = useRouter()
  return async (): Promise<void> => {
    await session.logout()
    await router.push({ name: login })
  }
}
