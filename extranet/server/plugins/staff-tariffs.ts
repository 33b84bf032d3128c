import type { Plugin } from '@hapi/hapi'

/** Tariffs, the family's quotient, residence and rentals, the simulation (tariffs part). */
export const staffTariffsApi: Plugin<void> = {
  name: 'portee-staff-tariffs-api',
  register() {},
}
