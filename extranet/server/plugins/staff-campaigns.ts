import type { Plugin } from '@hapi/hapi'

/** The réinscription campaigns: their settings and pièces, the dashboard, reminders, export. */
export const staffCampaignsApi: Plugin<void> = {
  name: 'portee-staff-campaigns-api',
  register() {},
}
