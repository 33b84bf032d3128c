import type { Trx } from '../connection.ts'
import { DomainError } from '../errors.ts'
import { foldForSearch, frenchSortKey } from '../rules/text.ts'
import type { Residence } from '../rules/reenrolment.ts'
import { isoNow, type Clock } from '../clock.ts'
import type {
  Contact,
  FamilyRecord,
  PendingRequestLink,
  GuardianRecord,
  PupilRecord,
} from '../rules/records.ts'

/** The columns of a guardian's or a pupil's contact. */
interface ContactColumns {
  address: string
  postal_code: string
  city: string
  phone_home: string
  phone_work: string
  phone_mobile: string
  email: string
}

function contactOf(row: ContactColumns): Contact {
  return {
    address: row.address,
    postalCode: row.postal_code,
    city: row.city,
    phoneHome: row.phone_home,
    phoneWork: row.phone_work,
    phoneMobile: row.phone_mobile,
    email: row.email,
  }
}

interface GuardianRow extends ContactColumns {
  id: number
  family_id: number
  rank: number
  civility: string
  last_name: string
  first_name: string
  marital_status: string
  profession: string
  socio_professional_code: string
  fax: string
  login: string | null
  password_hash: string | null
  access_enabled: number | boolean
}

interface PupilRow extends ContactColumns {
  id: number
  family_id: number
  guardian_id: number | null
  civility: string
  last_name: string
  first_name: string
  birth_date: string | null
  birth_place: string
  marital_status: string
  use_guardian_address: number | boolean
  fax: string
  school_level: string
  school_name: string
  image_rights: number | boolean
  exit_authorization: number | boolean
  emergency_contact: string
  emergency_phone: string
}

function toGuardian(row: GuardianRow): GuardianRecord {
  return {
    id: row.id,
    rank: row.rank,
    civility: row.civility,
    lastName: row.last_name,
    firstName: row.first_name,
    login: row.login,
    maritalStatus: row.marital_status,
    profession: row.profession,
    socioProfessionalCode: row.socio_professional_code,
    fax: row.fax,
    ...contactOf(row),
    accessEnabled: Boolean(row.access_enabled),
    hasPassword: row.password_hash !== null,
  }
}

function toPupil(row: PupilRow): PupilRecord {
  return {
    id: row.id,
    civility: row.civility,
    lastName: row.last_name,
    firstName: row.first_name,
    birthDate: row.birth_date,
    birthPlace: row.birth_place,
    maritalStatus: row.marital_status,
    useGuardianAddress: Boolean(row.use_guardian_address),
    ...contactOf(row),
    fax: row.fax,
    schoolLevel: row.school_level,
    schoolName: row.school_name,
    imageRights: Boolean(row.image_rights),
    exitAuthorization: Boolean(row.exit_authorization),
    emergencyContact: row.emergency_contact,
    emergencyPhone: row.emergency_phone,
    isGuardian: row.guardian_id !== null,
  }
}

/**
 * Rebuilds the folded search text of a family (names of its guardians and pupils, identifiants),
 * its name (the first guardian's) and the name's sort key. Call it in the transaction that changes
 * any of them.
 */
export async function refreshFamilySearch(trx: Trx, familyId: number, clock: Clock): Promise<void> {
  const guardians = await trx<GuardianRow>('guardians')
    .where({ family_id: familyId })
    .whereNull('archived_at')
    .orderBy('rank')
  const pupils = await trx<PupilRow>('pupils')
    .where({ family_id: familyId })
    .whereNull('archived_at')
    .orderBy('id')
  await trx('families')
    .where({ id: familyId })
    .update({ ...familySearchColumns(guardians, pupils), updated_at: isoNow(clock) })
}

type Named = { last_name: string; first_name: string }

/**
 * A family's search text, name and sort keys, from its guardians (by rank) and pupils (by id):
 * what refreshFamilySearch writes, and what an import writes for the families it creates. The
 * Familles list sorts on `sort_key` (Nom), `guardians_key` (its first guardian, « dupont gerard »)
 * and `pupils_key` (its first pupil, « lea dupont »).
 */
