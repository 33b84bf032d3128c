// The joi schemas of the invoicing routes (staff-billing.ts): amounts and days come as typed
// ("93,24", "12/03/2026") and are read by the services' rules (parseEuros, parseDay).
import Joi from 'joi'
import {
  BILLING_PERIODS,
  INSTALMENT_PLANS,
  LINE_CATEGORIES,
  STAFF_PAYMENT_MODES,
  PAYMENT_MODES,
} from '../../db/rules/billing.ts'
import { RUN_SCOPES } from '../../db/rules/invoicing.ts'
import { id } from './schemas.ts'

const typed = Joi.string().trim().max(30)
const isoDay = Joi.string().pattern(/^\d{4}-\d{2}-\d{2}$/)

export const payment = Joi.object({
  mode: Joi.string()
    .valid(...STAFF_PAYMENT_MODES)
    .required(),
  amount: typed.required(),
  paidOn: typed.required(),
  reference: Joi.string().trim().allow('').max(60),
  instalmentId: id.allow(null),
})

export const creditNote = Joi.object({
  reason: Joi.string().trim().min(1).max(80).required(),
  lines: Joi.array()
    .min(1)
    .max(50)
    .items(
      Joi.object({
        label: Joi.string().trim().min(1).max(200).required(),
        amount: typed.required(),
        category: Joi.string().valid(...LINE_CATEGORIES),
      }),
    )
    .required(),
})

export const billingRun = Joi.object({
  schoolYearId: id.required(),
  period: Joi.string()
    .valid(...BILLING_PERIODS)
    .required(),
  instalments: Joi.number()
    .valid(...INSTALMENT_PLANS)
    .required(),
  firstDueOn: typed.required(),
  scope: Joi.string()
    .valid(...RUN_SCOPES)
    .required(),
  familyIds: Joi.array().items(id).max(20_000).unique(),
})

export const unpaidQuery = Joi.object({
  schoolYearId: id,
  siteId: id,
  overdue: Joi.boolean(),
})

export const paymentsQuery = Joi.object({
  from: isoDay.required(),
  to: isoDay.required(),
  mode: Joi.string().valid(...PAYMENT_MODES),
})
