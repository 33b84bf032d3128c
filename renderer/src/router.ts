import type { RouteLocationNormalized, RouteRecordRaw } from 'vue-router'
import { can, type Permission } from '../../db/rules/roles.ts'
import { pupilTabRoutes } from '../../ui/pupil-tabs.ts'
import { createAppRouter, page } from '../../ui/session.ts'
import { api } from './api.ts'
import { refusedPage } from './refused-page.ts'
import { homeOf } from './roles.ts'
import { me, session } from './session.ts'

declare module 'vue-router' {
  interface RouteMeta {
    /** What the role must be allowed to do to open the page (db/rules/roles.ts). */
    permission?: Permission
  }
}

/** A page (and its children) only for the roles that may do `permission`. */
const only = (permission: Permission, route: RouteRecordRaw): RouteRecordRaw =>
  ({ ...route, meta: { ...route.meta, permission } }) as RouteRecordRaw
import { nextSetupStep } from './first-run.ts'
import { SETTINGS_TABS, settingsTabName } from './pages/settings/tabs.ts'
import { PEDAGOGY_TABS, pedagogyTabName } from './pages/pedagogy/tabs.ts'
import { BILLING_TABS, billingTabName } from './pages/billing/tabs.ts'

const byId = (route: RouteLocationNormalized) => ({ id: Number(route.params['id']) })
const byPupil = (route: RouteLocationNormalized) => ({
  id: Number(route.params['id']),
  pupilId: Number(route.params['pupilId']),
})

/** "Paramètres": its layout (the tabs), and a child route per tab. */
function settingsRoutes(): RouteRecordRaw {
  const [first] = SETTINGS_TABS
  return {
    path: 'parametres',
    component: () => import('./pages/settings/SettingsLayout.vue'),
    meta: { title: 'Paramètres' },
    children: [
      { path: '', name: 'parametres', redirect: { name: settingsTabName(first?.path ?? '') } },
      ...SETTINGS_TABS.map((tab) =>
        page(tab.path, settingsTabName(tab.path), tab.component, `Paramètres — ${tab.label}`),
      ),
    ],
  }
}

/** "Pédagogie": its layout (the tabs), and a child route per list. */
function pedagogyRoutes(): RouteRecordRaw {
  const [first] = PEDAGOGY_TABS
  return {
    path: 'pedagogie',
    component: () => import('./pages/pedagogy/PedagogyLayout.vue'),
    meta: { title: 'Pédagogie' },
    children: [
      { path: '', name: 'pedagogie', redirect: { name: pedagogyTabName(first?.path ?? '') } },
      ...PEDAGOGY_TABS.map((tab) =>
        page(tab.path, pedagogyTabName(tab.path), tab.component, `Pédagogie — ${tab.label}`),
      ),
    ],
  }
}

/** "Facturation": its layout (the tabs), and a child route per part. */
function billingRoutes(): RouteRecordRaw {
  const [first] = BILLING_TABS
  return {
    path: 'facturation',
    component: () => import('./pages/billing/BillingLayout.vue'),
    meta: { title: 'Facturation' },
    children: [
      { path: '', name: 'facturation', redirect: { name: billingTabName(first?.path ?? '') } },
      ...BILLING_TABS.map((tab) =>
        page(tab.path, billingTabName(tab.path), tab.component, `Facturation — ${tab.label}`),
      ),
    ],
  }
}

