import { createHash } from 'node:crypto'
import { isoNow } from '../clock.ts'
import type { Trx } from '../connection.ts'
import { sqlOf, type Sql } from '../prepared.ts'
import { DomainError } from '../errors.ts'
import { checkIdentity, type ConservatoireIdentity } from '../rules/conservatoire.ts'
import { checkLogo, type LogoType } from '../rules/logo.ts'
import { recordAudit } from './audit.ts'
import { hasOpenSite, type SettingsActor } from './sites.ts'

/** The identity, and its logo's type and version (the bytes are read on their own). */
export interface Conservatoire extends ConservatoireIdentity {
  logo: { type: LogoType; version: string } | null
}

interface Row {
  name: string
  address: string
  postal_code: string
  city: string
  phone: string
  email: string
  website: string
  siret: string
  controller_name: string
  controller_email: string
  dpo_name: string
  dpo_email: string
  home_text: string
  logo_type: LogoType | null
  logo_version: string | null
}

/** A row of SELECT_CONSERVATOIRE. */
type IdentityRow = ConservatoireIdentity & Pick<Row, 'logo_type' | 'logo_version'>

const COLUMNS = {
  name: 'name',
  address: 'address',
  postalCode: 'postal_code',
  city: 'city',
  phone: 'phone',
  email: 'email',
  website: 'website',
  siret: 'siret',
  controllerName: 'controller_name',
  controllerEmail: 'controller_email',
  dpoName: 'dpo_name',
  dpoEmail: 'dpo_email',
  homeText: 'home_text',
} as const satisfies Record<keyof ConservatoireIdentity, keyof Row>

/** The conservatoire's identity; null until the first run has saved it. */
export async function getConservatoire(trx: Trx): Promise<Conservatoire | null> {
  return conservatoireOf(await sqlOf(trx))
}

// Each column under the name of its field: a row is the identity as it is, with its logo's columns.
const SELECT_CONSERVATOIRE = `SELECT ${Object.entries(COLUMNS)
  .map(([key, column]) => `${column} AS ${key}`)
  .join(', ')}, logo_type, logo_version FROM conservatoire WHERE id = 1`

/** getConservatoire, in one prepared statement (every Accueil shows it). */
export function conservatoireOf(sql: Sql): Conservatoire | null {
  const row = sql.get<IdentityRow>(SELECT_CONSERVATOIRE)
  if (!row) return null
  const { logo_type: type, logo_version: version, ...identity } = row
  return { ...identity, logo: type && version ? { type, version } : null }
}

/** Saves the identity ("Paramètres", first run): every field checked, nothing kept if one is wrong. */
export async function saveConservatoire(
  trx: Trx,
  input: Partial<Record<keyof ConservatoireIdentity, unknown>>,
  actor: SettingsActor,
): Promise<Conservatoire> {
  const checked = checkIdentity(input)
  if (!checked.ok) {
    throw new DomainError(
      'VALIDATION',
      'Certains champs sont à corriger : voyez les messages sous ces champs.',
      checked.errors,
    )
  }
  const now = isoNow(actor.clock)
  const values = Object.fromEntries(
    Object.entries(COLUMNS).map(([key, column]) => [
      column,
      checked.value[key as keyof ConservatoireIdentity],
    ]),
  )
  await trx('conservatoire')
    .insert({ id: 1, ...values, created_at: now, updated_at: now })
    .onConflict('id')
    .merge({ ...values, updated_at: now })
  const { homeText: _text, ...details } = checked.value
  await recordAudit(trx, {
    clock: actor.clock,
    actorType: 'staff',
    actorId: actor.staffUserId,
    action: 'settings.conservatoire_saved',
    clientIp: actor.clientIp,
    details,
  })
  const saved = await getConservatoire(trx)
  if (!saved) throw new Error('conservatoire row not saved')
  return saved
}

/** Sets the logo, after checking its bytes (type by content, SVG without script or reference). */
export async function setLogo(
  trx: Trx,
  bytes: Uint8Array,
  actor: SettingsActor,
): Promise<{ type: LogoType; version: string }> {
  const checked = checkLogo(bytes)
  if (!checked.ok) throw new DomainError('VALIDATION', checked.error, { logo: checked.error })
  if (!(await getConservatoire(trx))) {
    const message = 'Enregistrez d’abord l’identité du conservatoire, puis son logo.'
    throw new DomainError('VALIDATION', message, { logo: message })
  }
  const version = createHash('sha256').update(bytes).digest('hex').slice(0, 16)
  await trx('conservatoire')
    .where({ id: 1 })
    .update({
      logo: Buffer.from(bytes),
      logo_type: checked.type,
      logo_version: version,
      updated_at: isoNow(actor.clock),
    })
  await recordAudit(trx, {
    clock: actor.clock,
    actorType: 'staff',
    actorId: actor.staffUserId,
    action: 'settings.logo_saved',
    clientIp: actor.clientIp,
    details: { type: checked.type, bytes: bytes.length },
  })
  return { type: checked.type, version }
}

export async function removeLogo(trx: Trx, actor: SettingsActor): Promise<void> {
  await trx('conservatoire')
    .where({ id: 1 })
    .update({ logo: null, logo_type: null, logo_version: null, updated_at: isoNow(actor.clock) })
  await recordAudit(trx, {
    clock: actor.clock,
    actorType: 'staff',
    actorId: actor.staffUserId,
    action: 'settings.logo_removed',
    clientIp: actor.clientIp,
  })
}

/** The logo's bytes and type; NOT_FOUND when there is none. */
export async function getLogo(
  trx: Trx,
): Promise<{ bytes: Buffer; type: LogoType; version: string }> {
  const row = await trx('conservatoire')
    .where({ id: 1 })
    .whereNotNull('logo')
    .first<{ logo: Buffer; logo_type: LogoType; logo_version: string } | undefined>(
      'logo',
      'logo_type',
      'logo_version',
    )
  if (!row) throw new DomainError('NOT_FOUND', 'Le conservatoire n’a pas de logo.')
  return { bytes: row.logo, type: row.logo_type, version: row.logo_version }
}

/** Where the first run stands: the identity saved, a site open. */
export async function firstRunState(trx: Trx): Promise<{ conservatoire: boolean; sites: boolean }> {
  const row = await trx('conservatoire').where({ id: 1 }).first<{ id: number } | undefined>('id')
  return { conservatoire: row !== undefined, sites: await hasOpenSite(trx) }
}
