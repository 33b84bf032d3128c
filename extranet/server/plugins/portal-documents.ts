import type { Plugin } from '@hapi/hapi'

/** The family's Documents tab: the pupil's documents of every year and the attestations d'inscription. */
export const portalDocumentsApi: Plugin<void> = {
  name: 'portee-portal-documents-api',
  register() {},
}