const routes: RouteRecordRaw[] = [
  page('/connexion', 'connexion', () => import('./pages/LoginPage.vue'), 'Connexion', {
    public: true,
  }),
  page('/installation', 'installation', () => import('./pages/SetupPage.vue'), 'Installation', {
    public: true,
  }),
  page(
    '/choisir-mot-de-passe',
    'choisir-mot-de-passe',
    () => import('./pages/ChoosePasswordPage.vue'),
    'Choisir un mot de passe',
    { public: true },
  ),
  {
    path: '/',
    component: () => import('./StaffLayout.vue'),
    children: [
      { path: '', name: 'accueil', redirect: { name: 'familles' } },
      only(
        'readFamilies',
        page('familles', 'familles', () => import('./pages/FamiliesPage.vue'), 'Familles'),
      ),
      only(
        'editFamilies',
        page(
          'familles/import',
          'familles-import',
          () => import('./pages/import/ImportPage.vue'),
          'Importer des familles',
        ),
      ),
      page('rien-a-faire', 'rien-a-faire', () => import('./pages/NothingYetPage.vue'), 'Portée'),
      only('readFamilies', {
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
                tabs: {
                  identite: () => import('./pages/family/PupilIdentityTab.vue'),
                  cours: () => import('./pages/family/PupilCoursesTab.vue'),
                  historique: () => import('./pages/family/PupilHistoryTab.vue'),
                  repertoire: () => import('./pages/family/PupilRepertoireTab.vue'),
                  documents: () => import('./pages/family/PupilDocumentsTab.vue'),
                  reinscription: () => import('./pages/family/PupilReenrolmentTab.vue'),
                },
                props: byPupil,
              }),
            ],
          },
          only(
            'readBilling',
            page(
              'facturation',
              'famille-facturation',
              () => import('./pages/family/FamilyBillingTab.vue'),
              undefined,
              { props: byId },
            ),
          ),
          page(
            'journal',
            'famille-journal',
            () => import('./pages/family/JournalTab.vue'),
            undefined,
            { props: byId },
          ),
        ],
      }),
      only(
        'readFamilies',
        page(
          'demandes',
          'demandes',
          () => import('./pages/RequestsPage.vue'),
          'Demandes en attente',
        ),
      ),
      only(
        'readFamilies',
        page('demandes/:id(\\d+)', 'demande', () => import('./pages/RequestPage.vue'), 'Demande', {
          props: byId,
        }),
      ),
      only('readPedagogy', pedagogyRoutes()),
      only('readBilling', billingRoutes()),
      only(
        'readPedagogy',
        page(
          'pedagogie/cours/:id(\\d+)',
          'cours',
          () => import('./pages/pedagogy/CoursePage.vue'),
          'Cours',
          { props: byId },
        ),
      ),
      only(
        'readReenrolment',
        page(
          'reinscriptions',
          'reinscriptions',
          () => import('./pages/reenrolment/CampaignsPage.vue'),
          'Réinscriptions',
        ),
      ),
      only(
        'readReenrolment',
        page(
          'reinscriptions/:id(\\d+)',
          'campagne',
          () => import('./pages/reenrolment/CampaignPage.vue'),
          'Campagne de réinscription',
          { props: byId },
        ),
      ),
      only(
        'readReenrolment',
        page(
          'reinscriptions/demandes/:id(\\d+)',
          'reinscription',
          () => import('./pages/reenrolment/ReviewPage.vue'),
          'Réinscription',
          { props: byId },
        ),
      ),
      only(
        'mails',
        page('courriels', 'courriels', () => import('./pages/MailsPage.vue'), 'Courriels'),
      ),
      only('settings', settingsRoutes()),
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

/** The reason of a refusal, shown once the navigation it led to is done. */
let refusing: string | null = null

// A page the role may not open leads to the role's first page (Enseignant: "rien à faire"), which
// says so.
router.beforeEach((to) => {
  const user = me.value
  const needed = to.meta.permission
  if (!user || !needed || can(user.role, needed)) return true
  refusing = 'Votre rôle ne permet pas d’ouvrir cette page : voici la vôtre.'
  return { name: homeOf(user.role) }
})
// Shown on the page it led to (whose list may then write its query into the address), until
// another page is opened.
router.afterEach((to, from, failure) => {
  if (failure) return
  if (refusing !== null) refusedPage.value = refusing
  else if (to.path !== from.path) refusedPage.value = null
  refusing = null
})

// After the administrator's account, the conservatoire and its sites: until they are set up,
// the administrator is led to the step to do (Paramètres stays open to come back to any step).
router.beforeEach(async (to) => {
  if (to.meta.public || to.path.startsWith('/parametres')) return true
  const step = await nextSetupStep()
  return step ? { name: step } : true
})
