import knexFactory, { type Knex } from 'knex'
import { idleConnection, type Db, type Trx } from './connection.ts'

// The hot reads of every page (the session of the cookie, the family's pages) as SQL statements
// prepared once per connection and run synchronously by better-sqlite3, without knex's query
// building nor its transaction machinery: the few statements of a page cost microseconds, where
// building, preparing and running them through knex cost most of a request.
//
// A statement runs on the pool's one connection, taken from knex's pool as a transaction would
// be, or at once when nobody holds it nor waits for it (idleConnection, connection.ts): either
// way no transaction of knex runs meanwhile. The statements of one `withSql` run in one SQLite
// transaction, synchronously: they see one state of the database. Statements are kept by the
// connection itself (keepPrepared, connection.ts; a restore replaces the content of the same
// connection, whose statements SQLite prepares again by itself when the schema changed).

/** What Portée uses of a better-sqlite3 statement. */
export interface RawStatement {
  get(...params: unknown[]): unknown
  all(...params: unknown[]): unknown[]
  run(...params: unknown[]): { changes: number }
  /** Whether it gives rows back (a SELECT, a PRAGMA, an INSERT … RETURNING). */
  readonly reader: boolean
  /** Rows as arrays of values (`raw(true)`) or as objects (`raw(false)`, better-sqlite3's default). */
  raw(on: boolean): RawStatement
  columns(): { name: string }[]
}

/** What Portée uses of a better-sqlite3 connection. */
export interface RawConnection {
  prepare(source: string): RawStatement
  readonly inTransaction: boolean
}

/** Statements of one connection, by their SQL; each prepared at its first use. */
export interface Sql {
  get<T>(source: string, ...params: unknown[]): T | undefined
  all<T>(source: string, ...params: unknown[]): T[]
  run(source: string, ...params: unknown[]): number
}

const cache = new WeakMap<RawConnection, Sql>()

/**
 * The statements of a connection: `prepare` of every connection of openDatabase already keeps its
 * statements by their text (keepPrepared in connection.ts, the least recently used going first),
 * so the same text runs on the same statement, prepared once.
 */
function sqlFor(conn: RawConnection): Sql {
  let sql = cache.get(conn)
  if (sql) return sql
  sql = {
    get: <T>(source: string, ...params: unknown[]) => {
      const statement = conn.prepare(source)
      if (!statement.reader) return statement.get(...params) as T
      const row = asArrays(statement, () => statement.get(...params) as unknown[] | undefined)
      return row && (rowMaker(statement, row.length)(row) as T)
    },
    all: <T>(source: string, ...params: unknown[]) => {
      const statement = conn.prepare(source)
      if (!statement.reader) return statement.all(...params) as T[]
      const rows = asArrays(statement, () => statement.all(...params) as unknown[][])
      if (rows.length === 0) return []
      const make = rowMaker(statement, (rows[0] as unknown[]).length)
      return rows.map((row) => make(row) as T)
    },
    run: (source: string, ...params: unknown[]) => conn.prepare(source).run(...params).changes,
  }
  cache.set(conn, sql)
  return sql
}

/**
 * `read` with the statement giving its rows as arrays, then back to objects whatever happens: knex
 * runs the same statement (keepPrepared keeps one per text for the whole connection).
 */
function asArrays<T>(statement: RawStatement, read: () => T): T {
  statement.raw(true)
  try {
    return read()
  } finally {
    statement.raw(false)
  }
}

/** Turns a row read as an array of values into the object better-sqlite3 would have made. */
type RowMaker = (values: unknown[]) => Record<string, unknown>

const rowMakers = new WeakMap<RawStatement, { width: number; make: RowMaker }>()

/**
 * The RowMaker of a statement, made at its first use: a function that writes the object literal
 * of its columns (`{"id": v[0], "name": v[1]}`), the later of two columns of the same name winning
 * as in better-sqlite3's own rows. Cheaper than the objects better-sqlite3 makes one property at
 * a time through V8's API: the 7 pièces of a Réinscription tab, 14 columns each, 38–43 → 19–28 µs
 * with their SQL; the whole tab 163 → 115 µs. Made again when the statement's width changed (a
 * `*` after a migration or a restore).
 */
function rowMaker(statement: RawStatement, width: number): RowMaker {
  const known = rowMakers.get(statement)
  if (known?.width === width) return known.make
  const names = statement.columns().map((c) => c.name)
  // Each name a JSON string (quoted, escaped: nothing of it runs as code); `__proto__` computed,
  // so that it is a property as any other, not the object's prototype (better-sqlite3 would
  // give it to the prototype's setter, which drops it).
  const key = (name: string) => (name === '__proto__' ? '["__proto__"]' : JSON.stringify(name))
  const fields = names.map((name, i) => `${key(name)}: v[${i}]`).join(', ')
  const make = new Function('v', `return { ${fields} }`) as RowMaker
  rowMakers.set(statement, { width, make })
  return make
}

/** The prepared statements of a knex transaction's connection (inside that transaction). */
export async function sqlOf(trx: Trx): Promise<Sql> {
  return sqlFor((await trx.client.acquireConnection()) as RawConnection)
}

/** A result that is not a promise: `withSql`'s work runs synchronously, whole. */
type Sync<T> = T extends PromiseLike<unknown> ? never : T

/**
 * Runs `work`, synchronous, on the pool's connection in one SQLite transaction (committed when it
 * returns, rolled back when it throws). For the hot reads of every request, and the few writes
 * that go with them (a session kept alive or ended).
 */
export async function withSql<T>(db: Db, work: (sql: Sql) => Sync<T>): Promise<T> {
  // Nobody holds the connection nor waits for it: taken at once, without the pool's round trip
  // (a promise, a timer, some 10 µs a request), since `work` runs to its end before anything else.
  const idle = idleConnection(db) as RawConnection | null
  if (idle) return inTransaction(idle, work)
  const conn = (await db.client.acquireConnection()) as RawConnection
  try {
    return inTransaction(conn, work)
  } finally {
    await db.client.releaseConnection(conn)
  }
}

/** `work` on `conn`, in one SQLite transaction: committed when it returns, rolled back when it throws. */
function inTransaction<T>(conn: RawConnection, work: (sql: Sql) => Sync<T>): T {
  const sql = sqlFor(conn)
  sql.run('BEGIN')
  try {
    const result = work(sql)
    sql.run('COMMIT')
    return result
  } catch (err) {
    if (conn.inTransaction) sql.run('ROLLBACK')
    throw err
  }
}

/** Builds the SQL text of knex queries, never runs one (no connection): see `compiled`, `rowsOf`. */
export const queryBuilder: Knex = knexFactory({ client: 'better-sqlite3', useNullAsDefault: true })
const builder = queryBuilder

/**
 * A named parameter of a statement built by `compiled` (`@name`): its value is given at each run,
 * in the object of parameters (`sql.all(source, { name })`).
 */
export function param(name: string): Knex.Raw {
  if (!/^\w+$/.test(name)) throw new Error(`not a parameter name: ${name}`)
  return builder.raw(`@${name}`)
}

/**
 * The SQL text of a query written with knex's builder (to share its joins and columns with the
 * knex queries of the same service), built once at its first use, for the prepared statements of
 * `Sql`. Every value must be a `param`: a literal value would be frozen into the text.
 */
export function compiled(build: (k: Knex) => Knex.QueryBuilder): () => string {
  let source: string | undefined
  return () => {
    if (source === undefined) {
      const { sql, bindings } = build(builder).toSQL().toNative()
      if (bindings.length > 0) throw new Error(`values in a compiled statement: ${sql}`)
      source = sql
    }
    return source
  }
}
