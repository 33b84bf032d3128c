import type { Trx } from '../connection.ts'
import { DomainError } from '../errors.ts'
import type { Sql } from '../prepared.ts'
import { ACTIVE_GUARDIAN } from './access.ts'
import { conservatoireOf, type Conservatoire } from './conservatoire.ts'
import type { FieldValue } from '../rules/record-fields.ts'
import type { PendingState } from './change-requests/requests.ts'
import { pendingState, pendingStates } from './change-requests/requests.ts'
import { submitChanges } from './change-requests/submit.ts'
import {
  fieldColumns,
  followedGuardian,
  recordValues,
  valuesOfRow,
  type Target,
} from './records.ts'
import { toSite, type Site, type SiteRow } from './sites.ts'

/** The pupils of a family that are not archived, in the order they were added. */
function familyPupils(
  sql: Sql,
  familyId: number,
): { id: number; lastName: string; firstName: string }[] {
  const rows = sql.all<{ id: number; last_name: string; first_name: string }>(
    `SELECT id, last_name, first_name FROM pupils
      WHERE family_id = ? AND archived_at IS NULL ORDER BY id`,
    familyId,
  )
  return rows.map((p) => ({ id: p.id, lastName: p.last_name, firstName: p.first_name }))
}

export interface FamilyHome {
  guardian: { id: number; civility: string; lastName: string; firstName: string }
  familyId: number
  pupils: { id: number; lastName: string; firstName: string }[]
  site: Site
  conservatoire: Conservatoire | null
}

/** The guardian, if they may use the extranet (activeGuardians), with their site. */
const HOME_GUARDIAN = `SELECT guardians.id AS guardian_id, guardians.family_id, guardians.civility,
    guardians.last_name AS guardian_last_name, guardians.first_name AS guardian_first_name,
    sites.id, sites.name, sites.legal_name, sites.address, sites.postal_code, sites.city,
    sites.phone, sites.email
  FROM guardians
  JOIN families ON families.id = guardians.family_id
  JOIN sites ON sites.id = guardians.site_id
  WHERE guardians.id = ? AND ${ACTIVE_GUARDIAN}`

/** What the "Accueil" page of a logged-in guardian shows: three prepared statements. */
export function getFamilyHome(sql: Sql, guardianId: number): FamilyHome {
  const row = sql.get<
    SiteRow & {
      guardian_id: number
      family_id: number
      civility: string
      guardian_last_name: string
      guardian_first_name: string
    }
  >(HOME_GUARDIAN, guardianId)
  if (!row) throw new DomainError('NOT_FOUND', 'Ce compte est introuvable.')
  return {
    guardian: {
      id: row.guardian_id,
      civility: row.civility,
      lastName: row.guardian_last_name,
      firstName: row.guardian_first_name,
    },
    familyId: row.family_id,
    pupils: familyPupils(sql, row.family_id),
    site: toSite(row),
    conservatoire: conservatoireOf(sql),
  }
}

/** A record with the values waiting in the sas, as "Famille" and "Élèves" show it. */
export interface RecordWithPending {
  id: number
  values: Record<string, FieldValue>
  pending: PendingState | null
}

async function withPending(trx: Trx, target: Target): Promise<RecordWithPending> {
  return {
    id: target.id,
    values: await recordValues(trx, target),
    pending: await pendingState(trx, target),
  }
}

const FAMILY_GUARDIANS = `SELECT id, rank, ${fieldColumns('guardian')} FROM guardians
  WHERE family_id = ? AND archived_at IS NULL ORDER BY rank`

const FAMILY_PUPIL = `SELECT pupils.family_id, pupils.guardian_id, ${fieldColumns('pupil', 'pupils')}
  FROM pupils JOIN families ON families.id = pupils.family_id
  WHERE pupils.id = ? AND pupils.archived_at IS NULL AND families.archived_at IS NULL`

/** "Famille": the guardians of the family (one's own record first or not, ranked), its pupils. */
export function familyRecords(
  sql: Sql,
  auth: { familyId: number; guardianId: number },
): {
  guardians: (RecordWithPending & { rank: number; self: boolean })[]
  pupils: { id: number; lastName: string; firstName: string; pending: boolean }[]
} {
  const guardians = sql.all<Record<string, unknown> & { id: number; rank: number }>(
    FAMILY_GUARDIANS,
    auth.familyId,
  )
  const pupils = familyPupils(sql, auth.familyId)
  const guardianPending = pendingStates(
    sql,
    'guardian',
    guardians.map((g) => g.id),
  )
  const pupilPending = pendingStates(
    sql,
    'pupil',
    pupils.map((p) => p.id),
  )
  return {
    guardians: guardians.map((g) => ({
      id: g.id,
      values: valuesOfRow('guardian', g),
      pending: guardianPending.get(g.id) ?? null,
      rank: g.rank,
      self: g.id === auth.guardianId,
    })),
    pupils: pupils.map((p) => ({ ...p, pending: pupilPending.has(p.id) })),
  }
}

/** One pupil of the family (NOT_FOUND for any other id), with the address of the guardian it follows. */
export function familyPupil(
  sql: Sql,
  auth: { familyId: number; guardianId: number; pupilId: number },
): RecordWithPending & { guardianAddress: Record<'address' | 'postalCode' | 'city', string> } {
  const pupil = sql.get<
    Record<string, unknown> & { family_id: number; guardian_id: number | null }
  >(FAMILY_PUPIL, auth.pupilId)
  if (!pupil || pupil.family_id !== auth.familyId) {
    throw new DomainError('NOT_FOUND', 'Cette fiche est introuvable.')
  }
  const guardians = sql.all<{ id: number; address: string; postal_code: string; city: string }>(
    `SELECT id, address, postal_code, city FROM guardians
      WHERE family_id = ? AND archived_at IS NULL ORDER BY rank`,
    pupil.family_id,
  )
  const guardian = followedGuardian(guardians, pupil)
  return {
    id: auth.pupilId,
    values: valuesOfRow('pupil', pupil),
    pending: pendingStates(sql, 'pupil', [auth.pupilId]).get(auth.pupilId) ?? null,
    guardianAddress: {
      address: guardian?.address ?? '',
      postalCode: guardian?.postal_code ?? '',
      city: guardian?.city ?? '',
    },
  }
}

/** A family asks for changes of its own record or a pupil's: through the sas (see submitChanges). */
export async function submitFamilyChange(
  trx: Trx,
  input: Parameters<typeof submitChanges>[1],
): Promise<RecordWithPending> {
  await submitChanges(trx, input)
  return withPending(trx, input.target)
}
