// The active families of the Familles list, kept in memory for each connection in the order of
// the name index (sort_key, then id), with what the list shows of each: a page of the list by name
// is read along them rather than along the index (where « lea » passed over some 420 entries for a
// page, most of the search's time; here, a few microseconds), and its rows are not read from the
// database at all (fetching 25 families cost as much as the rest of the page); a search is counted
// and read along them too (kept-family-search.ts). They are kept with the revision kept_revisions
// 'family_names', which triggers set to a new random number at every change of what they hold,
// whatever the connection (migration 20261209000000), and read in the page's transaction. When
// it is not the one they were kept at, they are brought up to date family by family from the
// changes the same triggers write (migration 20261210000000; some 5 ms for 20,000 families, the
// arrays made again), or, when that cannot be told, all read again (50 to 150 ms).
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

/** The active families, in the name index's order: the i-th family's row (its key: `_k0`), text. */
export interface Names {
  revision: number
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

/** What a family's row is read with (ACTIVE_FAMILIES, FAMILIES_NOW). */
const COLUMNS = `f.id, f.name, f.site_id, s.name AS site_name, f.guardians_json, f.pupils_json,
  f.sort_key, f.search_text FROM families f JOIN sites s ON s.id = f.site_id`

const ACTIVE_FAMILIES = `SELECT ${COLUMNS} WHERE f.archived_at IS NULL ORDER BY f.sort_key, f.id`

type Row = KeptFamily & { sort_key: string; search_text: string }

/** A family kept, and the folded text a search looks in. */
interface Kept {
  family: FamilyFound
  text: string
}

function keptOf(row: Row, siteNames: Map<number, string>): Kept {
  let siteName = siteNames.get(row.site_id)
  if (siteName === undefined) siteNames.set(row.site_id, (siteName = row.site_name))
  const family = Object.freeze({
    id: row.id,
    name: row.name,
    site_id: row.site_id,
    site_name: siteName, // each site's name once, rather than a copy of it for each family
    archived_at: null,
    guardians_json: row.guardians_json,
    pupils_json: row.pupils_json,
    _k0: row.sort_key,
    _k1: row.id,
  })
  return { family, text: row.search_text }
}

/** The names of `all`, in the name index's order already. */
function namesOf(revision: number, all: readonly Kept[]): Names {
  const names: Names = {
    revision,
    texts: [],
    families: [],
    bySite: new Map(),
    positions: new Map(),
    holding: new Map(),
    found: new Map(),
  }
  all.forEach(({ family, text }, i) => {
    names.texts.push(text)
    names.families.push(family)
    names.positions.set(family.id, i)
    const ofSite = names.bySite.get(family.site_id)
    if (ofSite) ofSite.push(i)
    else names.bySite.set(family.site_id, [i])
  })
  return names
}

/** The names of the connection's database now: those kept, or brought up to date, or read again. */
export function namesNow(sql: Sql): Names {
  const revision = sql.get<{ value: number }>(REVISION)?.value ?? 0
  const known = kept.get(sql)
  if (known?.revision === revision) return known
  const siteNames = new Map<number, string>()
  const names =
    (known && updated(sql, known, revision)) ??
    namesOf(
      revision,
      sql.all<Row>(ACTIVE_FAMILIES).map((row) => keptOf(row, siteNames)),
    )
  kept.set(sql, names)
  return names
}

// Brought up to date family by family (migration 20261210000000): the changes written after the
// one that gave the revision kept, when it is there.
const CHANGE_AT = 'SELECT seq FROM family_name_changes WHERE revision = ?'
const CHANGES_AFTER = `SELECT family_id, revision FROM family_name_changes WHERE seq > ?
  ORDER BY seq`
const FAMILIES_NOW = `SELECT ${COLUMNS}
  WHERE f.id IN (SELECT value FROM json_each(?)) AND f.archived_at IS NULL`

/** Changes taken family by family, at most (beyond, an import: every family read again). */
export const MOST_CHANGES = 500

/** Whether family `a` comes before family `b` in the name index's order. */
const before = (a: FamilyFound, b: FamilyFound) => {
  const byKey = compareAsSqlite(a._k0, b._k0)
  return byKey < 0 || (byKey === 0 && a.id < b.id)
}

/**
 * The names `known` with the changes made since their revision, up to `revision`: the families
 * changed read again (or left out, archived or deleted), the others kept as they were (the same
 * objects). Null when they cannot be told: the revision kept is not among the changes (kept in a
 * transaction rolled back, or older than the changes kept), a change is of every family (a site's
 * name), or the changes are too many.
 */
function updated(sql: Sql, known: Names, revision: number): Names | null {
  const at = sql.get<{ seq: number }>(CHANGE_AT, known.revision)
  if (!at) return null
  const changes = sql.all<{ family_id: number | null; revision: number }>(CHANGES_AFTER, at.seq)
  if (changes.length === 0 || changes.length > MOST_CHANGES) return null
  if (changes.at(-1)?.revision !== revision) return null
  if (changes.some((change) => change.family_id === null)) return null
  const ids = new Set(changes.map((change) => change.family_id as number))
  const siteNames = new Map<number, string>()
  for (const [site, [first]] of known.bySite)
    siteNames.set(site, (known.families[first as number] as FamilyFound).site_name)
  const now = sql
    .all<Row>(FAMILIES_NOW, JSON.stringify([...ids]))
    .map((row) => keptOf(row, siteNames))
    .sort((a, b) => (before(a.family, b.family) ? -1 : 1))
  // The families kept but those changed, with the changed ones as they are now, in order.
  const all: Kept[] = []
  let next = 0
  known.families.forEach((family, i) => {
    if (ids.has(family.id)) return
    while (next < now.length && before((now[next] as Kept).family, family))
      all.push(now[next++] as Kept)
    all.push({ family, text: known.texts[i] as string })
  })
  all.push(...now.slice(next))
  return namesOf(revision, all)
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
