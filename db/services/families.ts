import type { Trx } from '../connection.ts'
import { DomainError } from '../errors.ts'
import { foldForSearch, frenchSortKey } from '../rules/text.ts'
import { escapeLike } from '../text.ts'
import { isoNow, type Clock } from '../clock.ts'
import type {
  Contact,
  FamilyList,
  FamilyRecord,
  FamilyRow,
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
  await trx('families')
    .where({ id: familyId })
    .update({ ...familySearchColumns(guardians, pupils), updated_at: isoNow(clock) })
}

type Named = { last_name: string; first_name: string }

/**
 * A family's search text, name and sort key, from its guardians (by rank) and pupils: what
 * refreshFamilySearch writes, and what an import writes for the families it creates.
 */
export function familySearchColumns(
  guardians: readonly (Named & { login: string | null })[],
  pupils: readonly Named[],
): { search_text: string; name: string; sort_key: string } {
  const words = [
    ...guardians.flatMap((g) => [g.last_name, g.first_name, g.login ?? '']),
    ...pupils.flatMap((p) => [p.last_name, p.first_name]),
  ]
  const name = guardians[0]?.last_name ?? pupils[0]?.last_name ?? ''
  return { search_text: ` ${foldForSearch(words.join(' '))} `, name, sort_key: frenchSortKey(name) }
}

/** The families (not archived) whose folded text holds every word of the query. */
function familySearchQuery(trx: Trx, query: string) {
  const words = foldForSearch(query)
    .split(' ')
    .filter((w) => w.length > 0)
    .slice(0, 8)
  // Every word must appear in the folded text. Words of three letters or more go through the
  // trigram index; shorter ones are checked with LIKE (the backslash escapes its wildcards).
  const filtered = trx('families').whereNull('families.archived_at')
  const indexed = words.filter((w) => w.length >= 3)
  const short = words.filter((w) => w.length < 3)
  if (indexed.length) {
    filtered.whereRaw(
      'families.id IN (SELECT rowid FROM families_search WHERE families_search MATCH ?)',
      [indexed.map((w) => `"${w.replace(/"/g, '""')}"`).join(' AND ')],
    )
  }
  if (short.length) {
    filtered.whereRaw(
      short.map(() => `families.search_text LIKE ? ESCAPE '\\'`).join(' AND '),
      short.map((w) => `%${escapeLike(w)}%`),
    )
  }
  return filtered
}

export interface FamilySearch {
  query?: string
  page: number
  pageSize: number
}

/**
 * One page of families, searched on the names of guardians and pupils and on identifiants,
 * whatever the accents and the case. Every word of the query must match. Sorted by name as a
 * French reader expects (accents and case ignored), then by id.
 */
export async function searchFamilies(trx: Trx, search: FamilySearch): Promise<FamilyList> {
  const filtered = familySearchQuery(trx, search.query ?? '')
  const countRow = await filtered.clone().count<{ n: number }[]>({ n: '*' }).first()
  const total = Number(countRow?.n ?? 0)
  const rows = await filtered
    .clone()
    .join('sites', 'sites.id', 'families.site_id')
    .select('families.id', 'families.name', 'families.site_id', 'sites.name as site_name')
    .orderBy([{ column: 'families.sort_key' }, { column: 'families.id' }])
    .limit(search.pageSize)
    .offset((search.page - 1) * search.pageSize)
  const ids = rows.map((r: { id: number }) => r.id)
  const guardians = ids.length
    ? await trx<GuardianRow>('guardians')
        .whereIn('family_id', ids)
        .whereNull('archived_at')
        .orderBy(['family_id', 'rank'])
    : []
  const pupils = ids.length
    ? await trx<PupilRow>('pupils')
        .whereIn('family_id', ids)
        .whereNull('archived_at')
        .orderBy(['family_id', 'id'])
    : []
  const items = rows.map(
    (r: { id: number; name: string; site_id: number; site_name: string }): FamilyRow => ({
      id: r.id,
      name: r.name,
      siteId: r.site_id,
      siteName: r.site_name,
      guardians: guardians
        .filter((g) => g.family_id === r.id)
        .map((g) => ({
          id: g.id,
          rank: g.rank,
          civility: g.civility,
          lastName: g.last_name,
          firstName: g.first_name,
          login: g.login,
        })),
      pupils: pupils
        .filter((p) => p.family_id === r.id)
        .map((p) => ({ id: p.id, lastName: p.last_name, firstName: p.first_name })),
    }),
  )
  return { items, total, page: search.page, pageSize: search.pageSize }
}

/** A family with its guardians and pupils. Throws NOT_FOUND. */
export async function getFamily(trx: Trx, familyId: number): Promise<FamilyRecord> {
  const family = await trx('families')
    .join('sites', 'sites.id', 'families.site_id')
    .where('families.id', familyId)
    .select('families.id', 'families.name', 'families.site_id', 'sites.name as site_name')
    .first<{ id: number; name: string; site_id: number; site_name: string } | undefined>()
  if (!family) throw new DomainError('NOT_FOUND', 'Cette famille est introuvable.')
  const guardians = await trx<GuardianRow>('guardians')
    .where({ family_id: familyId })
    .whereNull('archived_at')
    .orderBy('rank')
  const pupils = await trx<PupilRow>('pupils')
    .where({ family_id: familyId })
    .whereNull('archived_at')
    .orderBy('id')
  return {
    id: family.id,
    name: family.name,
    siteId: family.site_id,
    siteName: family.site_name,
    guardians: guardians.map(toGuardian),
    pupils: pupils.map(toPupil),
  }
}

/** The ids of every family the search finds (for "Envoyer les identifiants" to a whole search). */
export async function familyIds(trx: Trx, query: string): Promise<number[]> {
  const rows = await familySearchQuery(trx, query)
    .select<{ id: number }[]>('families.id')
    .orderBy('families.id')
  return rows.map((r) => r.id)
}
