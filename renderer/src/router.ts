import type { RouteLocationNormalized, RouteRecordRaw } from 'vue-router'
import { pupilTabRoutes } from '../../ui/pupil-tabs.ts'
import { createAppRouter, page } from '../../ui/session.ts'
import { api } from './api.ts'
import { session } from './session.ts'

const byId = (route: RouteLocationNormalized) => ({ id: Number(route.params['id']) })
const byPupil = (route: RouteLocationNormalized) => ({
  id: Number(route.params['id']),
  pupilId: Number(route.params['pupilId']),
})

const routes: RouteRecordRaw[] = [
  page('/connexion', 'connexion', () => import('./pages/LoginPage.vue'), 'Connexion', {
    public: true,
  }),
  page('/installation', 'installation', () => import('./pages/SetupPage.vue'), 'Installation', {
    public: true,
  }),
  {
    path: '/',
    component: () => import('./StaffLayout.vue'),
    children: [
      { path: '', redirect: { name: 'familles' } },
      page('familles', 'familles', () => import('./pages/FamiliesPage.vue'), 'Familles'),
      page(
        'familles/import',
        'familles-import',
        () => import('./pages/import/ImportPage.vue'),
        'Importer des familles',
      ),
      {
        // A family: its heading, and a tab (a route) for each part of its file.
        path: 'familles/:id(\\d+)',
        component: () => import('./pages/family/FamilyLayout.vue'),
        props: byId,
        meta: { title: 'Famille' },
        children: [
          page('', 'famille', () => import('./pages/family/GuardiansTab.vue'), undefined),
          page('eleves', 'famille-eleves', () => import('./pages/family/PupilsTab.vue'), undefined),
          {
            path: 'eleves/:pupilId(\\d+)',
            component: () => import('./pages/family/PupilLayout.vue'),
            props: byPupil,
            children: [
              {
                path: '',
                name: 'famille-eleve',
                redirect: (to) => ({ name: 'famille-eleve-identite', params: to.params }),
              },
              ...pupilTabRoutes({
                prefix: 'famille-eleve',
                at: (tab) => tab,
                identity: () => import('./pages/family/PupilIdentityTab.vue'),
                props: byPupil,
              }),
            ],
          },
          page(
            'journal',
            'famille-journal',
            () => import('./pages/family/JournalTab.vue'),
            undefined,
            { props: byId },
          ),
        ],
      },
      page('demandes', 'demandes', () => import('./pages/RequestsPage.vue'), 'Demandes en attente'),
      page('demandes/:id(\\d+)', 'demande', () => import('./pages/RequestPage.vue'), 'Demande', {
        props: byId,
      }),
      page('courriels', 'courriels', () => import('./pages/MailsPage.vue'), 'Courriels'),
      page('parametres', 'parametres', () => import('./pages/SettingsPage.vue'), 'Paramètres'),
      page(
        ':pathMatch(.*)*',
        'introuvable',
        () => import('./pages/NotFoundPage.vue'),
        'Page introuvable',
      ),
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
