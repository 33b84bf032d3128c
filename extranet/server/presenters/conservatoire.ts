import type { ReqRef, ResponseToolkit } from '@hapi/hapi'
import { DEFAULT_HOME_TEXT } from '../../../db/rules/conservatoire.ts'
import type { Conservatoire } from '../../../db/services/conservatoire.ts'
import type { LogoType } from '../../../db/rules/logo.ts'
import type { SiteSettings } from '../../../db/services/sites.ts'
import type { ConservatoireView, FamilyHome, PortalBrand, SiteView } from '../../api/types.ts'

/** The logo's address on a listener: versioned, so that a browser may keep it for a year. */
export function logoUrl(
  prefix: '/api/staff' | '/api/family',
  c: Conservatoire | null,
): string | null {
  return c?.logo ? `${prefix}/conservatoire/logo?v=${c.logo.version}` : null
}

export function conservatoireView(c: Conservatoire): ConservatoireView {
  const { logo: _logo, ...identity } = c
  return { ...identity, logoUrl: logoUrl('/api/staff', c) }
}

export function portalBrand(c: Conservatoire | null, open: boolean): PortalBrand {
  return { name: c?.name ?? '', logoUrl: logoUrl('/api/family', c), open }
}

/** The Accueil's text and the contact for personal data, as a family reads them. */
export function homeConservatoire(c: Conservatoire | null): FamilyHome['conservatoire'] {
  const contact = c?.dpoEmail
    ? { name: c.dpoName, email: c.dpoEmail }
    : c?.controllerEmail
      ? { name: c.controllerName, email: c.controllerEmail }
      : null
  return { homeText: c?.homeText || DEFAULT_HOME_TEXT, privacyContact: contact }
}

export function siteView(site: SiteSettings): SiteView {
  return { ...site }
}

/**
 * The logo's bytes, served so that no browser takes them for anything else: the type decided
 * from the content, no sniffing, and for an SVG opened on its own, no script, no fetch.
 */
export function logoResponse<R extends ReqRef>(
  h: ResponseToolkit<R>,
  logo: { bytes: Buffer; type: LogoType; version: string },
  askedVersion: string | undefined,
) {
  return h
    .response(logo.bytes)
    .type(logo.type)
    .etag(logo.version)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
    .header(
      'cache-control',
      askedVersion === logo.version ? 'public, max-age=31536000, immutable' : 'no-cache',
    )
}
