// The active families of the Familles list, kept in memory for each connection in the order of
// the name index (sort_key, then id), with what the list shows of each: a page of the list by name
// is read along them rather than along the index (where « lea » passed over some 420 entries for a
// page, most of the search's time; here, a few microseconds), and its rows are not read from the
// database at all (fetching 25 families cost as much as the rest of the page). They are kept with
// the revision kept_revisions 'family_names', which triggers set to a new random number at every
// change of what they hold, whatever the connection (migration 20261209000000); read in the page's
// transaction, and all read again when it is not the one they were kept at (20,000 families in
// some 50 to 150 ms, once, after a change of a family's names or site, a family added or archived).
import type { Sql } from '../prepared.ts'

/** What the list shows of an active family, as its row (the `families` columns it reads). */
export type KeptFamily = {
  id: number
  name: string
  site_id: number
  site_name: string
  archived_at: null
  guardians_json: string
  pupils_json: string
}

/** The active families, in the name index's order: the i-th family's key, text and row. */
interface Names {
  revision: number
  keys: string[]
  texts: string[]
  families: KeptFamily[]
  /** Each site's families, as positions in the arrays above, in the same order. */
  bySite: Map<number, number[]>
}

const kept = new WeakMap<Sql, Names>()

const REVISION = `SELECT value FROM kept_revisions WHERE name = 'family_names'`

const ACTIVE_FAMILIES = `SELECT f.id, f.name, f.site_id, s.name AS site_name, f.guardians_json,
    f.pupils_json, f.sort_key, f.search_text
  FROM families f JOIN sites s ON s.id = f.site_id
  WHERE f.archived_at IS NULL ORDER BY f.sort_key, f.id`

/** The names of the connection's database now: those kept, or read again. */
function namesNow(sql: Sql): Names {
  const revision = sql.get<{ value: number }>(REVISION)?.value ?? 0
  const known = kept.get(sql)
  if (known?.revision === revision) return known
  const rows = sql.all<KeptFamily & { sort_key: string; search_text: string }>(ACTIVE_FAMILIES)
  const names: Names = { revision, keys: [], texts: [], families: [], bySite: new Map() }
  /** Each site's name, once (rather than a copy of it for each of its families). */
  const siteNames = new Map<number, string>()
  rows.forEach((row, i) => {
    let siteName = siteNames.get(row.site_id)
    if (siteName === undefined) siteNames.set(row.site_id, (siteName = row.site_name))
    names.keys.push(row.sort_key)
    names.texts.push(row.search_text)
    names.families.push(
      Object.freeze({
        id: row.id,
        name: row.name,
        site_id: row.site_id,
        site_name: siteName,
        archived_at: null,
        guardians_json: row.guardians_json,
        pupils_json: row.pupils_json,
      }),
    )
    const ofSite = names.bySite.get(row.site_id)
    if (ofSite) ofSite.push(i)
    else names.bySite.set(row.site_id, [i])
  })
  kept.set(sql, names)
  return names
}

/**
 * Two texts in SQLite's order (BINARY: the bytes of their UTF-8, that is the order of their code
 * points), not JavaScript's (its UTF-16 units put U+10000 and beyond before U+E000–U+FFFF).
 */
export function compareAsSqlite(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i)
    let y = b.charCodeAt(i)
    if (x === y) continue
    // Surrogates (D800–DFFF) moved above FFFF, and E000–FFFF down below them.
    if (x >= 0xd800) x += x >= 0xe000 ? -0x800 : 0x2000
    if (y >= 0xd800) y += y >= 0xe000 ? -0x800 : 0x2000
    return x - y
  }
  return a.length - b.length
}

/** What a page asks of the names walked. */
export interface NamesWalk {
  /** Words each family's folded text must hold, all of them. */
  words: readonly string[]
  /** The sites a family must be of (every site: null). */
  sites: readonly number[] | null
  /** The sort key and the id the page starts after (before, when not ascending); none: at an end. */
  from: readonly [string, number] | null
  ascending: boolean
  rows: number
}

/** A family found, with the keys of its place in the name order (`_k0`, `_k1`, as a page's rows). */
export type FamilyFound = KeptFamily & { _k0: string; _k1: number }

/**
 * At most `rows` active families, along the names from `from` in the direction asked, whose site
 * is among `sites` and whose folded text holds every word: the rows of a page of the list by name,
 * in the order it reads them.
 */
export function walkNames(sql: Sql, walk: NamesWalk): FamilyFound[] {
  if (walk.sites?.length === 0) return [] // a staff member of no site
  const names = namesNow(sql)
  const oneSite = walk.sites !== null && new Set(walk.sites).size === 1 ? walk.sites[0] : undefined
  // One site: along its own families (as SQLite along the index of each site's names).
  const along: number[] | null = oneSite === undefined ? null : (names.bySite.get(oneSite) ?? [])
  const count = along ? along.length : names.families.length
  const at = along ? (k: number) => along[k] as number : (k: number) => k
  const sites = walk.sites === null || along ? null : new Set(walk.sites)
  const { from } = walk
  /** Whether the k-th family walked comes after `from` in ascending order. */
  const afterFrom = (k: number) => {
    if (!from) return true
    const i = at(k)
    const byKey = compareAsSqlite(names.keys[i] as string, from[0])
    return byKey > 0 || (byKey === 0 && (names.families[i] as KeptFamily).id > from[1])
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
    const family = names.families[i] as KeptFamily
    if (sites && !sites.has(family.site_id)) continue
    const text = names.texts[i] as string
    if (walk.words.every((word) => text.includes(word)))
      found.push({ ...family, _k0: names.keys[i] as string, _k1: family.id })
  }
  return found
}

function sameAsFrom(names: Names, i: number, from: readonly [string, number]): boolean {
  return names.keys[i] === from[0] && names.families[i]?.id === from[1]
}
