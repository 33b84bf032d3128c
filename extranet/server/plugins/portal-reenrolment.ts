import type { Plugin } from '@hapi/hapi'

/** The family's Réinscription tab: the request, the pièces à fournir and their uploads, « Valider ». */
export const portalReenrolmentApi: Plugin<void> = {
  name: 'portee-portal-reenrolment-api',
  register() {},
}
