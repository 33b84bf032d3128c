import type { FamilyHome as HomeData } from '../../../db/services/portal.ts'
import type { Site } from '../../../db/services/sites.ts'
import type { FamilyHome, SiteOption } from '../../api/types.ts'
import { homeConservatoire } from './conservatoire.ts'

export function siteOption(site: Site): SiteOption {
  return { id: site.id, name: site.name }
}

/** The family's Accueil: what the page shows, no more (no ids of the family, no site contact). */
export function familyHome(home: HomeData): FamilyHome {
  const { guardian, site } = home
  return {
    guardian: {
      civility: guardian.civility,
      lastName: guardian.lastName,
      firstName: guardian.firstName,
    },
    pupils: home.pupils,
    conservatoire: homeConservatoire(home.conservatoire),
    site: {
      name: site.name,
      legalName: site.legalName,
      address: site.address,
      postalCode: site.postalCode,
      city: site.city,
    },
  }
}
