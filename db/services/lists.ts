// The one way the staff lists are asked: a whitelist of sorts per list (a key → the SQL expressions
// it orders by), the visible sites, a page. Texts sort in French order through a folded column
// kept for the purpose and indexed (families.sort_key, guardians_key, pupils_key, sites.sort_key)
// or french_key() (db/connection.ts) where a list is small; ties are broken by a unique column.
//
// Pages are read by keyset, never by OFFSET: a page starts after (or before) the sort keys and id
// of a row, held in an opaque cursor, so the last page costs what the first does (an index seek)
// and a row added or removed between two reads shifts no page.
import type { Knex } from 'knex'
import { DomainError } from '../errors.ts'
import { queryBuilder, type Sql } from '../prepared.ts'
import type { ListCursor, ListQuery, SortOrder } from '../rules/lists.ts'
import { countRows, rowsOf } from './list-counts.ts'
import { encodeCursor } from './list-cursors.ts'

export { countKnownAs, countRows, rowsOf } from './list-counts.ts'

export interface ListSpec<Sort extends string> {
  /**
   * Each sort key of the list and the SQL expressions it orders by (never NULL: a row value with a
   * NULL compares to nothing): nothing else is accepted.
   */
  sorts: Record<Sort, string | readonly string[]>
  defaultSort: Sort
  /** The order of the default sort when none is asked (e.g. the newest mails first). */
  defaultOrder?: SortOrder
  /** A unique column, so that pages never overlap. */
  tiebreak: string
}

/** The rows of the sites a staff member works for (`null`: every site). */
export function onSites<Q extends Knex.QueryBuilder>(
  query: Q,
  column: string,
  siteIds: readonly number[] | null,
): Q {
  if (siteIds !== null) void query.whereIn(column, [...siteIds])
  return query
}

/** The sort asked (an unknown key: the default), its order, and the expressions it orders by. */
function resolved<Sort extends string>(
  spec: ListSpec<Sort>,
  asked: Pick<ListQuery<Sort>, 'sort' | 'order'>,
): { sort: Sort; order: SortOrder; keys: string[] } {
  const known = asked.sort !== undefined && Object.hasOwn(spec.sorts, asked.sort)
  const sort = known && asked.sort !== undefined ? asked.sort : spec.defaultSort
  const order = asked.order ?? (sort === spec.defaultSort ? spec.defaultOrder : undefined) ?? 'asc'
  const own = spec.sorts[sort]
  return { sort, order, keys: [...(typeof own === 'string' ? [own] : own), spec.tiebreak] }
}

const direction = (order: SortOrder, backwards = false) =>
  (order === 'desc') !== backwards ? 'DESC' : 'ASC'

/** The query in the order asked, from the list's whitelist (an unknown key: the default). */
export function ordered<Sort extends string, Q extends Knex.QueryBuilder>(
  query: Q,
  spec: ListSpec<Sort>,
  asked: Pick<ListQuery<Sort>, 'sort' | 'order'>,
): Q {
  const { order, keys } = resolved(spec, asked)
  void query.orderByRaw(keys.map((k) => `${k} ${direction(order)}`).join(', '))
  return query
}

/** A page's rows, with the cursors of its first and last rows. */
export interface KeysetPage<Row> {
  rows: Row[]
  total: number
  previous: string | null
  next: string | null
}

/**
 * What listPage asks of a page's query, as SQL to put in it: the sort keys to select as `_k0`,
 * `_k1`… (for the cursors), the condition that starts the page after (or before) a cursor with its
 * values, the order, and how many rows at most.
 */
export interface PageSql {
  keyColumns: string
  /** `(k0, k1) > (?, ?)`, or null on a page that starts at an end. */
  cursor: string | null
  cursorValues: (string | number)[]
  orderBy: string
  /**
   * `LIMIT 26`: the number written in the text, never bound. SQLite plans with a bound LIMIT's
   * value, so binding one makes it prepare the statement again at every run (some 10 to 40 µs
   * a page; 3.53 here).
   */
  limit: string
  /** The same page as values: its direction, and how many rows at most. */
  ascending: boolean
  rows: number
}

/** `LIMIT n` for a number of rows counted by the code (never a value received as it is). */
export function limitClause(rows: number): string {
  if (!Number.isSafeInteger(rows) || rows < 0) throw new Error(`not a number of rows: ${rows}`)
  return `LIMIT ${rows}`
}

/**
 * A list's page query written by hand rather than with knex (the hottest lists: building and
 * compiling a knex query costs a page more than running it): the rows `page` asks for.
 */
export type PageReader<Row> = (page: PageSql) => Row[]

/** A page's row with the sort keys listPage asked for, as `_k0`, `_k1`… (PageSql.keyColumns). */
export type Keyed<Row> = Row & { [key: `_k${number}`]: string | number }

/**
 * One page of the filtered query, in the order asked, starting where `asked` says (after or before
 * a cursor, at the end, or at the beginning), with the number of rows of every page (counted on
 * `counted`, the same filter without the joins only the page needs, when given; or that number,
 * when the caller counted first). The query is a knex query, or a PageReader when the caller writes
 * it by hand (then it gives the number, and gets its rows back as they were read, keys and all). A
 * cursor made for another sort or order is refused (VALIDATION).
 */
