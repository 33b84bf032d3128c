import type { Plugin } from '@hapi/hapi'

/** Invoices and receipts as PDF for staff (PDF part). */
export const staffBillingDocumentsApi: Plugin<void> = {
  name: 'portee-staff-billing-documents-api',
  register() {},
}
