// The Familles list: searched, filtered by site and state, sorted on any column, paged, exported.
import type { Knex } from 'knex'
import type { Trx } from '../connection.ts'
import { queryBuilder, sqlOf, type Sql } from '../prepared.ts'
import type { FamilySort } from '../rules/lists.ts'
import type { FamilyList, FamilyRow } from '../rules/records.ts'
import { searchWords } from '../rules/text.ts'
import {
  familyWhere,
  PENDING_FAMILIES,
  walkOf,
  type FamilyFilter,
  type FamilyListQuery,
  type Where,
} from './family-filter.ts'
import {
  allRows,
  countKnownAs,
  listPage,
  type Keyed,
  type ListSpec,
  type PageReader,
} from './lists.ts'
import { countNames, walkNames, type NamesFilter } from './kept-family-search.ts'
import { forgetTrigramCounts, trigramCounts, type TrigramCounts } from './search-trigrams.ts'

const SPEC: ListSpec<FamilySort> = {
  sorts: {
    // Folded names kept in step (familySearchColumns) and indexed with the id: any page of these
    // sorts is an index seek, the last as fast as the first.
    name: 'families.sort_key',
    guardians: 'families.guardians_key',
    pupils: 'families.pupils_key',
    // Sites are few: their families sorted in memory, by the site's folded name then the id.
    siteName: 'sites.sort_key',
    // Active, then with a pending request, then archived.
    state: `(CASE WHEN families.archived_at IS NOT NULL THEN 2
      WHEN families.id IN (${PENDING_FAMILIES}) THEN 1 ELSE 0 END)`,
  },
  defaultSort: 'name',
  tiebreak: 'families.id',
}

/** The families of the conditions (familyWhere), as a knex query. */
function filteredFamilies(k: Knex, { conditions, values }: Where) {
  const filtered = k('families')
  if (conditions.length > 0)
    void filtered.whereRaw(conditions.join(' AND '), values as Knex.Value[])
  return filtered
}

/** A family as the list reads it; never written to (the families kept in memory are frozen). */
interface Row {
  readonly id: number
  readonly name: string
  readonly site_id: number
  readonly site_name: string
  readonly archived_at: string | null
  /** GuardianSummary[] and PupilSummary[] as JSON, kept by triggers (migration 20261204000000). */
  readonly guardians_json: string
  readonly pupils_json: string
}

const COLUMNS = [
  'families.id',
  'families.name',
  'families.site_id',
  'sites.name as site_name',
  'families.archived_at',
  'families.guardians_json',
  'families.pupils_json',
]

/** The filtered families with what a row shows (the site's name). */
const withSite = (filtered: ReturnType<typeof filteredFamilies>) =>
  filtered.clone().join('sites', 'sites.id', 'families.site_id').select(COLUMNS)

/**
 * withSite, the page read without knex (its building and compiling cost a search more than its
 * SQL): the same columns, joins and conditions, in a text of SQL that is the same for every
 * search of the same shape (its prepared statement is kept).
 */
function familyPage(sql: Sql, where: Where): PageReader<Keyed<Row>> {
  return (page) => {
    const conditions = page.cursor ? [...where.conditions, page.cursor] : where.conditions
    const source =
      `SELECT ${COLUMNS.join(', ')}, ${page.keyColumns}` +
      ' FROM families JOIN sites ON sites.id = families.site_id' +
      (conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '') +
      ` ORDER BY ${page.orderBy} ${page.limit}`
    return sql.all(source, ...where.values, ...page.cursorValues)
  }
}

/** Whether the list reads `search` along the families kept in memory: active ones, by name. */
const readKept = (search: FamilyListQuery) =>
  (search.sort ?? SPEC.defaultSort) === 'name' && (search.state ?? 'active') === 'active'

/** The filter of `search` on the families kept in memory (those of readKept). */
function keptFilter(search: FamilyFilter): NamesFilter {
  const { siteId, siteIds = null } = search
  const sites =
    siteId === undefined ? siteIds : siteIds === null || siteIds.includes(siteId) ? [siteId] : []
  return { words: searchWords(search.query), sites }
}

/**
 * familyPage along the families kept in memory (readKept): the same rows in the same order, none
 * read from the database. A cursor whose keys are not a name and an id is left to familyPage,
 * which compares them as SQLite does.
 */
function keptPage(
  sql: Sql,
  filter: NamesFilter,
  counts: TrigramCounts,
  bySql: () => PageReader<Keyed<Row>>,
): PageReader<Keyed<Row>> {
  return (page) => {
    const [key, id] = page.cursorValues
    const from = typeof key === 'string' && typeof id === 'number' ? ([key, id] as const) : null
    if (page.cursor && !from) return bySql()(page)
    return walkNames(sql, { ...filter, from, ascending: page.ascending, rows: page.rows }, counts)
  }
}

/** How many pending requests each family of a page has (`?`: their ids, a JSON array). */
const PENDING_COUNTS = `SELECT cr.family_id, count(*) AS n FROM change_requests cr
  WHERE cr.family_id IN (SELECT value FROM json_each(?)) AND cr.status = 'pending' AND EXISTS (SELECT 1
    FROM change_request_fields f WHERE f.request_id = cr.id AND f.decision = 'pending')
  GROUP BY cr.family_id`

