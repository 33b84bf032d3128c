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

export const email = Joi.string().trim().max(200).email({ tlds: false })

export const resetRequest = Joi.object({
  siteId: id.required(),
  login: login.required(),
  email: email.required().messages({ 'string.email': 'Cette adresse e-mail n’est pas valide.' }),
})

/** A new password: its policy is checked by the service, with reasons in French. */
export const newPasswordValue = Joi.string().min(1).max(1024)

export const newPassword = Joi.object({
  password: newPasswordValue.required(),
  confirmation: Joi.string().allow('').max(1024).required(),
})

export const passwordChange = Joi.object({
  current: password.required(),
  password: newPasswordValue.required(),
  confirmation: Joi.string().allow('').max(1024).required(),
})

export const tokenParams = Joi.object({
  token: Joi.string()
    .pattern(/^[\w-]{20,100}$/)
    .required(),
})

export const outboxQuery = Joi.object({
  status: Joi.string().valid('pending', 'sending', 'sent', 'failed'),
  page: Joi.number().integer().min(1).max(100_000).default(1),
  pageSize: Joi.number().integer().valid(10, 25, 50, 100).default(25),
})

export const smtpSettings = Joi.object({
  host: Joi.string().trim().max(200).required(),
  port: Joi.number().integer().min(1).max(65535).required(),
  security: Joi.string().valid('none', 'starttls', 'tls').required(),
  user: Joi.string().trim().allow('').max(200).default(''),
  password: Joi.string().allow('').max(500),
  clearPassword: Joi.boolean().default(false),
  sender: Joi.string().trim().allow('').max(200).email({ tlds: false }).default('').messages({
    'string.email': 'Cette adresse e-mail n’est pas valide.',
  }),
})

export const smtpTest = Joi.object({
  to: email.required().messages({ 'string.email': 'Cette adresse e-mail n’est pas valide.' }),
})

export const accessState = Joi.object({ enabled: Joi.boolean().required() })

export const familyIdsQuery = Joi.object({ q: Joi.string().trim().allow('').max(100).default('') })

export const accessMailing = Joi.object({
  familyIds: Joi.array().items(id).min(1).max(100).unique().required(),
})

export const firstAdministrator = Joi.object({
  login: Joi.string()
    .trim()
    .lowercase()
    .pattern(/^[a-z0-9._-]{3,40}$/)
    .required()
    .messages({
      'string.pattern.base': 'De 3 à 40 caractères : lettres sans accent, chiffres, point, tiret.',
    }),
  displayName: Joi.string().trim().min(1).max(120).required(),
  password: newPasswordValue.required(),
  confirmation: Joi.string().allow('').max(1024).required(),
})

/** Actions that take nothing: any field sent is refused. */
export const noPayload = Joi.object({}).allow(null)

/** The fields of a record to change; the service refuses any key that is not a field of the record. */
export const recordChange = Joi.object({
  values: Joi.object()
    .pattern(Joi.string().max(40), [Joi.string().allow('').max(300), Joi.boolean()])
    .min(1)
    .max(40)
    .required(),
})

export const decision = Joi.object({
  revision: Joi.number().integer().min(1).required(),
  decisions: Joi.object()
    .pattern(Joi.string().max(40), Joi.string().valid('accept', 'refuse'))
    .min(1)
    .required(),
  comment: Joi.string().allow('').max(2000).default(''),
})

export const newFamily = Joi.object({
  siteId: id.required(),
  guardian: recordChange.extract('values').required(),
})

/** A spreadsheet sent as base64 (up to the route's payload limit). */
export const importFile = Joi.object({
  fileName: Joi.string().trim().max(200).required(),
  content: Joi.string().max(40_000_000).required(),
})

export const importRun = importFile.keys({
  mapping: Joi.array().items(Joi.string().max(60).allow(null)).max(300).required(),
  siteId: id.allow(null).default(null),
})

export const importSample = Joi.object({ format: Joi.string().valid('csv', 'xlsx').required() })
