import type { RouteRecordRaw } from 'vue-router'
import { PUPIL_TABS } from '../../ui/pupil-tabs.ts'
import { createAppRouter } from '../../ui/session.ts'
import { api } from './api.ts'
import { session } from './session.ts'

const familyId = (route: { params: Record<string, unknown> }) => ({
  id: Number(route.params['id']),
})
const pupilIds = (route: { params: Record<string, unknown> }) => ({
  id: Number(route.params['id']),
  pupilId: Number(route.params['pupilId']),
})

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
        // A family: its heading, and a tab (a route) for each part of its file.
        path: 'familles/:id(\\d+)',
        component: () => import('./pages/family/FamilyLayout.vue'),
        props: familyId,
        meta: { title: 'Famille' },
        children: [
          {
            path: '',
            name: 'famille',
            component: () => import('./pages/family/GuardiansTab.vue'),
          },
          {
            path: 'eleves',
            name: 'famille-eleves',
            component: () => import('./pages/family/PupilsTab.vue'),
          },
          {
            path: 'eleves/:pupilId(\\d+)',
            component: () => import('./pages/family/PupilLayout.vue'),
            props: pupilIds,
            children: [
              {
                path: '',
                name: 'famille-eleve',
                redirect: (to) => ({ name: 'famille-eleve-identite', params: to.params }),
              },
              ...PUPIL_TABS.map((tab) => ({
                path: tab.path,
                name: `famille-eleve-${tab.path}`,
                component:
                  tab.path === 'identite'
                    ? () => import('./pages/family/PupilIdentityTab.vue')
                    : () => import('../../ui/ComingSoonTab.vue'),
                props: tab.path === 'identite' ? pupilIds : { tab: tab.path },
              })),
            ],
          },
          {
            path: 'journal',
            name: 'famille-journal',
            component: () => import('./pages/family/JournalTab.vue'),
            props: familyId,
          },
        ],
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
        props: familyId,
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

export const router = createAppRouter({
  routes,
  session,
  http: api.http,
  login: 'connexion',
  title: (title) => `${title ?? 'Back office'} — Portée`,
  before: async (to) => {
    if (to.name === 'installation') return true
    if (await setupRequired()) return { name: 'installation' }
    return undefined
  },
})
