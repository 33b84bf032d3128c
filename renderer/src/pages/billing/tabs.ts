import type { RouteRecordSingleView } from 'vue-router'

/**
 * The tabs of "Facturation", in their order: each is a child route `facturation/<path>` named
 * `facturation-<path>` with its component in this folder. Adding a tab is adding one entry.
 */
export const BILLING_TABS: {
  path: string
  label: string
  component: RouteRecordSingleView['component']
}[] = [
  { path: 'tarifs', label: 'Tarifs', component: () => import('./TariffsTab.vue') },
  { path: 'facturer', label: 'Facturer', component: () => import('./BillingRunTab.vue') },
  { path: 'factures', label: 'Factures', component: () => import('./InvoicesTab.vue') },
  { path: 'reglements', label: 'Règlements', component: () => import('./PaymentsTab.vue') },
  { path: 'prelevements', label: 'Prélèvements', component: () => import('./DebitsTab.vue') },
]

export const billingTabName = (path: string) => `facturation-${path}`
