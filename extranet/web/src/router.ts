import type { RouteRecordRaw } from 'vue-router'
import { pupilTabRoutes } from '../../../ui/pupil-tabs.ts'
import { createAppRouter, page } from '../../../ui/session.ts'
import { api } from './api.ts'
import { session } from './session.ts'

const open = { public: true }

const routes: RouteRecordRaw[] = [
  page('/connexion', 'connexion', () => import('./pages/LoginPage.vue'), 'Connexion', open),
  page(
    '/mot-de-passe-perdu',
    'mot-de-passe-perdu',
    () => import('./pages/LostPasswordPage.vue'),
    'Mot de passe perdu',
    open,
  ),
  page(
    '/choisir-mot-de-passe',
    'choisir-mot-de-passe',
    () => import('./pages/ChoosePasswordPage.vue'),
    'Choisir un mot de passe',
    open,
  ),
  {
    path: '/',
    component: () => import('./PortalLayout.vue'),
    children: [
      page('', 'accueil', () => import('./pages/HomePage.vue'), 'Accueil'),
      page('famille', 'famille', () => import('./pages/FamilyPage.vue'), 'Famille'),
      {
        // The pupil chooser; /eleves goes to the first pupil, /eleves/:id to its first tab.
        ...page('eleves', 'eleves', () => import('./pages/PupilsPage.vue'), 'Élèves'),
        children: [
          {
            path: ':id(\\d+)',
            name: 'eleve',
            redirect: (to) => ({ name: 'eleve-identite', params: to.params }),
          },
          ...pupilTabRoutes({
            prefix: 'eleve',
            at: (tab) => `:id(\\d+)/${tab}`,
            tabs: {
              identite: () => import('./pages/PupilIdentityTab.vue'),
              cours: () => import('./pages/PupilCoursesTab.vue'),
              historique: () => import('./pages/PupilHistoryTab.vue'),
              repertoire: () => import('./pages/PupilRepertoireTab.vue'),
              documents: () => import('./pages/PupilDocumentsTab.vue'),
              reinscription: () => import('./pages/PupilReenrolmentTab.vue'),
            },
            props: (route) => ({ id: Number(route.params['id']) }),
            title: (label) => `Élèves — ${label}`,
          }),
          // One course of the pupil (Suivi, Évaluations, Absences), from Cours or Historique.
          page(
            ':id(\\d+)/cours/:enrolmentId(\\d+)',
            'eleve-cours-detail',
            () => import('./pages/PupilCoursePage.vue'),
            'Élèves — Cours',
            {
              props: (route) => ({
                id: Number(route.params['id']),
                enrolmentId: Number(route.params['enrolmentId']),
              }),
            },
          ),
        ],
      },
      // Open to everyone (from the login page), with the menus for a guardian logged in.
      page(
        'accessibilite',
        'accessibilite',
        () => import('./pages/AccessibilityPage.vue'),
        'Accessibilité',
        open,
      ),
      // Nine columns of a ledger: a wider column on a desktop (cards under 960 px).
      page('facturation', 'facturation', () => import('./pages/BillingPage.vue'), 'Facturation', {
        wide: true,
      }),
      page(
        'facturation/paiement',
        'paiement',
        () => import('./pages/PaymentReturnPage.vue'),
        'Paiement en ligne',
      ),
      page(
        'mot-de-passe',
        'mot-de-passe',
        () => import('./pages/PasswordPage.vue'),
        'Mot de passe',
      ),
    ],
  },
  page(
    '/:pathMatch(.*)*',
    'introuvable',
    () => import('./pages/NotFoundPage.vue'),
    'Page introuvable',
    open,
  ),
]

export const router = createAppRouter({
  routes,
  session,
  http: api.http,
  login: 'connexion',
  title: (title) => `${title ?? 'Portail'} — Portail pour les usagers`,
})
