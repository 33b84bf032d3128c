import type { Clock } from '../clock.ts'
import type { Trx } from '../connection.ts'
import { sqlOf, type Sql } from '../prepared.ts'
import { DomainError } from '../errors.ts'
import { checkSite, NO_SITE_MESSAGES, type SiteFields } from '../rules/conservatoire.ts'
import { frenchSortKey } from '../rules/text.ts'
import { recordAudit } from './audit.ts'

/** Who changes the settings: the staff member, their address, the clock. */
export interface SettingsActor {
  staffUserId: number
  clientIp: string
  clock: Clock
}

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

export interface SiteRow {
  id: number
  name: string
  legal_name: string
  address: string
  postal_code: string
  city: string
  phone: string
  email: string
}

/** A row of `sites` as the Site the pages show. */
export function toSite(row: SiteRow): Site {
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
  return activeSites(await sqlOf(trx))
}

/** listActiveSites, in one prepared statement (the login page asks at every visit). */
export function activeSites(sql: Sql): Site[] {
  const rows = sql.all<SiteRow>('SELECT * FROM sites WHERE active = 1 ORDER BY position, id')
  return rows.map(toSite)
}

export async function getSite(trx: Trx, id: number): Promise<Site | undefined> {
  const row = await trx<SiteRow>('sites').where({ id }).first()
  return row ? toSite(row) : undefined
}

/** A site as "Paramètres" lists it: open or closed, and how many families it keeps. */
export interface SiteSettings extends Site {
  active: boolean
  families: number
}

/** Every site, open or closed, in display order, with its number of families (not archived). */
export async function listSites(trx: Trx): Promise<SiteSettings[]> {
  const families = trx('families')
    .whereRaw('families.site_id = sites.id')
    .whereNull('archived_at')
    .count('*')
  const rows = (await trx('sites')
    .select('sites.*', { families })
    .orderBy([{ column: 'position' }, { column: 'id' }])) as (SiteRow & {
    active: number | boolean
    families: number
  })[]
  return rows.map((row) => ({
    ...toSite(row),
    active: Boolean(row.active),
    families: Number(row.families),
  }))
}

export async function hasOpenSite(trx: Trx): Promise<boolean> {
  return anOpenSite(await sqlOf(trx))
}

/** hasOpenSite, in one prepared statement. */
export function anOpenSite(sql: Sql): boolean {
  return sql.get('SELECT id FROM sites WHERE active = 1 LIMIT 1') !== undefined
}

/** Refuses, with NO_SITE, what needs a site while none is open. */
export async function requireOpenSite(trx: Trx, audience: 'staff' | 'family'): Promise<void> {
  if (!(await hasOpenSite(trx))) throw new DomainError('NO_SITE', NO_SITE_MESSAGES[audience])
}

const SITE_COLUMNS = {
  name: 'name',
  legalName: 'legal_name',
  address: 'address',
  postalCode: 'postal_code',
  city: 'city',
  phone: 'phone',
  email: 'email',
} as const satisfies Record<keyof SiteFields, keyof SiteRow>

/** The checked fields of a site, or VALIDATION with a message per field; names are unique. */
async function checkedSite(
  trx: Trx,
  input: Partial<Record<keyof SiteFields, unknown>>,
  id: number | null,
): Promise<Record<string, string>> {
  const checked = checkSite(input)
  if (!checked.ok) {
    throw new DomainError(
      'VALIDATION',
      'Certains champs sont à corriger : voyez les messages sous ces champs.',
      checked.errors,
    )
  }
  const sameName = await trx('sites')
    .whereRaw('lower(name) = lower(?)', [checked.value.name])
    .modify((q) => {
      if (id !== null) void q.whereNot('id', id)
    })
    .first('id')
  if (sameName) {
    throw new DomainError('VALIDATION', 'Un autre site porte déjà ce nom.', {
      name: 'Un autre site porte déjà ce nom : les familles le choisissent par son nom.',
    })
  }
  return Object.fromEntries(
    Object.entries(SITE_COLUMNS).map(([key, column]) => [
      column,
      checked.value[key as keyof SiteFields],
    ]),
  )
}

/** A new site, open, after the others. */
export async function createSite(
  trx: Trx,
  input: Partial<Record<keyof SiteFields, unknown>>,
  actor: SettingsActor,
): Promise<{ siteId: number }> {
  const values = await checkedSite(trx, input, null)
  const last = await trx('sites').max<{ position: number | null }>('position as position').first()
  const [row] = await trx('sites')
    .insert({
      ...values,
      sort_key: frenchSortKey(values.name ?? ''),
      active: true,
      position: Number(last?.position ?? 0) + 1,
    })
    .returning<{ id: number }[]>('id')
  if (!row) throw new Error('sites insert returned no id')
  await audit(trx, actor, 'settings.site_created', row.id, values)
  return { siteId: row.id }
}

/** Changes some fields of a site; the others keep their value. */
export async function updateSite(
  trx: Trx,
  id: number,
  changes: Partial<Record<keyof SiteFields, unknown>>,
  actor: SettingsActor,
): Promise<void> {
  const current = await getSite(trx, id)
  if (!current) throw new DomainError('NOT_FOUND', 'Ce site est introuvable.')
  const values = await checkedSite(trx, { ...current, ...changes }, id)
  await trx('sites')
    .where({ id })
    .update({ ...values, sort_key: frenchSortKey(values.name ?? '') })
  await audit(trx, actor, 'settings.site_updated', id, values)
}

/**
 * Closes or reopens a site. A closed site keeps its families (and their records); its families
 * can no longer log in to the extranet, and it leaves the "Site" selects. The last open site
 * stays open.
 */
export async function setSiteOpen(
  trx: Trx,
  id: number,
  open: boolean,
  actor: SettingsActor,
): Promise<void> {
  const current = await getSite(trx, id)
  if (!current) throw new DomainError('NOT_FOUND', 'Ce site est introuvable.')
  if (!open) {
    const others = await trx('sites').where('active', true).whereNot('id', id).first('id')
    if (!others) {
      throw new DomainError(
        'CONFLICT',
        'Ce site est le dernier ouvert : ouvrez-en un autre avant de le fermer.',
      )
    }
  }
  await trx('sites').where({ id }).update({ active: open })
  await audit(trx, actor, open ? 'settings.site_reopened' : 'settings.site_closed', id, {})
}

function audit(
  trx: Trx,
  actor: SettingsActor,
  action: string,
  siteId: number,
  details: Record<string, unknown>,
): Promise<void> {
  return recordAudit(trx, {
    clock: actor.clock,
    actorType: 'staff',
    actorId: actor.staffUserId,
    action,
    entityType: 'site',
    entityId: siteId,
    clientIp: actor.clientIp,
    details,
  })
}
