// The active families of the Familles list, kept in memory for each connection in the order of
// the name index (sort_key, then id), with what the list shows of each: a page of the list by name
// is read along them rather than along the index (where « lea » passed over some 420 entries for a
// page, most of the search's time; here, a few microseconds), and its rows are not read from the
// database at all (fetching 25 families cost as much as the rest of the page); a search is counted
// and read along them too (kept-family-search.ts). They are kept with the revision kept_revisions
// 'family_names', which triggers set to a new random number at every change of what they hold,
// whatever the connection (migration 20261209000000); read in the page's transaction, and all
// read again when it is not the one they were kept at (20,000 families in some 50 to 150 ms,
// once, after a change of a family's names or site, a family added or archived).
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

/**
 * An active family kept, with the keys of its place in the name order (`_k0`, `_k1`: its sort key
 * and id, as a page's rows have them), the same object at every read while the names are kept.
 */
export type FamilyFound = Readonly<KeptFamily & { _k0: string; _k1: number }>

/** The active families, in the name index's order: the i-th family's key, text and row. */
export interface Names {
  revision: number
  keys: string[]
  texts: string[]
  families: FamilyFound[]
  /** Each site's families, as positions in the arrays above, in the same order. */
  bySite: Map<number, number[]>
  /** Each family's position, by id. */
  positions: Map<number, number>
  /**
   * What searches learnt of these families, dropped with them (kept-family-search.ts): the
   * positions of the families holding a trigram, and how many families a search finds.
   */
  holding: Map<string, Int32Array>
  found: Map<string, number>
}

const kept = new WeakMap<Sql, Names>()

const REVISION = `SELECT value FROM kept_revisions WHERE name = 'family_names'`

const ACTIVE_FAMILIES = `SELECT f.id, f.name, f.site_id, s.name AS site_name, f.guardians_json,
    f.pupils_json, f.sort_key, f.search_text
  FROM families f JOIN sites s ON s.id = f.site_id
  WHERE f.archived_at IS NULL ORDER BY f.sort_key, f.id`

/** The names of the connection's database now: those kept, or read again. */
export function namesNow(sql: Sql): Names {
  const revision = sql.get<{ value: number }>(REVISION)?.value ?? 0
  const known = kept.get(sql)
  if (known?.revision === revision) return known
  const rows = sql.all<KeptFamily & { sort_key: string; search_text: string }>(ACTIVE_FAMILIES)
  const names: Names = {
    revision,
    keys: [],
    texts: [],
    families: [],
    bySite: new Map(),
    positions: new Map(),
    holding: new Map(),
    found: new Map(),
  }
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
        _k0: row.sort_key,
        _k1: row.id,
      }),
    )
    names.positions.set(row.id, i)
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
