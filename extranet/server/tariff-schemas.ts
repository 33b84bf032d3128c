// The joi schemas of the tariffs' routes (staff-tariffs.ts).
import Joi from 'joi'
import { BILLING_PERIODS } from '../../db/rules/billing.ts'
import { RESIDENCES } from '../../db/rules/reenrolment.ts'
import { COURSE_KINDS, FEE_PER, REDUCTION_RANKS, TARIFF_TARGETS } from '../../db/rules/tariffs.ts'
import { id } from './schemas.ts'

const cents = Joi.number().integer().min(0).max(100_000_000)
const day = Joi.string().trim().max(10)

export const yearQuery = Joi.object({ schoolYearId: id.required() })
export const yearBody = Joi.object({ schoolYearId: id.required() })

export const simulationQuery = Joi.object({
  schoolYearId: id.required(),
  period: Joi.string()
    .valid(...BILLING_PERIODS)
    .default('annee'),
})

export const bracket = Joi.object({
  schoolYearId: id.required(),
  label: Joi.string().trim().max(60).required(),
  lowerBoundEuros: Joi.number().integer().min(0).max(1_000_000).required(),
})

export const tariff = Joi.object({
  schoolYearId: id.required(),
  target: Joi.string()
    .valid(...TARIFF_TARGETS)
    .required(),
  cursusId: id.allow(null),
  disciplineId: id.allow(null),
  courseKind: Joi.string()
    .valid(...COURSE_KINDS)
    .allow(null),
  label: Joi.string().trim().allow('').max(120).default(''),
  proRata: Joi.boolean().required(),
})

export const price = Joi.object({
  bracketId: id.required(),
  residence: Joi.string()
    .valid(...RESIDENCES)
    .required(),
  amountCents: cents.allow(null).required(),
})

export const reductions = Joi.object({
  schoolYearId: id.required(),
  reductions: Joi.array()
    .items(
      Joi.object({
        rank: Joi.number()
          .valid(...REDUCTION_RANKS)
          .required(),
        rateBp: Joi.number().integer().min(0).max(10_000).required(),
      }),
    )
    .max(REDUCTION_RANKS.length)
    .required(),
})

export const fee = Joi.object({
  schoolYearId: id.required(),
  label: Joi.string().trim().max(120).required(),
  amountCents: cents.required(),
  per: Joi.string()
    .valid(...FEE_PER)
    .required(),
})

export const rentalRate = Joi.object({
  schoolYearId: id.required(),
  priceCents: cents.required(),
  depositCents: cents.required(),
})

export const instrument = Joi.object({
  name: Joi.string().trim().max(120).required(),
  inventoryNumber: Joi.string().trim().max(40).required(),
  archived: Joi.boolean().default(false),
})

export const rental = Joi.object({
  instrumentId: id.required(),
  pupilId: id.allow(null).required(),
  schoolYearId: id.required(),
  startsOn: day.required(),
  endsOn: day.allow(null, '').default(null),
  priceCents: cents.required(),
  depositCents: cents.required(),
})

export const familyRentalParams = Joi.object({ id: id.required(), rentalId: id.required() })
export const situationFileParams = Joi.object({ id: id.required(), situationId: id.required() })

/** The situation: JSON, or multipart with its proof's file (fields are then strings). */
export const situation = Joi.object({
  quotientFamilial: Joi.alternatives()
    .try(Joi.number().integer().min(0).max(1_000_000), Joi.valid(null, ''))
    .required(),
  residence: Joi.string()
    .valid(...RESIDENCES, '')
    .allow(null)
    .required(),
  appliesFrom: day.required(),
  proofName: Joi.string().trim().allow('').max(200).default(''),
  file: Joi.object({ path: Joi.string().required(), filename: Joi.string().allow('') }).unknown(),
})
