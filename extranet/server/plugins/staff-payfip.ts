import type { Plugin } from '@hapi/hapi'

/** Billing settings: mode, PayFiP, SEPA creditor (PayFiP part). */
export const staffPayfipApi: Plugin<void> = {
  name: 'portee-staff-payfip-api',
  register() {},
}
