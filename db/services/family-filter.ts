// The Familles list's filters as SQL conditions (familyWhere), and how a page of them is read
// (walkOf): through the trigram index, or along the sort's index.
import type { FamilySort, FamilyState, ListQuery } from '../rules/lists.ts'
import { searchWords } from '../rules/text.ts'
import { foundByTrigrams, trigramMatch, trigramsOf, type TrigramCounts } from './search-trigrams.ts'

/** The families with a pending request, at least one of its fields still to decide. */
export const PENDING_FAMILIES = `SELECT cr.family_id FROM change_requests cr WHERE cr.status = 'pending'
  AND EXISTS (SELECT 1 FROM change_request_fields f WHERE f.request_id = cr.id
    AND f.decision = 'pending')`

export interface FamilyFilter {
  /** Words searched in the names of guardians and pupils and in identifiants. */
  query?: string | undefined
  siteId?: number | undefined
  /** Active by default. */
  state?: FamilyState | undefined
  /** The sites the staff member works for (`null` or absent: every site). */
  siteIds?: readonly number[] | null | undefined
}

export type FamilyListQuery = FamilyFilter & ListQuery<FamilySort>

/**
 * How a search reads its families: `found`, the few the trigram index finds, fetched by id then
 * sorted; many found, a page is read along the sort's index, keeping the families whose text holds
 * every word: `byId` (each family passed over checked against the trigram index's list, without
 * reading its row), or `inIndex` when that index holds the text too (the name sort, active
 * families: families_active_name_text_index). The list reads those along the families kept in
 * memory (kept-family-search.ts), and SQL only for a cursor they cannot take (`inIndex`).
 */
export type Walk = 'found' | 'byId' | 'inIndex'

/** The conditions of a filter, as SQL (joined by AND) and the values of its `?`, in order. */
export interface Where {
  conditions: string[]
  values: unknown[]
}

/**
 * The conditions on `families` of the filters asked: every word in the folded text, the state, the
 * site, the sites the staff member works for. Written by hand, once for both the knex queries
 * (filteredFamilies: the count, the export) and the page read without knex (familyPage). `counts`
 * choose the trigrams the index is asked for (search-trigrams.ts).
 */
export function familyWhere(
  filter: FamilyFilter,
  counts: TrigramCounts,
  walk: Walk = 'found',
): Where {
  const where: Where = { conditions: [], values: [] }
  const add = (condition: string, ...values: unknown[]) => {
    where.conditions.push(condition)
    where.values.push(...values)
  }
  const words = searchWords(filter.query)
  // Every word must appear in the folded text: the families holding the rarest trigram of each
  // word (of three characters at least) are asked of the trigram index, then every word is looked
  // for in their text, unless it is that trigram. Walking along the name index (inIndex), every
  // word is looked for in the text the index holds.
  const match = walk === 'inIndex' ? null : trigramMatch(counts, words)
  if (match !== null) {
    // `+` keeps SQLite from fetching every family found to sort them (walk: 'byId').
    add(foundByTrigrams(`${walk === 'byId' ? '+' : ''}families.id`), match)
  }
  for (const word of words)
    if (match === null || trigramsOf(word).length !== 1)
      add('instr(families.search_text, ?) > 0', word)
  const state = filter.state ?? 'active'
  if (state === 'archived') add('families.archived_at IS NOT NULL')
  else if (state !== 'all') add('families.archived_at IS NULL')
  // The families with a pending request read first (few), rather than each family checked.
  if (state === 'pending') add(`families.id IN (${PENDING_FAMILIES})`)
  // The index of the sites would have SQLite read every family of a site, then sort them, for a
  // page of 25 (10 ms for a site of 16,000 families): `+` leaves it to the count and the small
  // lists (walk 'found' without words nor pending requests), and the page to the sort's index,
  // the trigram index or the pending requests; along the names of one site's active families
  // (inIndex), to the index of each site's names (families_active_site_name_text_index), which
  // gives them in order.
  const siteIds = filter.siteIds ?? null
  /** The site's column, left to lead SQLite's reading or not (`+`); `oneSite`: it names one. */
  const site = (oneSite: boolean) => {
    const leads =
      walk === 'inIndex' ? oneSite : walk === 'found' && match === null && state !== 'pending'
    return leads ? 'families.site_id' : '+families.site_id'
  }
  if (filter.siteId !== undefined) add(`${site(true)} = ?`, filter.siteId)
  // SQLite takes an empty list: `IN ()` holds for no row.
  if (siteIds !== null) {
    const oneSite = filter.siteId === undefined && siteIds.length === 1
    add(`${site(oneSite)} IN (${siteIds.map(() => '?').join(', ')})`, ...siteIds)
  }
  return where
}

/** Above this many families found, a page is read along the sort's index (walkOf). */
export const MANY_FOUND = 300

/**
 * Fetching a family the trigram index gives costs about ten times what passing over an entry of
 * the sort's index does (the family's row is read, the entry holds what the filters need).
 */
const FETCH_COST = 10

/**
 * How a page of `search` is read (Walk), `total` families being found: along the sort's index when
 * they are many, or when the trigram index would give many more families than the page passes
 * over along it (« lea » at a site: 244 families found among the 1,259 holding « lea »). The
 * name sort of active families is not read by SQL but along the families kept in memory
 * (family-list.ts).
 */
export function walkOf(
  search: FamilyListQuery,
  sort: FamilySort,
  total: number,
  counts: TrigramCounts,
): Walk {
  if (!['name', 'guardians', 'pupils'].includes(sort)) return 'found'
  if (total > MANY_FOUND) return 'byId'
  // What the filters give without a word: the families of a site, of a state (`total`).
  const asked = searchWords(search.query).filter((w) => trigramsOf(w).length > 0)
  const given = asked.length ? Math.min(...asked.map((w) => counts.rarest(w).holders)) : total
  const passedOver = ((search.pageSize + 1) * counts.families()) / Math.max(total, 1)
  return passedOver < given * FETCH_COST ? 'byId' : 'found'
}
