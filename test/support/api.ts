import type { Server, ServerInjectOptions, ServerInjectResponse } from '@hapi/hapi'
import { expect } from 'vitest'
import { cookieFrom, DEMO_PASSWORD, json, type TestServer } from './server.ts'
import { linkIn, tokenOf, type SmtpCatcher } from './smtp.ts'

// The HTTP side of the integration tests: logging in, then asking as the back office or as a
// family, through real injection into the server's listeners.

/** What a test reads of an answer. */
export interface Answer {
  statusCode: number
  headers: ServerInjectResponse['headers']
  payload: string
  /** The body's bytes (a file: an export). */
  rawPayload: Buffer
  /** The JSON body, parsed when read: reading it on an answer that is not JSON throws. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers loosely, then assert
  readonly body: any
}

/** More of a request: a client address, headers besides the session cookie. */
export type Extra = Pick<ServerInjectOptions, 'remoteAddress'> & {
  headers?: Record<string, string>
}

/** One listener, asked with one session cookie (or none). */
export interface Client {
  get(url: string, extra?: Extra): Promise<Answer>
  /** GET, then the JSON body. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers loosely, then assert
  read(url: string): Promise<any>
  post(url: string, payload?: object | string, extra?: Extra): Promise<Answer>
  put(url: string, payload?: object): Promise<Answer>
  del(url: string): Promise<Answer>
}

function answer(res: ServerInjectResponse): Answer {
  return {
    statusCode: res.statusCode,
    headers: res.headers,
    payload: res.payload,
    rawPayload: res.rawPayload,
    get body() {
      return json(res)
    },
  }
}

function client(listener: Server, cookie?: string): Client {
  const send = async (method: string, url: string, payload?: object | string, extra?: Extra) =>
    answer(
      await listener.inject({
        method,
        url,
        ...(payload === undefined ? {} : { payload }),
        ...(extra?.remoteAddress === undefined ? {} : { remoteAddress: extra.remoteAddress }),
        headers: { ...(cookie === undefined ? {} : { cookie }), ...extra?.headers },
      }),
    )
  return {
    get: (url, extra) => send('GET', url, undefined, extra),
    read: async (url) => (await send('GET', url)).body,
    post: (url, payload, extra) => send('POST', url, payload, extra),
    put: (url, payload) => send('PUT', url, payload),
    del: (url) => send('DELETE', url),
  }
}

/** The back office's listener, with this session cookie, or none. */
export const asStaff = (server: TestServer, cookie?: string): Client => client(server.staff, cookie)

/** The families' listener, with this session cookie, or none. */
export const asFamily = (server: TestServer, cookie?: string): Client =>
  client(server.portal, cookie)

/** The session cookie of a login that succeeded. */
export function sessionCookie(login: Answer): string {
  expect(login.statusCode).toBe(204)
  return cookieFrom(login.headers['set-cookie'])
}

/** A back-office login, the demo administrator's by default. */
export const staffLogin = (server: TestServer, login = 'admin', password = DEMO_PASSWORD) =>
  asStaff(server).post('/api/staff/session', { login, password })

/** A session of the back office, the demo administrator's by default. */
export const staffCookie = async (server: TestServer, login?: string, password?: string) =>
  sessionCookie(await staffLogin(server, login, password))

/** A family's login on the portal, with the demo password by default. */
export const familyLogin = (
  server: TestServer,
  siteId: number,
  login: string,
  password = DEMO_PASSWORD,
  extra?: Extra,
) => asFamily(server).post('/api/family/session', { siteId, login, password }, extra)

/** A session of a family on the portal, with the demo password by default. */
export const familyCookie = async (
  server: TestServer,
  siteId: number,
  login: string,
  password?: string,
) => sessionCookie(await familyLogin(server, siteId, login, password))

/** How the family's home answers this cookie: 200 while the session holds, 401 once it ends. */
export const homeStatus = async (server: TestServer, cookie: string) =>
  (await asFamily(server, cookie).get('/api/family/home')).statusCode

/** A guardian shut out of the extranet: the open session answers 401, logging in again too. */
export async function expectShutOut(
  server: TestServer,
  guardian: { cookie: string; siteId: number; login: string },
): Promise<void> {
  expect(await homeStatus(server, guardian.cookie)).toBe(401)
  expect((await familyLogin(server, guardian.siteId, guardian.login)).statusCode).toBe(401)
}

/** A "Mot de passe perdu" request. */
export const askReset = (
  server: TestServer,
  who: { siteId: number; login: string; email: string },
  extra?: Extra,
) =>
  asFamily(server).post(
    '/api/family/password-reset-requests',
    { siteId: who.siteId, login: who.login, email: who.email },
    extra,
  )

/** The last mail of this kind written to the outbox table. */
export const lastMail = (server: TestServer, kind: string) =>
  server.db('outbox').where({ kind }).orderBy('id', 'desc').first()

/**
 * The token of the last link to choose a password, as the mail just sent carries it (links are
 * made when a mail is sent: the outbox never holds one).
 */
export async function sentLinkToken(server: TestServer, smtp: SmtpCatcher): Promise<string> {
  const before = smtp.mails.length
  await server.mailer.runOnce()
  const mails = await smtp.waitFor(before + 1)
  const withLink = mails.filter((m) => m.text.includes('jeton='))
  return tokenOf(linkIn(withLink.at(-1)))
}

/** Decides a change request as the back office does: on the revision it has just shown. */
export async function decide(
  staff: Client,
  id: number,
  decisions: Record<string, string>,
  comment = '',
): Promise<Answer> {
  const { revision } = await staff.read(`/api/staff/change-requests/${id}`)
  return staff.post(`/api/staff/change-requests/${id}/decision`, { revision, decisions, comment })
}
