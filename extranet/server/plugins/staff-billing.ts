import type { Plugin } from '@hapi/hapi'

/** Invoices, credit notes, payments, billing runs, lists and exports (invoicing part). */
export const staffBillingApi: Plugin<void> = {
  name: 'portee-staff-billing-api',
  register() {},
}
