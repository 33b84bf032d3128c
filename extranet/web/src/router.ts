import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { api } from './api.ts'
import { ensureSession, flash, home } from './session.ts'

declare module 'vue-router' {
  interface RouteMeta {
    title?: string
    public?: boolean
  }
}

const comingSoon = () => import('./pages/ComingSoonPage.vue')

const routes: RouteRecordRaw[] = [
  {
    path: '/connexion',
    name: 'connexion',
    component: () => import('./pages/LoginPage.vue'),
    meta: { title: 'Connexion', public: true },
  },
  {
    path: '/mot-de-passe-perdu',
    name: 'mot-de-passe-perdu',
    component: () => import('./pages/LostPasswordPage.vue'),
    meta: { title: 'Mot de passe perdu', public: true },
  },
  {
    path: '/choisir-mot-de-passe',
    name: 'choisir-mot-de-passe',
    component: () => import('./pages/ChoosePasswordPage.vue'),
    meta: { title: 'Choisir un mot de passe', public: true },
  },
  {
    path: '/accessibilite',
    name: 'accessibilite',
    component: () => import('./pages/AccessibilityPage.vue'),
    meta: { title: 'Accessibilité', public: true },
  },
  {
    path: '/',
    component: () => import('./PortalLayout.vue'),
    children: [
      {
        path: '',
        name: 'accueil',
        component: () => import('./pages/HomePage.vue'),
        meta: { title: 'Accueil' },
      },
      {
        path: 'famille',
        name: 'famille',
        component: () => import('./pages/FamilyPage.vue'),
        meta: { title: 'Famille' },
      },
      {
        path: 'eleves',
        name: 'eleves',
        component: () => import('./pages/PupilsPage.vue'),
        props: { id: null },
        meta: { title: 'Élèves' },
      },
      {
        path: 'eleves/:id(\\d+)',
        name: 'eleve',
        component: () => import('./pages/PupilsPage.vue'),
        props: (route) => ({ id: Number(route.params['id']) }),
        meta: { title: 'Élèves' },
      },
      {
        path: 'facturation',
        name: 'facturation',
        component: comingSoon,
        meta: { title: 'Facturation' },
      },
      {
        path: 'mot-de-passe',
        name: 'mot-de-passe',
        component: () => import('./pages/PasswordPage.vue'),
        meta: { title: 'Mot de passe' },
      },
    ],
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'introuvable',
    component: () => import('./pages/NotFoundPage.vue'),
    meta: { title: 'Page introuvable', public: true },
  },
]

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  if (to.meta.public) return true
  if (await ensureSession()) return true
  return { name: 'connexion' }
})

router.afterEach((to) => {
  document.title = `${to.meta.title ?? 'Portail'} — Portail pour les usagers`
})

// A session that ends while a page is open (idle timeout, password changed elsewhere).
api.http.onUnauthorized((error) => {
  const wasLoggedIn = home.value !== null
  home.value = null
  if (wasLoggedIn || error.code === 'SESSION_EXPIRED') {
    flash.value = { type: 'warning', text: 'Votre session a expiré. Veuillez vous reconnecter.' }
  }
  // On a first load, the guard sends to the login page; mid-session, this does.
  if (wasLoggedIn) void router.replace({ name: 'connexion' })
})
