import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { api } from './api.ts'
import { ensureSession, flash, me } from './session.ts'

declare module 'vue-router' {
  interface RouteMeta {
    title?: string
    public?: boolean
  }
}

const routes: RouteRecordRaw[] = [
  {
    path: '/connexion',
    name: 'connexion',
    component: () => import('./pages/LoginPage.vue'),
    meta: { title: 'Connexion', public: true },
  },
  {
    path: '/installation',
    name: 'installation',
    component: () => import('./pages/SetupPage.vue'),
    meta: { title: 'Installation', public: true },
  },
  {
    path: '/',
    component: () => import('./StaffLayout.vue'),
    children: [
      { path: '', redirect: { name: 'familles' } },
      {
        path: 'familles',
        name: 'familles',
        component: () => import('./pages/FamiliesPage.vue'),
        meta: { title: 'Familles' },
      },
      {
        path: 'familles/:id(\\d+)',
        name: 'famille',
        component: () => import('./pages/FamilyPage.vue'),
        props: (route) => ({ id: Number(route.params['id']) }),
        meta: { title: 'Famille' },
      },
      {
        path: 'demandes',
        name: 'demandes',
        component: () => import('./pages/RequestsPage.vue'),
        meta: { title: 'Demandes en attente' },
      },
      {
        path: 'demandes/:id(\\d+)',
        name: 'demande',
        component: () => import('./pages/RequestPage.vue'),
        props: (route) => ({ id: Number(route.params['id']) }),
        meta: { title: 'Demande' },
      },
      {
        path: 'courriels',
        name: 'courriels',
        component: () => import('./pages/MailsPage.vue'),
        meta: { title: 'Courriels' },
      },
      {
        path: 'parametres',
        name: 'parametres',
        component: () => import('./pages/SettingsPage.vue'),
        meta: { title: 'Paramètres' },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'introuvable',
        component: () => import('./pages/NotFoundPage.vue'),
        meta: { title: 'Page introuvable' },
      },
    ],
  },
]

export const router = createRouter({ history: createWebHistory(), routes })

/** A database with no staff account yet: the administrator's account comes first. */
let setupDone = false
async function setupRequired(): Promise<boolean> {
  if (setupDone) return false
  try {
    const { required } = await api.setupRequired()
    setupDone = !required
    return required
  } catch {
    return false
  }
}

router.beforeEach(async (to) => {
  if (to.name === 'installation') return true
  if (await setupRequired()) return { name: 'installation' }
  if (to.meta.public) return true
  if (await ensureSession()) return true
  return { name: 'connexion' }
})

router.afterEach((to) => {
  document.title = `${to.meta.title ?? 'Back office'} — Portée`
})

api.http.onUnauthorized((error) => {
  const wasLoggedIn = me.value !== null
  me.value = null
  if (wasLoggedIn || error.code === 'SESSION_EXPIRED') {
    flash.value = { type: 'warning', text: 'Votre session a expiré. Veuillez vous reconnecter.' }
  }
  if (wasLoggedIn) void router.replace({ name: 'connexion' })
})
