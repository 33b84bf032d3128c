import Boom from '@hapi/boom'
import type { Request, ResponseToolkit, Server } from '@hapi/hapi'
import { DomainError } from '../../db/errors.ts'

const READS = new Set(['get', 'head', 'options'])

/**
 * The addresses another site calls on purpose: PayFiP notifies a payment's end (server to server)
 * and sends the payer's browser back with a form of its own page (portal-payfip.ts). Neither uses
 * a session, and neither changes anything on the word of its caller: both only ask PayFiP itself
 * how the operation ended.
 */
const CROSS_SITE_PATHS = new Set(['/api/payfip/notification', '/api/payfip/retour'])

/** The origins a browser page of this listener has: its own address, and PUBLIC_URL's. */
function ownOrigins(request: Request, publicUrl: string | null): string[] {
  const origins = [`${request.server.info.protocol}://${request.info.host}`]
  if (publicUrl) origins.push(new URL(publicUrl).origin)
  return origins
}

/**
 * Refuses a change that a page of another origin asks for with the user's cookie (cross-site
 * request forgery, including from another port of the same host, which SameSite does not stop):
 * a browser says where a request comes from (Sec-Fetch-Site, Origin), and only this listener's
 * own pages may change anything. A body must say it is JSON: without a Content-Type, a page of
 * any origin could send one that needs no permission from the browser.
 */
export function guardSameOrigin(server: Server, options: { publicUrl: string | null }): void {
  server.ext('onRequest', (request: Request, h: ResponseToolkit) => {
    if (READS.has(request.method) || CROSS_SITE_PATHS.has(request.path)) return h.continue
    const site = request.headers['sec-fetch-site']
    const origin = request.headers['origin']
    const foreign =
      (site !== undefined && site !== 'same-origin') ||
      (origin !== undefined && !ownOrigins(request, options.publicUrl).includes(String(origin)))
    if (foreign) {
      const refusal = new DomainError(
        'FORBIDDEN_ORIGIN',
        'Cette demande vient d’une autre page que Portée : elle est refusée.',
      )
      throw Boom.forbidden(refusal.message, refusal)
    }
    const hasBody =
      Number(request.headers['content-length'] ?? 0) > 0 ||
      request.headers['transfer-encoding'] !== undefined
    if (hasBody && !request.headers['content-type']) {
      const refusal = new DomainError(
        'UNSUPPORTED_MEDIA',
        'Le format des données envoyées n’est pas accepté : du JSON est attendu.',
      )
      throw Boom.unsupportedMediaType(refusal.message, refusal)
    }
    return h.continue
  })
}
