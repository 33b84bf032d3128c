import type { Plugin } from '@hapi/hapi'

/** The family's Facturation: accounts, invoices and receipts as PDF (PDF part). */
export const portalBillingApi: Plugin<void> = {
  name: 'portee-portal-billing-api',
  register() {},
}
