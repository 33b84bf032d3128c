import Boom from '@hapi/boom'
import type { Lifecycle, Request, ResponseToolkit, Server } from '@hapi/hapi'
import Joi, { type ValidationError } from 'joi'
import { DomainError, type DomainErrorCode } from '../../db/errors.ts'
import { storageProblem, storageRefusal } from '../../db/storage.ts'
import type { ApiErrorBody, ApiErrorCode } from '../api/types.ts'

const STATUS_OF: Record<DomainErrorCode, number> = {
  INVALID_CREDENTIALS: 401,
  NOT_FOUND: 404,
  SESSION_EXPIRED: 401,
  UNAUTHENTICATED: 401,
  VALIDATION: 400,
  CONFLICT: 409,
  THROTTLED: 429,
  LINK_EXPIRED: 410,
  SETUP_REQUIRED: 409,
  NO_SITE: 409,
  ALREADY_SET_UP: 409,
  FORBIDDEN_ORIGIN: 403,
  UNSUPPORTED_MEDIA: 415,
  BUSY: 503,
  TIMEOUT: 408,
  STORAGE: 503,
  SMTP_FAILED: 502,
}

/** French texts for the errors that do not come from a domain service. */
const MESSAGE_OF_STATUS: Record<number, { code: ApiErrorCode; message: string }> = {
  400: { code: 'VALIDATION', message: 'La demande est incorrecte.' },
  401: { code: 'UNAUTHENTICATED', message: 'Vous devez vous connecter.' },
  403: { code: 'FORBIDDEN', message: 'Vous n’avez pas accès à cette page.' },
  404: { code: 'NOT_FOUND', message: 'Cette adresse n’existe pas.' },
  405: { code: 'NOT_FOUND', message: 'Cette adresse n’existe pas.' },
  408: {
    code: 'TIMEOUT',
    message:
      'Les données envoyées sont arrivées trop lentement : la demande est abandonnée. Réessayez.',
  },
  413: { code: 'VALIDATION', message: 'Les données envoyées sont trop volumineuses.' },
  415: { code: 'VALIDATION', message: 'Le format des données envoyées n’est pas accepté.' },
}

/** Joi's messages, in French, for the field-keyed details of a 400. */
export const joiMessagesFr = {
  'any.required': 'Ce champ est obligatoire.',
  'any.only': 'Cette valeur n’est pas permise.',
  'any.invalid': 'Cette valeur n’est pas permise.',
  'string.empty': 'Ce champ est obligatoire.',
  'string.base': 'Ce champ doit être un texte.',
  'string.max': 'Ce champ est trop long ({#limit} caractères au plus).',
  'string.min': 'Ce champ est trop court ({#limit} caractères au moins).',
  'string.pattern.base': 'Ce champ n’a pas le format attendu.',
  'number.base': 'Ce champ doit être un nombre.',
  'number.integer': 'Ce champ doit être un nombre entier.',
  'number.min': 'Ce nombre doit valoir au moins {#limit}.',
  'number.max': 'Ce nombre doit valoir au plus {#limit}.',
  'object.unknown': 'Ce champ n’est pas attendu.',
  'object.base': 'Les données envoyées ne sont pas au format attendu.',
  'object.min': 'Au moins un champ est attendu.',
  'object.max': 'Trop de champs ont été envoyés.',
  'object.pattern.match': 'Ce champ n’est pas attendu.',
  'alternatives.types': 'Cette valeur n’a pas le type attendu.',
  'alternatives.match': 'Cette valeur n’a pas le type attendu.',
  'boolean.base': 'Cette valeur doit être vrai ou faux.',
  'array.base': 'Une liste est attendue.',
  'array.min': 'La liste doit compter au moins {#limit} élément(s).',
  'array.max': 'La liste doit compter au plus {#limit} éléments.',
  'array.unique': 'La liste contient deux fois la même valeur.',
  'any.unknown': 'Ce champ n’est pas attendu.',
  'string.email': 'Cette adresse e-mail n’est pas valide.',
  'string.lowercase': 'Ce champ doit être en minuscules.',
  'date.base': 'Cette date n’est pas valide.',
}

/**
 * How every route validates: every error at once, in French, labels without quotes. Set on the
 * schemas themselves (`validateInFrench`), never as hapi's `validate.options`: hapi hands those to
 * joi afresh at each request, and joi then compiles the messages again (about 30 µs a request).
 */
export const joiPrefsFr: Joi.ValidationOptions = {
  abortEarly: false,
  messages: joiMessagesFr,
  errors: { wrap: { label: false } },
}

const SOURCES = ['headers', 'params', 'query', 'payload', 'state'] as const

