import type { Plugin } from '@hapi/hapi'

/** Online payment through PayFiP, its notification, the simulator (PayFiP part). */
export const portalPayfipApi: Plugin<void> = {
  name: 'portee-portal-payfip-api',
  register() {},
}
