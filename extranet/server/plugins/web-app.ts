import fs from 'node:fs'
import path from 'node:path'
import Boom from '@hapi/boom'
import Inert from '@hapi/inert'
import type { Plugin, ResponseToolkit } from '@hapi/hapi'

export interface WebAppOptions {
  /** The folder of the built app (index.html and assets/). */
  root: string
  /** The API prefix of this listener: everything else is the app. */
  apiPrefix: string
  /** The Content-Security-Policy of the app's page (default: CONTENT_SECURITY_POLICY). */
  contentSecurityPolicy?: string
}

/**
 * What the apps' pages may load and run: scripts of their own only (no inline script, no eval),
 * styles of their own and inline ones (Vuetify sets style attributes and its theme), nothing in a
 * frame, no plugin, no other base. A script slipped into a page by an attacker does not run.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ')

/**
 * The back office's policy: the same, and the documents families gave shown in the page from the
 * bytes the app fetched (an object URL, `blob:`): images in an img, PDFs in a frame. Nothing else
 * may be framed, and no other origin's image loads.
 */
export const STAFF_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
  "img-src 'self' data:",
  "img-src 'self' data: blob:",
).replace("object-src 'none'", "frame-src blob:; object-src 'none'")

/**
 * The .br and .gz twins that the build writes beside each asset (scripts/precompress.ts), sent
 * as they are; a file without twin is compressed by hapi as it goes. (inert's types give
 * lookupMap to its file handler only; its directory handler takes it too.)
 */
const COMPRESSED_TWINS = { lookupCompressed: true, lookupMap: { br: '.br', gzip: '.gz' } }

/** The app's own page, for every path of the browser that is not a file: the router shows it. */
export function appIndex(root: string, policy = CONTENT_SECURITY_POLICY) {
  return (h: ResponseToolkit) => {
    const index = path.join(root, 'index.html')
    if (!fs.existsSync(index)) {
      return h
        .response('L’application n’est pas construite : lancez « npm run build ».')
        .type('text/plain; charset=utf-8')
        .code(503)
    }
    return h
      .file(index, { confine: false })
      .header('cache-control', 'no-store')
      .header('content-security-policy', policy)
  }
}

/**
 * Serves a built Vue app (@hapi/inert): hashed assets for a year, compressed at build time,
 * index.html never cached (so the back button after Déconnexion asks the server again). Unknown API paths answer 404 JSON.
 */
export const webApp: Plugin<WebAppOptions> = {
  name: 'portee-web-app',
  async register(server, options) {
    await server.register(Inert)
    server.route([
      {
        // Explicit methods: hapi would try GET /{file*} before a '*' route.
        method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
        path: `${options.apiPrefix}/{any*}`, // also the bare prefix itself
        options: { auth: false },
        handler() {
          throw Boom.notFound()
        },
      },
      {
        method: 'GET',
        path: '/assets/{file*}',
        options: {
          auth: false,
          validate: { query: true },
          ext: {
            onPreResponse: {
              method(request, h) {
                const response = request.response
                if (!('isBoom' in response && response.isBoom) && 'header' in response) {
                  response.header('cache-control', 'public, max-age=31536000, immutable')
                }
                return h.continue
              },
            },
          },
        },
        handler: {
          directory: {
            path: path.join(options.root, 'assets'),
            redirectToSlash: false,
            index: false,
            ...COMPRESSED_TWINS,
          },
        },
      },
      {
        method: 'GET',
        path: '/{file*}',
        // The apps' own pages take any query (?jeton=…, ?q=…): their router reads it.
        options: { auth: false, validate: { query: true } },
        handler(request, h) {
          const file = request.params['file'] as string | undefined
          if (file && /^[\w.-]+\.(ico|png|svg|webmanifest|txt)$/.test(file)) {
            const full = path.join(options.root, file)
            if (fs.existsSync(full)) return h.file(full, { confine: false })
          }
          return appIndex(options.root, options.contentSecurityPolicy)(h)
        },
      },
    ])
  },
}
