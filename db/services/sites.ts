import type { Trx } from '../connection.ts'

export interface Site {
  id: number
  name: string
  legalName: string
  address: string
  postalCode: string
  city: string
  phone: string
  email: string
}

interface SiteRow {
  id: number
  name: string
  legal_name: string
  address: string
  postal_code: string
  city: string
  phone: string
  email: string
}

function toSite(row: SiteRow): Site {
  return {
    id: row.id,
    name: row.name,
    legalName: row.legal_name,
    address: row.address,
    postalCode: row.postal_code,
    city: row.city,
    phone: row.phone,
    email: row.email,
  }
}

/** The active sites, in their display order: the "Site" select of the login page. */
export async function listActiveSites(trx: Trx): Promise<Site[]> {
  const rows = await trx<SiteRow>('sites')
    .where('active', true)
    .orderBy([{ column: 'position' }, { column: 'id' }])
  return rows.map(toSite)
}

export async function getSite(trx: Trx, id: number): Promise<Site | undefined> {
  const row = await trx<SiteRow>('sites').where({ id }).first()
  return row ? toSite(row) : undefined
}
