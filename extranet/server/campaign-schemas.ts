// The joi schemas of the réinscription campaign routes: the shape and the bounds of what is sent.
// The services check the meaning (the dates, the year after the current one, the site…) and
// answer in French per field.
import Joi from 'joi'
import { PIECE_SCOPES } from '../../db/rules/reenrolment.ts'
import { id } from './schemas.ts'

const text = (max: number) => Joi.string().allow('').max(max)
const optionalId = id.allow(null)

const piece = Joi.object({
  id: optionalId.default(null),
  name: text(300).required(),
  required: Joi.boolean().default(true),
  appliesTo: Joi.string()
    .valid(...PIECE_SCOPES)
    .default('tous')
    .messages({ 'any.only': 'Choisissez à qui la pièce est demandée.' }),
  departmentId: optionalId.default(null),
  cursusId: optionalId.default(null),
})

export const campaign = Joi.object({
  siteId: optionalId.required().messages({ 'number.base': 'Choisissez le site.' }),
  schoolYearId: optionalId.required().messages({ 'number.base': 'Choisissez l’année scolaire.' }),
  opensOn: text(20).required(),
  opensTime: text(10).required(),
  closesOn: text(20).required(),
  closesTime: text(10).required(),
  message: text(4000).default(''),
  pieces: Joi.array().items(piece).max(30).default([]),
})

export const extension = Joi.object({
  closesOn: text(20).required(),
  closesTime: text(10).required(),
})

export const pupilQuery = Joi.object({
  status: Joi.string().valid('non_commencee', 'envoyee', 'validee', 'refusee'),
  q: Joi.string().trim().allow('').max(100).default(''),
  page: Joi.number().integer().min(1).max(100000).default(1),
  pageSize: Joi.number().integer().valid(10, 25, 50, 100).default(25),
})

export const exportQuery = Joi.object({ format: Joi.string().valid('csv').default('csv') })
