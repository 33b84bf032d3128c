// The Familles list by name, searched along the active families kept in memory
// (kept-family-names.ts): how many families a search finds, and its pages, none of them read from
// the database.
//
// A search with words is read along the families holding the rarest trigram of each of its words
// (the one the trigram index's vocabulary says the fewest families hold, as the index is asked in
// SQL), and each of them is checked for every word in its text. The families holding a trigram are
// asked once of the trigram index (some 0.5 µs a family) and kept, as positions in the names, with
// the names: « martin camille » then walks along the 20 families holding both « rti » (326
// families) and « cam » (1,289), in memory, rather than asking the index for them and fetching them
// (some 100 µs a search). A search with no word long enough to hold a trigram is read along all the
// families (or a site's).
import type { Sql } from '../prepared.ts'
import { compareAsSqlite, namesNow, type FamilyFound, type Names } from './kept-family-names.ts'
import { trigramQuery, trigramsOf, type TrigramCounts } from './search-trigrams.ts'

/** What a search asks of the families kept. */
export interface NamesFilter {
  /** Words each family's folded text must hold, all of them. */
  words: readonly string[]
  /** The sites a family must be of (every site: null). */
  sites: readonly number[] | null
}

/** What a page asks of the names walked. */
export interface NamesWalk extends NamesFilter {
  /** The sort key and the id the page starts after (before, when not ascending); none: at an end. */
  from: readonly [string, number] | null
  ascending: boolean
  rows: number
}

/** Trigrams whose families are kept, at most (the names of a conservatoire hold some 4,000). */
const MOST_HOLDING = 20_000
/** Searches whose number of families is kept, at most. */
const MOST_FOUND = 200

const HOLDERS = 'SELECT rowid AS id FROM families_search WHERE families_search MATCH ?'

/**
 * The positions of the active families holding `trigram`, in the names' order. Asked of the index
 * even when its vocabulary's count, kept, says none (a count may have moved since it was read).
 */
function holdingTrigram(sql: Sql, names: Names, trigram: string): Int32Array {
  let positions = names.holding.get(trigram)
  if (positions) return positions
  const ids = sql.all<{ id: number }>(HOLDERS, trigramQuery(trigram))
  const found: number[] = []
  for (const { id } of ids) {
    const at = names.positions.get(id)
    if (at !== undefined) found.push(at)
  }
  positions = Int32Array.from(found).sort()
  if (names.holding.size >= MOST_HOLDING) names.holding.clear()
  names.holding.set(trigram, positions)
  return positions
}

/** The families a search walks along (their positions in the names), and what it checks of each. */
interface Along {
  /** Positions in the names' order; null: all of them. */
  positions: ArrayLike<number> | null
  /** The sites to check each family against; null: none to check. */
  sites: ReadonlySet<number> | null
  /** The words to look for in each family's text. */
  words: readonly string[]
}

/** The positions in both `a` and `b` (each in ascending order), in ascending order. */
function bothOf(a: Int32Array, b: Int32Array): Int32Array {
  const both = new Int32Array(Math.min(a.length, b.length))
  let n = 0
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    const x = a[i] as number
    const y = b[j] as number
    if (x === y) both[n++] = x
    if (x <= y) i++
    if (y <= x) j++
  }
  return both.subarray(0, n)
}

function alongOf(sql: Sql, names: Names, filter: NamesFilter, counts: TrigramCounts): Along {
  const { words } = filter
  const sites = filter.sites === null ? null : new Set(filter.sites)
  // The families holding the rarest trigram of every word (of three characters at least).
  let positions: Int32Array | null = null
  for (const word of words) {
    if (trigramsOf(word).length === 0) continue
    const holding = holdingTrigram(sql, names, counts.rarest(word).trigram)
    positions = positions ? bothOf(positions, holding) : holding
  }
  if (positions) return { positions, sites, words }
  // One site: along its own families (as SQLite along the index of each site's names).
  if (sites?.size === 1) {
    const [site] = sites
    return { positions: names.bySite.get(site as number) ?? [], sites: null, words }
  }
  return { positions: null, sites, words }
}

/** Whether the family at position `i` is of the sites and holds the words. */
function matches(names: Names, along: Along, i: number): boolean {
  if (along.sites && !along.sites.has((names.families[i] as FamilyFound).site_id)) return false
  if (along.words.length === 0) return true
  const text = names.texts[i] as string
  return along.words.every((word) => text.includes(word))
}

/**
 * How many active families are of the sites and hold every word: counted once, then kept with the
 * names while they do not change (the number of a search is the same for each of its pages).
 */
export function countNames(sql: Sql, filter: NamesFilter, counts: TrigramCounts): number {
  if (filter.sites?.length === 0) return 0 // a staff member of no site
  const names = namesNow(sql)
  const key = JSON.stringify([filter.words, filter.sites])
  const known = names.found.get(key)
  if (known !== undefined) return known
  const along = alongOf(sql, names, filter, counts)
  const count = along.positions?.length ?? names.families.length
  let n = 0
  if (along.sites === null && along.words.length === 0) n = count
  else for (let k = 0; k < count; k++) if (matches(names, along, along.positions?.[k] ?? k)) n++
  if (names.found.size >= MOST_FOUND) names.found.delete(names.found.keys().next().value as string)
  names.found.set(key, n)
  return n
}

/**
 * At most `rows` active families (the objects kept, the same at each read), along the names from
 * `from` in the direction asked, whose site is among `sites` and whose folded text holds every
 * word: the rows of a page of the list by name, in the order it reads them.
 */
export function walkNames(sql: Sql, walk: NamesWalk, counts: TrigramCounts): FamilyFound[] {
  if (walk.sites?.length === 0) return [] // a staff member of no site
  const names = namesNow(sql)
  const along = alongOf(sql, names, walk, counts)
  const { positions } = along
  const count = positions ? positions.length : names.families.length
  const at = positions ? (k: number) => positions[k] as number : (k: number) => k
  const { from } = walk
  /** Whether the k-th family walked comes after `from` in ascending order. */
  const afterFrom = (k: number) => {
    if (!from) return true
    const i = at(k)
    const family = names.families[i] as FamilyFound
    const byKey = compareAsSqlite(family._k0, from[0])
    return byKey > 0 || (byKey === 0 && family.id > from[1])
  }
  // The first family after `from` (binary search), or count.
  let low = 0
  let high = count
  while (low < high) {
    const middle = (low + high) >>> 1
    if (afterFrom(middle)) high = middle
    else low = middle + 1
  }
  // Ascending: from there on. Descending: before it, strictly below `from` (its equal left out).
  let start = low
  if (!walk.ascending && from) {
    start = low - 1
    if (start >= 0 && sameAsFrom(names, at(start), from)) start--
  } else if (!walk.ascending) start = count - 1
  const step = walk.ascending ? 1 : -1
  const found: FamilyFound[] = []
  for (let k = start; k >= 0 && k < count && found.length < walk.rows; k += step) {
    const i = at(k)
    if (matches(names, along, i)) found.push(names.families[i] as FamilyFound)
  }
  return found
}

function sameAsFrom(names: Names, i: number, from: readonly [string, number]): boolean {
  return names.families[i]?._k0 === from[0] && names.families[i]?.id === from[1]
}
