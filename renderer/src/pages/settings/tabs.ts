import type { RouteRecordRaw, RouteRecordSingleView } from 'vue-router'
import { page } from '../../../../ui/session.ts'

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
]

export const settingsTabName = (path: string) => `parametres-${path}`

/** "Paramètres": its layout (the tabs), and a child route per tab. */
export function settingsRoutes(): RouteRecordRaw {
  const [first] = SETTINGS_TABS
  return {
    path: 'parametres',
    component: () => import('./SettingsLayout.vue'),
    meta: { title: 'Paramètres' },
    children: [
      { path: '', name: 'parametres', redirect: { name: settingsTabName(first?.path ?? '') } },
      ...SETTINGS_TABS.map((tab) =>
        page(tab.path, settingsTabName(tab.path), tab.component, `Paramètres — ${tab.label}`),
      ),
    ],
  }
}
