import Joi from 'joi'

// Field schemas, defined once and reused by the routes.

export const id = Joi.number().integer().min(1).max(2_147_483_647)

export const login = Joi.string().trim().min(1).max(40)

/** Passwords are taken as typed: no trim; the length limit comes with the password policy. */
export const password = Joi.string().min(1).max(256)

export const familyLogin = Joi.object({
  siteId: id.required(),
  login: login.required(),
  password: password.required(),
})

export const staffLogin = Joi.object({
  login: login.required(),
  password: password.required(),
})

export const familySearch = Joi.object({
  q: Joi.string().trim().allow('').max(100).default(''),
  page: Joi.number().integer().min(1).max(100_000).default(1),
  pageSize: Joi.number().integer().valid(10, 25, 50, 100).default(25),
})

export const idParams = Joi.object({ id: id.required() })
