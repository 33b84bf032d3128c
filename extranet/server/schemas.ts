import Joi from 'joi'
import { joiPrefsFr } from './errors.ts'
import { STAFF_LOGIN_PATTERN, STAFF_LOGIN_RULE_TEXT } from '../../db/rules/logins.ts'
import { STAFF_ROLES } from '../../db/rules/roles.ts'
import { BACKUP_NAME } from '../../db/backup/store.ts'
import {
  FAMILY_COLUMNS,
  FAMILY_STATES,
  MAIL_COLUMNS,
  PAGE_SIZES,
  REQUEST_COLUMNS,
  type ListColumn,
} from '../../db/rules/lists.ts'
import { decodeCursor } from '../../db/services/list-cursors.ts'

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

const searchText = Joi.string().trim().allow('').max(100).default('')

/** A list's cursor, opaque to the client (base64url), decoded here: an altered one is refused. */
const cursor = Joi.string()
  .max(2000)
  .pattern(/^[A-Za-z0-9_-]+$/)
  .custom((text: string, helpers) => decodeCursor(text) ?? helpers.error('any.invalid'))

/** A staff list's page when the query names none. */
const DEFAULT_PAGE_SIZE = 25

/** A filter of a staff list: a text searched, a record's id, or one of a few values. */
type ListFilter =
  | { kind: 'text' }
  | { kind: 'id' }
  | { kind: 'choice'; values: readonly string[]; default?: string }

function filterSchema(filter: ListFilter): Joi.Schema {
  if (filter.kind === 'text') return searchText
  if (filter.kind === 'id') return Joi.number().integer().min(1)
  const choice = Joi.string().valid(...filter.values)
  return filter.default === undefined ? choice : choice.default(filter.default)
}

/** The joi schemas of a list's filters, by their keys. */
function filterSchemas(filters: Record<string, ListFilter>): Record<string, Joi.Schema> {
  return Object.fromEntries(
    Object.entries(filters).map(([key, filter]) => [key, filterSchema(filter)]),
  )
}

/** How a query's text is read when it is plainly valid (listPageAtOnce); null: let joi say. */
function filterValue(filter: ListFilter, raw: string): unknown {
  if (filter.kind === 'text') {
    const text = raw.trim()
    return text.length <= 100 ? text : null
  }
  if (filter.kind === 'id') return /^[1-9][0-9]{0,14}$/.test(raw) ? Number(raw) : null
  return filter.values.includes(raw) ? raw : null
}

/**
 * A staff list's page query read at once, as its joi schema would read it, when every key is one
 * it knows with a plainly valid value (what the back office sends); null for anything else, which
 * joi then checks, refusing with its French messages. joi takes some 40 µs a request for these
 * nine keys, most of them absent: a fifth of a search of the Familles list.
 */
function listPageAtOnce(
  value: unknown,
  filters: Record<string, ListFilter>,
  sortable: ReadonlySet<string>,
): Record<string, unknown> | null {
  if (value === null || typeof value !== 'object') return null
  const page: Record<string, unknown> = { pageSize: DEFAULT_PAGE_SIZE }
  for (const [key, filter] of Object.entries(filters)) {
    if (filter.kind === 'text') page[key] = ''
    else if (filter.kind === 'choice' && filter.default !== undefined) page[key] = filter.default
  }
  let starts = 0
  for (const [key, raw] of Object.entries(value)) {
    if (typeof raw !== 'string') return null
    const filter = Object.hasOwn(filters, key) ? filters[key] : undefined
    let read: unknown = null
    if (filter) read = filterValue(filter, raw)
    else if (key === 'sort') read = sortable.has(raw) ? raw : null
    else if (key === 'order') read = raw === 'asc' || raw === 'desc' ? raw : null
    else if (key === 'pageSize') read = PAGE_SIZES.find((size) => String(size) === raw) ?? null
    else if (key === 'last') read = raw === 'true' ? true : raw === 'false' ? false : null
    else if (key === 'after' || key === 'before')
      read = raw.length <= 2000 && /^[A-Za-z0-9_-]+$/.test(raw) ? decodeCursor(raw) : null
    if (read === null) return null
    if (key === 'after' || key === 'before' || key === 'last') starts += 1
    page[key] = read
  }
  return starts > 1 ? null : page
}

/**
 * The query of a staff list: its own filters, the sort (one of its sortable columns), the order,
 * the size of a page and where it starts (after or before a cursor, the last page, or the first
 * when none is given); its export takes the same filters and sort, and the format instead. The
 * page's is a function: a plainly valid query is read at once (listPageAtOnce), anything else by
 * joi (`pageSchema`; both kept apart for the test that compares them).
 */
