import type { RouteRecordSingleView } from 'vue-router'

/**
 * The tabs of "Pédagogie", in their order: each is a child route `pedagogie/<path>` named
 * `pedagogie-<path>` with its component in this folder. Adding a tab is adding one entry.
 */
export const PEDAGOGY_TABS: {
  path: string
  label: string
  component: RouteRecordSingleView['component']
}[] = [
  { path: 'cours', label: 'Cours', component: () => import('./CoursesTab.vue') },
  { path: 'enseignants', label: 'Enseignants', component: () => import('./TeachersTab.vue') },
  { path: 'disciplines', label: 'Disciplines', component: () => import('./DisciplinesTab.vue') },
  { path: 'cursus', label: 'Cursus et cycles', component: () => import('./CursusTab.vue') },
  {
    path: 'annees',
    label: 'Années scolaires',
    component: () => import('./SchoolYearsTab.vue'),
  },
]

export const pedagogyTabName = (path: string) => `pedagogie-${path}`