/**
 * Gives the schemas of every route of `server` the French preferences, compiled once here (call it
 * once its routes are added), and validates with them through a function (no joi options at each
 * request, no context: no schema refers to `$` values). A route's own schema must not set
 * preferences of its own at its top (they would be overridden): fields' `.messages()` are kept.
 * The routes that validate with a function (`idParams`, the default `noQuery`) give their schemas
 * `joiPrefsFr` themselves.
 */
export function validateInFrench(server: Server): void {
  for (const route of server.table()) {
    const validate = route.settings.validate as Partial<Record<string, unknown>> | undefined
    if (!validate) continue
    for (const source of SOURCES) {
      const schema = validate[source]
      if (!Joi.isSchema(schema)) continue
      if ((schema as { _preferences?: unknown })._preferences)
        throw new Error(`${route.method} ${route.path}: preferences on the ${source}'s schema`)
      const french = schema.prefs(joiPrefsFr)
      // hapi calls joi with options at every request (the request as `context`), and joi then
      // merges the schema's preferences afresh, compiling their messages (about 15 µs a request);
      // called without options, joi keeps the merge it made the first time.
      validate[source] = (value: unknown) => french.validateAsync(value)
    }
  }
}

function isJoiError(err: unknown): err is ValidationError {
  return typeof err === 'object' && err !== null && (err as { isJoi?: boolean }).isJoi === true
}

/** Route-default failAction: a payload, query or params the route does not expect → 400 in French. */
export const failAction: Lifecycle.Method = (_request, _h, err) => {
  const details: Record<string, string> = {}
  if (isJoiError(err)) {
    for (const item of err.details) {
      const key = item.path.join('.') || 'payload'
      details[key] ??= item.message
    }
  }
  const boom = Boom.badRequest('Les données envoyées sont incorrectes. Vérifiez votre saisie.')
  ;(boom.output.payload as unknown as ApiErrorBody) = {
    statusCode: 400,
    code: 'VALIDATION',
    message: boom.message,
    details,
  }
  throw boom
}

function body(
  statusCode: number,
  code: ApiErrorCode,
  message: string,
  details: Record<string, string>,
): ApiErrorBody {
  return { statusCode, code, message, details }
}

/**
 * One onPreResponse extension for both listeners: domain errors become Boom answers with their
 * code and French message; every other error keeps its status with a French message and no stack.
 * `isApi` tells an API path (errors in JSON) from a page of the app (its index.html on 404).
 */
export function registerErrorHandling(
  server: Server,
  options: {
    isApi: (request: Request) => boolean
    appIndex: (h: ResponseToolkit) => Lifecycle.ReturnValue
  },
): void {
  server.ext('onPreResponse', (request, h) => {
    const response = request.response
    if (!('isBoom' in response) || !response.isBoom) {
      // API answers are never cached, unless the route says otherwise (the logo).
      if (options.isApi(request) && 'header' in response && !response.headers['cache-control'])
        response.header('cache-control', 'no-store')
      return h.continue
    }
    const err = response as Boom.Boom & { cause?: unknown }
    const domain =
      err instanceof DomainError ? err : err.data instanceof DomainError ? err.data : null
    if (domain) {
      const status = STATUS_OF[domain.code]
      const answer = h.response(body(status, domain.code, domain.message, domain.details))
      // A wait is said to the browser too, not only in the body.
      const wait = domain.details['retryAfterSeconds']
      if (wait) answer.header('retry-after', wait)
      return answer.code(status)
    }
    // The disk is full or read-only: the transaction was rolled back; the admin reads the log.
    const problem = storageProblem(err)
    if (problem) {
      request.log(['error'], err)
      const answer = h.response(body(503, 'STORAGE', storageRefusal(problem), {}))
      return answer.code(503).header('retry-after', '60')
    }
    const status = err.output.statusCode
    // A missing asset (an old chunk after an upgrade) is a plain 404, not the app's page.
    if (
      status === 404 &&
      request.method === 'get' &&
      !options.isApi(request) &&
      !request.path.startsWith('/assets/')
    ) {
      return options.appIndex(h)
    }
    if (status === 401 && request.app.sessionExpired) {
      const expired = body(
        401,
        'SESSION_EXPIRED',
        'Votre session a expiré. Veuillez vous reconnecter.',
        {},
      )
      return h.response(expired).code(401)
    }
    const payload = err.output.payload as unknown as Partial<ApiErrorBody>
    if (payload.code) return h.continue // already in the contract (failAction, authentication)
    if (status >= 500) request.log(['error'], err)
    const known = MESSAGE_OF_STATUS[status] ?? {
      code: 'INTERNAL' as const,
      message: 'Une erreur inattendue est survenue. Réessayez dans un instant.',
    }
    const answer = h.response(body(status, known.code, known.message, {})).code(status)
    for (const [name, value] of Object.entries(err.output.headers)) {
      if (name.toLowerCase() !== 'www-authenticate' && value !== undefined)
        answer.header(name, String(value))
    }
    return answer
  })
}