function listQueries(columns: readonly ListColumn[], filters: Record<string, ListFilter>) {
  const sortable = new Set(columns.filter((c) => c.sortable).map((c) => c.key))
  const sort = {
    sort: Joi.string().valid(...sortable),
    order: Joi.string().valid('asc', 'desc'),
  }
  const pageSchema = Joi.object({
    ...filterSchemas(filters),
    ...sort,
    pageSize: Joi.number()
      .integer()
      .valid(...PAGE_SIZES)
      .default(DEFAULT_PAGE_SIZE),
    after: cursor,
    before: cursor,
    last: Joi.boolean(),
  })
    .oxor('after', 'before', 'last')
    .prefs(joiPrefsFr)
  const atOnce = (value: unknown) => listPageAtOnce(value, filters, sortable)
  return {
    pageSchema,
    atOnce,
    page: async (value: unknown, options: Joi.ValidationOptions): Promise<unknown> =>
      atOnce(value) ?? pageSchema.validateAsync(value, options),
    export: Joi.object({
      ...filterSchemas(filters),
      ...sort,
      format: Joi.string().valid('csv', 'xlsx').required(),
    }),
  }
}

const familyFilters: Record<string, ListFilter> = {
  q: { kind: 'text' },
  siteId: { kind: 'id' },
  state: { kind: 'choice', values: FAMILY_STATES, default: 'active' },
}

export const familyList = listQueries(FAMILY_COLUMNS, familyFilters)

export const requestList = listQueries(REQUEST_COLUMNS, {
  q: { kind: 'text' },
  siteId: { kind: 'id' },
})

export const mailList = listQueries(MAIL_COLUMNS, {
  q: { kind: 'text' },
  status: { kind: 'choice', values: ['pending', 'sending', 'sent', 'failed'] },
})

const idParamsSchema = Joi.object({ id: id.required() }).prefs(joiPrefsFr)
const CANONICAL_ID = /^[1-9][0-9]{0,9}$/

/**
 * The `{id}` of a route. A plain id (digits, no sign, no leading zero, in range) is taken at once;
 * anything else goes through joi, which converts or refuses it with its French message.
 */
export async function idParams(value: unknown, options: Joi.ValidationOptions): Promise<unknown> {
  const raw = (value as { id?: unknown } | null)?.id
  if (
    typeof raw === 'string' &&
    Object.keys(value as object).length === 1 &&
    CANONICAL_ID.test(raw) &&
    Number(raw) <= 2_147_483_647
  ) {
    return { id: Number(raw) }
  }
  return idParamsSchema.validateAsync(value, options)
}

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

export const familyIdsQuery = Joi.object(filterSchemas(familyFilters))

export const accessMailing = Joi.object({
  familyIds: Joi.array().items(id).min(1).max(100).unique().required(),
})

/** A staff member's identifiant (the first administrator's, the accounts the administrator makes). */
export const staffIdentifiant = Joi.string()
  .trim()
  .lowercase()
  .pattern(STAFF_LOGIN_PATTERN)
  .messages({ 'string.pattern.base': STAFF_LOGIN_RULE_TEXT })

export const displayName = Joi.string().trim().min(1).max(120)

export const firstAdministrator = Joi.object({
  login: staffIdentifiant.required(),
  displayName: displayName.required(),
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

/** A staff account as the administrator creates or changes it. */
export const staffAccount = Joi.object({
  login: staffIdentifiant.required(),
  displayName: displayName.required(),
  email: email.required(),
  role: Joi.string()
    .valid(...STAFF_ROLES)
    .required(),
  siteIds: Joi.array().items(id).max(100).unique().required(),
})

export const staffAccountState = Joi.object({ active: Joi.boolean().required() })

/** A backup, named by its folder (never a path: the pattern allows no slash nor dot). */
export const backupParams = Joi.object({ name: Joi.string().pattern(BACKUP_NAME).required() })

// The conservatoire and its sites: strings of a bounded length here; the service checks each
// field (formats, SIRET key) and answers with a French message per field.
const settingText = (max: number) => Joi.string().allow('').max(max)

export const conservatoireIdentity = Joi.object({
  name: settingText(200).required(),
  address: settingText(200).required(),
  postalCode: settingText(20).required(),
  city: settingText(100).required(),
  phone: settingText(40).default(''),
  email: settingText(200).default(''),
  website: settingText(200).default(''),
  siret: settingText(30).default(''),
  controllerName: settingText(200).default(''),
  controllerEmail: settingText(200).default(''),
  dpoName: settingText(200).default(''),
  dpoEmail: settingText(200).default(''),
  homeText: settingText(5000).default(''),
})

/** The logo's bytes in base64 (JSON, like every body): their type is decided from their content. */
export const logoUpload = Joi.object({
  content: Joi.string()
    .base64()
    .max(Math.ceil((500 * 1024 * 4) / 3) + 4)
    .required()
    .messages({
      'string.max': 'Le logo est trop lourd : 500 Ko au plus.',
      'string.base64': 'Le fichier du logo est illisible.',
    }),
})

export const logoQuery = Joi.object({ v: Joi.string().max(40) })

const siteChange = {
  name: settingText(120),
  legalName: settingText(200),
  address: settingText(200),
  postalCode: settingText(20),
  city: settingText(100),
  phone: settingText(40),
  email: settingText(200),
}

export const newSite = Joi.object(siteChange)

/** Only the fields that change (the record form sends those). */
export const siteUpdate = Joi.object(siteChange).min(1)

export const siteOpen = Joi.object({ open: Joi.boolean().required() })

/** A school of the list: the service says in French what is missing or too long. */
export const school = Joi.object({
  name: Joi.string().allow('').max(400).required(),
  city: Joi.string().allow('').max(400).required(),
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
