// « Ajouter un élève » on a course page: the pupils whose name holds every word typed, on the
// staff member's sites. The families' trigram index (families_search) finds the families first,
// then their pupils are kept by name: one statement, however many families.
import type { Trx } from '../../connection.ts'
import { frenchSortKey, searchWords } from '../../rules/text.ts'
import { escapeLike } from '../../text.ts'
import { sqlOf } from '../../prepared.ts'
import { foundByTrigrams, trigramCounts, trigramMatch, trigramsOf } from '../search-trigrams.ts'
import type { SiteScope } from '../staff-scope.ts'

export interface PupilMatch {
  id: number
  familyId: number
  lastName: string
  firstName: string
  birthDate: string | null
  siteId: number
  site: string
}

export interface PupilSearch {
  /** The words typed: every one must be in the pupil's name (accents and case ignored). */
  query: string
  /** Only the pupils of this site (a course's). */
  siteId?: number | undefined
  /** The sites the staff member works for; null: every site. */
  siteIds: SiteScope
  limit?: number
}

/** At most this many pupils: the search is to be narrowed, not scrolled. */
export const PUPIL_SEARCH_LIMIT = 20

/** The pupils found (not archived, of a family not archived), by name; none for an empty query. */
export async function searchPupils(trx: Trx, search: PupilSearch): Promise<PupilMatch[]> {
  const words = searchWords(search.query)
  if (words.length === 0) return []
  const query = trx('pupils')
    .join('families', 'families.id', 'pupils.family_id')
    .join('sites', 'sites.id', 'families.site_id')
    .whereNull('pupils.archived_at')
    .whereNull('families.archived_at')
  // The rarest trigram of each word of three letters or more narrows the families through the
  // trigram index (search-trigrams.ts); every word must then be in the pupil's own name (not a
  // guardian's).
  const match = trigramMatch(trigramCounts(await sqlOf(trx)), words)
  if (match !== null) {
    void query.whereRaw(foundByTrigrams('families.id'), [match])
  }
  // Shorter ones through the family's folded text first (a plain LIKE, cheaper than french_key).
  for (const word of words.filter((w) => trigramsOf(w).length === 0)) {
    void query.whereRaw(`families.search_text LIKE ? ESCAPE '\\'`, [`%${escapeLike(word)}%`])
  }
  for (const word of words) {
    void query.whereRaw(
      `french_key(pupils.last_name || ' ' || pupils.first_name) LIKE ? ESCAPE '\\'`,
      [`%${escapeLike(frenchSortKey(word))}%`],
    )
  }
  if (search.siteIds !== null) void query.whereIn('families.site_id', [...search.siteIds])
  if (search.siteId !== undefined) void query.where('families.site_id', search.siteId)
  const rows = (await query
    .orderByRaw('french_key(pupils.last_name), french_key(pupils.first_name), pupils.id')
    .limit(search.limit ?? PUPIL_SEARCH_LIMIT)
    .select(
      'pupils.id',
      'pupils.family_id',
      'pupils.last_name',
      'pupils.first_name',
      'pupils.birth_date',
      'families.site_id',
      'sites.name as site',
    )) as {
    id: number
    family_id: number
    last_name: string
    first_name: string
    birth_date: string | null
    site_id: number
    site: string
  }[]
  return rows.map((r) => ({
    id: r.id,
    familyId: r.family_id,
    lastName: r.last_name,
    firstName: r.first_name,
    birthDate: r.birth_date,
    siteId: r.site_id,
    site: r.site,
  }))
}