export function familySearchColumns(
  guardians: readonly (Named & { login: string | null })[],
  pupils: readonly Named[],
): FamilySearchColumns {
  const words = [
    ...guardians.flatMap((g) => [g.last_name, g.first_name, g.login ?? '']),
    ...pupils.flatMap((p) => [p.last_name, p.first_name]),
  ]
  const name = guardians[0]?.last_name ?? pupils[0]?.last_name ?? ''
  const [guardian] = guardians
  const [pupil] = pupils
  return {
    search_text: ` ${foldForSearch(words.join(' '))} `,
    name,
    sort_key: frenchSortKey(name),
    guardians_key: guardian ? frenchSortKey(`${guardian.last_name} ${guardian.first_name}`) : '',
    pupils_key: pupil ? frenchSortKey(`${pupil.first_name} ${pupil.last_name}`) : '',
  }
}

export interface FamilySearchColumns {
  search_text: string
  name: string
  sort_key: string
  guardians_key: string
  pupils_key: string
}

/** The pending requests of a family that still have a field to decide, oldest first. */
async function familyPendingRequests(trx: Trx, familyId: number): Promise<PendingRequestLink[]> {
  const rows = await trx('change_requests as cr')
    .where({ 'cr.family_id': familyId, 'cr.status': 'pending' })
    .whereExists((q) =>
      q
        .from('change_request_fields as f')
        .whereRaw('f.request_id = cr.id')
        .where('f.decision', 'pending'),
    )
    .orderBy(['cr.created_at', 'cr.id'])
    .select<
      { id: number; target_type: 'guardian' | 'pupil'; target_id: number; created_at: string }[]
    >('cr.id', 'cr.target_type', 'cr.target_id', 'cr.created_at')
  return rows.map((r) => ({
    id: r.id,
    targetType: r.target_type,
    targetId: r.target_id,
    createdAt: r.created_at,
  }))
}

/**
 * A family with its guardians and pupils (those archived apart, to be restored), whether it is
 * archived, and its pending requests. Throws NOT_FOUND.
 */
export async function getFamily(trx: Trx, familyId: number): Promise<FamilyRecord> {
  const family = await trx('families')
    .join('sites', 'sites.id', 'families.site_id')
    .where('families.id', familyId)
    .select(
      'families.id',
      'families.name',
      'families.site_id',
      'families.archived_at',
      'families.residence',
      'sites.name as site_name',
    )
    .first<
      | {
          id: number
          name: string
          site_id: number
          site_name: string
          archived_at: string | null
          residence: Residence | null
        }
      | undefined
    >()
  if (!family) throw new DomainError('NOT_FOUND', 'Cette famille est introuvable.')
  const guardians = await trx<GuardianRow & { archived_at: string | null }>('guardians')
    .where({ family_id: familyId })
    .orderBy(['rank', 'id'])
  const pupils = await trx<PupilRow & { archived_at: string | null }>('pupils')
    .where({ family_id: familyId })
    .orderBy('id')
  const archived = <T extends { archived_at: string | null }>(rows: T[], yes: boolean) =>
    rows.filter((r) => (r.archived_at !== null) === yes)
  return {
    id: family.id,
    name: family.name,
    siteId: family.site_id,
    siteName: family.site_name,
    archivedAt: family.archived_at,
    residence: family.residence,
    guardians: archived(guardians, false).map(toGuardian),
    pupils: archived(pupils, false).map(toPupil),
    archivedGuardians: archived(guardians, true).map((g) => ({
      ...toGuardian(g),
      archivedAt: g.archived_at ?? '',
    })),
    archivedPupils: archived(pupils, true).map((p) => ({
      ...toPupil(p),
      archivedAt: p.archived_at ?? '',
    })),
    pendingRequests: await familyPendingRequests(trx, familyId),
  }
}
