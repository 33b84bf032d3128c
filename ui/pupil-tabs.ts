import type { RouteLocationNormalized, RouteRecordRaw, RouteRecordSingleView } from 'vue-router'
import { page } from './session.ts'

/** The tabs of a pupil's file, in both apps: each one a route of its own (`eleve-<path>`). */
export const PUPIL_TABS = [
  { path: 'identite', label: 'Identité' },
  { path: 'cours', label: 'Cours' },
  { path: 'historique', label: 'Historique' },
  { path: 'repertoire', label: 'Répertoire' },
  { path: 'documents', label: 'Documents' },
  // Shown to families only while their site's réinscription campaign is open.
  { path: 'reinscription', label: 'Réinscription' },
] as const

export type PupilTab = (typeof PUPIL_TABS)[number]['path']

/**
 * The routes of a pupil's tabs, named `<prefix>-<tab>`: the app's component for each tab it has
 * built (Identité at least), ComingSoonTab for the others. `at` gives each tab's path under the
 * parent route; `props` gives a built tab its props from the route.
 */
export function pupilTabRoutes(options: {
  prefix: string
  at: (tab: PupilTab) => string
  tabs: { identite: RouteRecordSingleView['component'] } & Partial<
    Record<PupilTab, RouteRecordSingleView['component']>
  >
  props: (route: RouteLocationNormalized) => Record<string, number>
  title?: (label: string) => string
}): RouteRecordRaw[] {
  return PUPIL_TABS.map((tab) => {
    const built = options.tabs[tab.path]
    return page(
      options.at(tab.path),
      `${options.prefix}-${tab.path}`,
      built ?? (() => import('./ComingSoonTab.vue')),
      options.title?.(tab.label),
      { props: built ? options.props : { tab: tab.path } },
    )
  })
}
