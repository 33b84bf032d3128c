// The one way the staff lists are asked: a whitelist of sorts per list (a key → an SQL expression),
// the visible sites, a page. Texts sort in French order through french_key() (db/connection.ts) or
// a folded column kept for the purpose (families.sort_key); ties are broken by a unique column.
import type { Knex } from 'knex'
import type { ListQuery, SortOrder } from '../rules/lists.ts'

export interface ListSpec<Sort extends string> {
  /** Each sort key of the list and the SQL expression it orders by: nothing else is accepted. */
  sorts: Record<Sort, string>
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

/** The query in the order asked, from the list's whitelist (an unknown key: the default). */
export function ordered<Sort extends string, Q extends Knex.QueryBuilder>(
  query: Q,
  spec: ListSpec<Sort>,
  asked: Pick<ListQuery<Sort>, 'sort' | 'order'>,
): Q {
  const known = asked.sort !== undefined && Object.hasOwn(spec.sorts, asked.sort)
  const sort = known && asked.sort !== undefined ? asked.sort : spec.defaultSort
  const order = asked.order ?? (sort === spec.defaultSort ? spec.defaultOrder : undefined) ?? 'asc'
  const direction = order === 'desc' ? 'DESC' : 'ASC'
  void query.orderByRaw(`${spec.sorts[sort]} ${direction}, ${spec.tiebreak} ${direction}`)
  return query
}

/** How many rows the filtered query gives. */
export async function countRows(query: Knex.QueryBuilder): Promise<number> {
  const row = (await query.clone().clearSelect().clearOrder().count({ n: '*' }).first()) as
    { n: number | string } | undefined
  return Number(row?.n ?? 0)
}

/**
 * One page of the filtered query, in the order asked, with the number of rows of every page
 * (counted on `counted`, the same filter without the joins only the page needs, when given).
 */
export async function listPage<Row, Sort extends string>(
  query: Knex.QueryBuilder,
  spec: ListSpec<Sort>,
  asked: ListQuery<Sort>,
  counted: Knex.QueryBuilder = query,
): Promise<{ rows: Row[]; total: number }> {
  const total = await countRows(counted)
  const rows = (await ordered(query.clone(), spec, asked)
    .limit(asked.pageSize)
    .offset((asked.page - 1) * asked.pageSize)) as Row[]
  return { rows, total }
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
