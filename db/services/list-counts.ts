// How many rows a staff list has (« 19 794 familles »), counted once and kept while nothing is
// written; and the knex queries of the lists run on prepared statements.
import type { Knex } from 'knex'
import { rollbackCount } from '../connection.ts'
import type { Sql } from '../prepared.ts'

/**
 * Runs a query written with knex on the prepared statements of `sql` (kept by their text: the same
 * query with other values runs on the same statement), synchronously, as knex would run it.
 */
export function rowsOf<Row>(sql: Sql, query: Knex.QueryBuilder | Knex.Raw): Row[] {
  const { sql: source, bindings } = query.toSQL().toNative()
  // What knex's better-sqlite3 client does to values before it binds them.
  const values = bindings.map((v) =>
    typeof v === 'boolean' ? Number(v) : v instanceof Date ? v.valueOf() : v,
  )
  return sql.all<Row>(source, ...values)
}

/**
 * What the database is at, as seen from this connection: its number, the rows it changed (even in
 * the transaction under way), the commits of other connections (data_version), the rollbacks
 * (a count made in a transaction that wrote, then rolled back, is wrong after it). Equal twice:
 * nothing was written in between, a count made then still holds.
 */
function dataVersion(sql: Sql): string {
  const row = sql.get<{ c: number; t: number; v: number }>(
    'SELECT portee_connection() AS c, total_changes() AS t, data_version AS v FROM pragma_data_version',
  )
  return `${row?.c}:${row?.t}:${row?.v}:${rollbackCount()}`
}

/** The counts made lately (query and bindings → the version they were made at, the number). */
const counts = new Map<string, { version: string; n: number }>()
const COUNTS_KEPT = 200

/**
 * How many rows the filtered query gives. « 19 794 familles » is the same for every page of a
 * list while nothing is written: it is counted once, then again after any change to the database.
 */
export function countRows(sql: Sql, query: Knex.QueryBuilder): number {
  const count = countOf(query)
  const { sql: source, bindings } = count.toSQL()
  return counted(sql, JSON.stringify([source, bindings]), () => count)
}

/**
 * countRows, for a count named by `key` (the list and every filter that makes its rows) rather
 * than by its SQL: the query is built only when the count must be made again.
 */
export function countKnownAs(sql: Sql, key: string, query: () => Knex.QueryBuilder): number {
  return counted(sql, key, () => countOf(query()))
}

/** The query that counts the rows of `query`. */
const countOf = (query: Knex.QueryBuilder) =>
  query.clone().clearSelect().clearOrder().count({ n: '*' })

/** The count known as `key` while nothing is written; made by `count` otherwise. */
function counted(sql: Sql, key: string, count: () => Knex.QueryBuilder): number {
  const version = dataVersion(sql)
  const known = counts.get(key)
  if (known?.version === version) return known.n
  const [row] = rowsOf<{ n: number | string }>(sql, count())
  const n = Number(row?.n ?? 0)
  counts.delete(key)
  counts.set(key, { version, n })
  if (counts.size > COUNTS_KEPT) counts.delete(counts.keys().next().value as string)
  return n
}