/** Each family kept in memory's JSON, before and after its number of pending requests. */
const keptJson = new WeakMap<Row, readonly [string, string]>()

/**
 * The rows as the JSON of FamilyRow[]: their guardians and pupils are JSON already (kept by the
 * database), written in as they are; the number of pending requests is read for the page at once.
 * `kept`: the rows are the families kept in memory (kept-family-names.ts), the same objects while
 * they do not change: the JSON of each is written once.
 */
function rowsJson(sql: Sql, rows: Row[], kept = false): string {
  if (rows.length === 0) return '[]' // a search that found nothing: nothing more to read
  const pending = sql.all<{ family_id: number; n: number }>(
    PENDING_COUNTS,
    JSON.stringify(rows.map((r) => r.id)),
  )
  const n = new Map(pending.map((r) => [r.family_id, Number(r.n)]))
  const json = JSON.stringify
  const items = rows.map((r) => {
    let parts = kept ? keptJson.get(r) : undefined
    if (!parts) {
      parts = [
        `{"id":${json(r.id)},"name":${json(r.name)},"siteId":${json(r.site_id)},` +
          `"siteName":${json(r.site_name)},"archivedAt":${json(r.archived_at)},` +
          `"pendingRequests":`,
        `,"guardians":${r.guardians_json},"pupils":${r.pupils_json}}`,
      ]
      if (kept) keptJson.set(r, parts)
    }
    return `${parts[0]}${n.get(r.id) ?? 0}${parts[1]}`
  })
  return `[${items.join(',')}]`
}

/**
 * One page of families, searched on the names of guardians and pupils and on identifiants,
 * whatever the accents and the case (every word of the query must match), filtered by site and
 * state, sorted on any column in French order (by name by default), then by id; paged by keyset
 * (after or before a cursor, or the last page). On prepared statements (db/prepared.ts): the
 * queries written with knex, run without it. The JSON text of a FamilyList, which the route
 * sends as it is.
 */
export function searchFamiliesJson(sql: Sql, search: FamilyListQuery): string {
  // Every filter of filteredFamilies (each key of FamilyFilter), and nothing else, names its count.
  const { query, siteId, state, siteIds } = search
  const filter: { [K in keyof Required<FamilyFilter>]: FamilyFilter[K] } = {
    query,
    siteId,
    state,
    siteIds,
  }
  const counts = trigramCounts(sql)
  let reader: PageReader<Keyed<Row>>
  let total: number
  const kept = readKept(search)
  if (kept) {
    const names = keptFilter(filter)
    total = countNames(sql, names, counts)
    const bySql = () => familyPage(sql, familyWhere(search, counts, 'inIndex'))
    reader = keptPage(sql, names, counts, bySql)
  } else {
    total = countKnownAs(sql, JSON.stringify(['families', filter]), () =>
      filteredFamilies(queryBuilder, familyWhere(filter, counts)),
    )
    const walk = walkOf(search, search.sort ?? SPEC.defaultSort, total, counts)
    reader = familyPage(sql, familyWhere(search, counts, walk))
  }
  const { rows, ...page } = listPage<Row, FamilySort>(sql, reader, SPEC, search, total)
  return `{"items":${rowsJson(sql, rows, kept)},${JSON.stringify(page).slice(1)}`
}

/** searchFamiliesJson, read back as objects. */
export function searchFamiliesNow(sql: Sql, search: FamilyListQuery): FamilyList {
  return JSON.parse(searchFamiliesJson(sql, search)) as FamilyList
}

export async function searchFamilies(trx: Trx, search: FamilyListQuery): Promise<FamilyList> {
  return searchFamiliesNow(await sqlOf(trx), search)
}

/**
 * Merges the pieces of the Familles search index into one (FTS5's `optimize`) after a load of many
 * families (the demo, an import): written in parts, the index is left in several pieces (six after
 * the demo of 20,000 families) that every search must look into (the MATCH of « dupont » three
 * times slower). Some 30 ms for 20,000 families.
 */
export async function compactFamilySearch(trx: Trx): Promise<void> {
  await trx.raw(`INSERT INTO families_search(families_search) VALUES ('optimize')`)
  forgetTrigramCounts(await sqlOf(trx))
}

/** The conditions of the filters (familyWhere), the trigrams' counts read on `trx`'s connection. */
async function whereOf(trx: Trx, filter: FamilyFilter): Promise<Where> {
  return familyWhere(filter, trigramCounts(await sqlOf(trx)))
}

/** Every family of the filters, in the order asked (the export). */
export async function allFamilies(
  trx: Trx,
  search: FamilyFilter & Pick<FamilyListQuery, 'sort' | 'order'>,
): Promise<FamilyRow[]> {
  const rows = await allRows<Row, FamilySort>(
    withSite(filteredFamilies(trx, await whereOf(trx, search))),
    SPEC,
    search,
  )
  return JSON.parse(rowsJson(await sqlOf(trx), rows)) as FamilyRow[]
}

/** The ids of every family the filters find (for "Envoyer les identifiants" to a whole search). */
export async function familyIds(trx: Trx, filter: FamilyFilter): Promise<number[]> {
  const rows = await filteredFamilies(trx, await whereOf(trx, filter))
    .select<{ id: number }[]>('families.id')
    .orderBy('families.id')
  return rows.map((r) => r.id)
}
