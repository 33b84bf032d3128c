import type { RouteLocationNormalized, RouteRecordRaw, RouteRecordSingleView } from 'vue-router'
import { page } from './session.ts'

/** The tabs of a pupil's file, in both apps: each one a route of its own (`eleve-<path>`). */
export const PUPIL_TABS = [
  { path: 'identite', label: 'Identité' },
  { path: 'cours', label: 'Cours' },
  { path: 'historique', label: 'Historique' },
  { path: 'repertoire', label: 'Répertoire' },
  { path: 'documents', label: 'Documents' },
] as const

export type PupilTab = (typeof PUPIL_TABS)[number]['path']

/**
 * The routes of a pupil's tabs, named `<prefix>-<tab>`: the app's Identité, and the tabs to come
 * (ComingSoonTab). `at` gives each tab's path under the parent route.
 */
export function pupilTabRoutes(options: {
  prefix: string
  at: (tab: PupilTab) => string
  identity: RouteRecordSingleView['component']
  props: (route: RouteLocationNormalized) => Record<string, number>
  title?: (label: string) => string
}): RouteRecordRaw[] {
  return PUPIL_TABS.map((tab) =>
    page(
      options.at(tab.path),
      `${options.prefix}-${tab.path}`,
      tab.path === 'identite' ? options.identity : () => import('./ComingSoonTab.vue'),
      options.title?.(tab.label),
      { props: tab.path === 'identite' ? options.props : { tab: tab.path } },
    ),
  )
}
