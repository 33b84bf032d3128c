import type { RouteRecordSingleView } from 'vue-router'

/**
 * The tabs of "Paramètres", in their order: each is a child route `parametres/<path>` named
 * `parametres-<path>` with its component in this folder. Adding a tab is adding one entry.
 */
export const SETTINGS_TABS: {
  path: string
  label: string
  component: RouteRecordSingleView['component']
}[] = [
  {
    path: 'conservatoire',
    label: 'Conservatoire',
    component: () => import('./ConservatoireTab.vue'),
  },
  { path: 'sites', label: 'Sites', component: () => import('./SitesTab.vue') },
  { path: 'courriel', label: 'Courriel', component: () => import('./MailTab.vue') },
  {
    path: 'etablissements',
    label: 'Établissements scolaires',
    component: () => import('./SchoolsTab.vue'),
  },
  {
    path: 'facturation',
    label: 'Facturation',
    component: () => import('./BillingSettingsTab.vue'),
  },
  { path: 'comptes', label: 'Comptes', component: () => import('./AccountsTab.vue') },
  { path: 'sauvegardes', label: 'Sauvegardes', component: () => import('./BackupsTab.vue') },
]

export const settingsTabName = (path: string) => `parametres-${path}`
