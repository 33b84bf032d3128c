import http from 'node:http'
import type { Socket } from 'node:net'
import type { Request, ResponseToolkit, Server } from '@hapi/hapi'
import type { ApiErrorBody } from '../api/types.ts'
import type { RequestTimeouts } from './config.ts'

/** The headers of a request must arrive within this time, whatever the time allowed for its body. */
const HEADERS_MS = 30_000

/** The connections whose request took longer than allowed to arrive. */
const timedOut = new WeakSet<Socket>()

/**
 * The HTTP server under a hapi listener, with a bound on the time a client may take to send its
 * request (headers and body). Hapi's own payload timeout alone is not enough: after it, hapi
 * still waits for the rest of the body before answering, so a client that stalls half-way would
 * hold the connection for minutes. Node's request timeout closes it: hapi then answers the
 * request it is working on, which `answerTimedOut` turns into a 408 in French.
 */
export function boundedListener(bounds: RequestTimeouts): http.Server {
  const listener = http.createServer({
    requestTimeout: bounds.requestMs,
    headersTimeout: Math.min(bounds.requestMs, HEADERS_MS),
    // How often Node looks for requests over time (30 s by default: far too coarse here).
    connectionsCheckingInterval: Math.min(1000, Math.ceil(bounds.requestMs / 4)),
  })
  listener.prependListener('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') timedOut.add(socket)
  })
  return listener
}

/** A request whose body did not arrive in time gets 408, in French, and its connection closed. */
export function answerTimedOut(server: Server): void {
  server.ext('onPreResponse', (request: Request, h: ResponseToolkit) => {
    const socket = request.raw.req.socket as Socket | null
    if (!socket || !timedOut.has(socket)) return h.continue
    const body: ApiErrorBody = {
      statusCode: 408,
      code: 'TIMEOUT',
      message:
        'Les données envoyées sont arrivées trop lentement : la demande est abandonnée. Réessayez.',
      details: {},
    }
    return h.response(body).code(408).header('connection', 'close')
  })
}
