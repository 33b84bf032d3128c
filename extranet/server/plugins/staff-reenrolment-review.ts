import type { Plugin } from '@hapi/hapi'

/** The review of a pupil's réinscription: documents accepted or refused, validation into next year's enrolments, refusal. */
export const staffReenrolmentReviewApi: Plugin<void> = {
  name: 'portee-staff-reenrolment-review-api',
  register() {},
}
