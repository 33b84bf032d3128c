import type { Plugin } from '@hapi/hapi'

/** SEPA mandates and debit exports (SEPA part). */
export const staffSepaApi: Plugin<void> = {
  name: 'portee-staff-sepa-api',
  register() {},
}