export function listPage<Row, Sort extends string>(
  sql: Sql,
  query: Knex.QueryBuilder,
  spec: ListSpec<Sort>,
  asked: ListQuery<Sort>,
  counted?: Knex.QueryBuilder | number,
): KeysetPage<Row>
export function listPage<Row, Sort extends string>(
  sql: Sql,
  query: PageReader<Keyed<Row>>,
  spec: ListSpec<Sort>,
  asked: ListQuery<Sort>,
  counted: number,
): KeysetPage<Keyed<Row>>
export function listPage<Row, Sort extends string>(
  sql: Sql,
  query: Knex.QueryBuilder | PageReader<Keyed<Row>>,
  spec: ListSpec<Sort>,
  asked: ListQuery<Sort>,
  counted?: Knex.QueryBuilder | number,
): KeysetPage<Row> | KeysetPage<Keyed<Row>> {
  const { sort, order, keys } = resolved(spec, asked)
  const size = asked.pageSize
  const cursor = asked.after ?? asked.before
  if (
    cursor &&
    (cursor.sort !== sort || cursor.order !== order || cursor.keys.length !== keys.length)
  )
    throw new DomainError('VALIDATION', 'Cette page de la liste n’existe plus : revenez au début.')

  /** Up to `limit` rows after (before, when backwards) `from`, in the order they are read. */
  const read = (from: ListCursor | undefined, backwards: boolean, limit: number) => {
    const ascending = (order === 'asc') !== backwards
    const after = ascending ? '>' : '<'
    const page: PageSql = {
      keyColumns: keys.map((k, i) => `${k} as _k${i}`).join(', '),
      cursor: from ? `(${keys.join(', ')}) ${after} (${keys.map(() => '?').join(', ')})` : null,
      cursorValues: from ? [...from.keys] : [],
      orderBy: keys.map((k) => `${k} ${direction(order, backwards)}`).join(', '),
      limit: limitClause(limit),
      ascending,
      rows: limit,
    }
    if (typeof query === 'function') return query(page)
    const built = query
      .clone()
      .select(queryBuilder.raw(page.keyColumns))
      .orderByRaw(page.orderBy)
      .limit(limit, { skipBinding: true }) // written in, as page.limit (above)
    if (page.cursor) void built.whereRaw(page.cursor, page.cursorValues)
    return rowsOf<Keyed<Row>>(sql, built)
  }
  const cursorOf = (row: Keyed<Row> | undefined) =>
    row
      ? encodeCursor({ sort, order, keys: keys.map((_, i) => row[`_k${i}`] as string | number) })
      : null

  let rows: Keyed<Row>[]
  let previous: string | null
  let next: string | null
  if (asked.last || asked.before) {
    // Read backwards from the end (or from the cursor), then put the page back in order.
    const found = read(asked.before, true, size + 1)
    if (asked.before && found.length <= size) {
      // Fewer rows than a page before the cursor (rows removed since): the first page, full.
      const first = read(undefined, false, size + 1)
      rows = first.slice(0, size)
      previous = null
      next = first.length > size ? cursorOf(rows.at(-1)) : null
    } else {
      rows = found.slice(0, size).reverse()
      previous = found.length > size ? cursorOf(rows[0]) : null
      next = asked.before ? cursorOf(rows.at(-1)) : null
    }
  } else {
    const found = read(asked.after, false, size + 1)
    rows = found.slice(0, size)
    previous = asked.after ? cursorOf(rows[0]) : null
    next = found.length > size ? cursorOf(rows.at(-1)) : null
    if (asked.after && rows.length === 0) {
      // Nothing left after the cursor (rows removed since): the last page.
      const last = { ...asked, after: undefined, last: true }
      return typeof query === 'function'
        ? listPage(sql, query, spec, last, Number(counted))
        : listPage(sql, query, spec, last, counted)
    }
  }
  // Without the keys read for the cursors (a loop: Object.entries and a RegExp per key cost a
  // search page of 25 rows some 25 µs, more than building its SQL). A reader written by hand gets
  // its rows back as it gave them, keys and all: its caller writes them field by field.
  const hidden = new Set(keys.map((_, i) => `_k${i}`))
  const bare = (row: Keyed<Row>): Row => {
    const out: Record<string, unknown> = {}
    const all: Record<string, unknown> = row
    for (const k in all) if (!hidden.has(k)) out[k] = all[k]
    return out as Row
  }
  const total =
    typeof counted === 'number' ? counted : countRows(sql, counted ?? (query as Knex.QueryBuilder))
  return { rows: typeof query === 'function' ? rows : rows.map(bare), total, previous, next }
}

/** Every row of the filtered query, in the order asked (exports), at most `limit`. */
export async function allRows<Row, Sort extends string>(
  query: Knex.QueryBuilder,
  spec: ListSpec<Sort>,
  asked: Pick<ListQuery<Sort>, 'sort' | 'order'>,
  limit = 100_000,
): Promise<Row[]> {
  return (await ordered(query.clone(), spec, asked).limit(limit)) as Row[]
}

/** Runs `work` on slices of ids small enough for SQLite's bound parameters. */
export async function inChunks<T>(
  ids: readonly number[],
  work: (slice: number[]) => Promise<T[]>,
  size = 500,
): Promise<T[]> {
  const result: T[] = []
  for (let i = 0; i < ids.length; i += size) result.push(...(await work(ids.slice(i, i + size))))
  return result
}
