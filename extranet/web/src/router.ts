import type { RouteRecordRaw } from 'vue-router'
import { createAppRouter } from '../../../ui/session.ts'
import { PUPIL_TABS } from '../../../ui/pupil-tabs.ts'
import { api } from './api.ts'
import { session } from './session.ts'

const comingSoon = () => import('./pages/ComingSoonPage.vue')
const pupilId = (route: { params: Record<string, unknown> }) => ({
  id: Number(route.params['id']),
})

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
        // The pupil chooser; /eleves goes to the first pupil, /eleves/:id to its first tab.
        path: 'eleves',
        name: 'eleves',
        component: () => import('./pages/PupilsPage.vue'),
        meta: { title: 'Élèves' },
        children: [
          {
            path: ':id(\\d+)',
            name: 'eleve',
            redirect: (to) => ({ name: 'eleve-identite', params: to.params }),
          },
          ...PUPIL_TABS.map((tab) => ({
            path: `:id(\\d+)/${tab.path}`,
            name: `eleve-${tab.path}`,
            component:
              tab.path === 'identite'
                ? () => import('./pages/PupilIdentityTab.vue')
                : () => import('../../../ui/ComingSoonTab.vue'),
            props: tab.path === 'identite' ? pupilId : { tab: tab.path },
            meta: { title: `Élèves — ${tab.label}` },
          })),
        ],
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

export const router = createAppRouter({
  routes,
  session,
  http: api.http,
  login: 'connexion',
  title: (title) => `${title ?? 'Portail'} — Portail pour les usagers`,
})
