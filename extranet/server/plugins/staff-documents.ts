import type { Plugin } from '@hapi/hapi'

/** A pupil's documents for staff: what the family uploaded, the attestations the conservatoire publishes. */
export const staffDocumentsApi: Plugin<void> = {
  name: 'portee-staff-documents-api',
  register() {},
}
