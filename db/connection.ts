import fs from 'node:fs'
import path from 'node:path'
import knexFactory, { type Knex } from 'knex'
import { migrationSource } from './migrations/index.ts'
import { DataDirError, ensureWritableDataDir, storageProblem } from './storage.ts'
import { frenchSortKey } from './rules/text.ts'

/** The database itself: only the server (and orchestrations that must hash a password between two
 * transactions) hold it. Never hand it to a service: a service runs inside a transaction. */
export type Db = Knex
/** What every service takes: a transaction, never the root knex (with a pool of one connection,
 * a query on the root knex inside a transaction would wait for itself). */
export type Trx = Knex.Transaction

/**
 * Pragmas set on every connection. Nothing a family or the office was told is saved may be lost,
 * even when the machine stops short (a crash, a power cut, a process killed):
 * - journal_mode = WAL: a commit appends to the -wal file; a transaction cut short by a crash is
 *   simply not there at the next opening (never half-written), and readers do not wait for the
 *   writer. WAL is a property of the file: every later opening finds it.
 * - synchronous = FULL: each commit is synced to the disk before it returns, so what the server
 *   has answered 2xx for survives a power cut too (NORMAL, WAL's usual setting, may lose the last
 *   commits then; invoices and family changes live here).
 * - busy_timeout = 5000: another process holding the file (a backup, the sqlite3 shell) makes a
 *   write wait up to 5 s instead of failing at once with SQLITE_BUSY.
 * - foreign_keys = ON: SQLite does not check references unless asked, on every connection; without
 *   it a change could point at a deleted row.
 * - cache_size = -4000: a page cache of 4 MB (better-sqlite3 builds SQLite with 16 MB). The hot
 *   pages of 20 000 families fit, the system's file cache holds the rest, and the server stays
 *   under 200 MB: the daily backup, which reads every page, filled the 16 MB for good (`npm run
 *   bench`: 167 → 142 MB at rest, 220 → 176 MB at its peak, same speed).
 */
export const PRAGMAS = [
  'journal_mode = WAL',
  'synchronous = FULL',
  'busy_timeout = 5000',
  'foreign_keys = ON',
  'cache_size = -4000',
] as const

interface RawSqlite {
  pragma(source: string): unknown
  function(
    name: string,
    options: { deterministic: boolean },
    fn: (value?: unknown) => string | number,
  ): void
  prepare(source: string): RawStatement
}

interface RawStatement {
  /** The statement changes nothing (SQLite's sqlite3_stmt_readonly: BEGIN and COMMIT included). */
  readonly readonly: boolean
  get(...params: unknown[]): unknown
  all(...params: unknown[]): unknown
  run(...params: unknown[]): unknown
  iterate(...params: unknown[]): unknown
}

/**
 * The SQL statements run on the connections opened while `enabled` is true, knex's and the
 * prepared ones of db/prepared.ts alike (BEGIN and COMMIT included): the tests that bound the
 * statements of a page turn it on before opening the database. Off, connections are untouched.
 */
export const statementCounter = { enabled: false, count: 0 }

function countStatements(conn: RawSqlite): void {
  const prepare = conn.prepare.bind(conn)
  conn.prepare = (source: string) => {
    const statement = prepare(source)
    for (const method of ['get', 'all', 'run', 'iterate'] as const) {
      const run = statement[method].bind(statement)
      statement[method] = (...params: unknown[]) => {
        statementCounter.count += 1
        return run(...params)
      }
    }
    return statement
  }
}

/** How many statements each connection keeps prepared (the least recently used go first). */
const KEPT_STATEMENTS = 500

/**
 * knex prepares every query's SQL again on each run (better-sqlite3's `prepare`, a parse and a plan
 * each time: two fifths of the SQL time of a staff list). The connection keeps the statements it
 * prepared, by their text: the same query with other values runs on the same statement. Safe with
 * better-sqlite3: a statement runs to completion (`all`, `run`, `get`) before the next one starts,
 * and SQLite prepares a kept statement again by itself when the schema changes (a migration, a
 * restore).
 */
function keepPrepared(conn: RawSqlite): void {
  const prepare = conn.prepare.bind(conn)
  const kept = new Map<string, RawStatement>()
  conn.prepare = (source: string) => {
    let statement = kept.get(source)
    if (statement) {
      kept.delete(source) // to the end: the most recently used
    } else {
      statement = prepare(source)
      if (!statement.readonly) countWrites(statement)
      if (kept.size >= KEPT_STATEMENTS) kept.delete(kept.keys().next().value as string)
    }
    kept.set(source, statement)
    return statement
  }
}

let writes = 0

/**
 * A statement that may write counts, once it has run, as a write (writeGeneration): when it
 * changed rows (`run`), or whenever it gave rows back (an INSERT … RETURNING, a PRAGMA). An UPDATE
 * that found no row to change is not one.
 */
function countWrites(statement: RawStatement): void {
  const run = statement.run.bind(statement)
  statement.run = (...params: unknown[]) => {
    const result = run(...params) as { changes: number }
    if (result.changes > 0) writes++
    return result
  }
  for (const method of ['get', 'all', 'iterate'] as const) {
    const read = statement[method].bind(statement)
    statement[method] = (...params: unknown[]) => {
      try {
        return read(...params)
      } finally {
        writes++
      }
    }
  }
}

/**
 * A number that changes whenever this process may have written to the database: a statement that
 * changed rows, on any connection Portée opened (countWrites), and a restore (noteWrite). Equal twice,
 * nothing was written in between: what was read then still holds (the session memory,
 * db/services/sessions.ts). It may change without anything changed: never the other way round.
 */
export const writeGeneration = (): number => writes

/** The database's content was changed other than by a statement of Portée's connections. */
export function noteWrite(): void {
  writes++
}

let connections = 0

/**
 * SQL functions of Portée on every connection. `french_key(text)`: the key that sorts texts as a
 * French reader expects (frenchSortKey: accents and case ignored), for the lists' sorts on columns
 * that keep no folded copy. `portee_connection()`: a number of its own for each connection opened
 * by this process, so that total_changes() and data_version (both per connection) can say whether
 * the database changed since a count was made (db/services/lists.ts).
 */
function registerFunctions(conn: RawSqlite): void {
  conn.function('french_key', { deterministic: true }, (value) =>
    frenchSortKey(value === null || value === undefined ? '' : String(value)),
  )
  const number = ++connections
  conn.function('portee_connection', { deterministic: true }, () => number)
}

/**
 * The data folder holds personal data, password hashes and the SMTP password: only the account
 * that runs Portée may read it (folder 0700, files 0600). SQLite gives its -wal and -shm files
 * the mode of the database file, so creating that one 0600 is enough for them.
 */
function keepPrivate(file: string): void {
  const dir = path.dirname(file)
  ensureWritableDataDir(dir)
  try {
    fs.closeSync(fs.openSync(file, 'a', 0o600))
  } catch (err) {
    const problem = storageProblem(err)
    throw problem ? new DataDirError(dir, problem) : err
  }
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    if (fs.existsSync(f)) fs.chmodSync(f, 0o600)
  }
}

/**
 * Opens (and creates when missing) the SQLite database of Portée. One connection, one writer.
 * `nativeBinding`: the better-sqlite3 addon to load instead of node_modules' one (Electron's ABI).
 */
export function openDatabase(file: string, options: { nativeBinding?: string | null } = {}): Db {
  keepPrivate(file)
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: {
      filename: file,
      ...(options.nativeBinding ? { options: { nativeBinding: options.nativeBinding } } : {}),
    },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: RawSqlite, done: (err: Error | null, conn: RawSqlite) => void) {
        try {
          for (const pragma of PRAGMAS) conn.pragma(pragma)
          registerFunctions(conn)
          if (statementCounter.enabled) countStatements(conn)
          keepPrepared(conn)
          created.set(db, conn)
          done(null, conn)
        } catch (err) {
          done(err as Error, conn)
        }
      },
    },
    migrations: { migrationSource, tableName: 'knex_migrations' },
  })
  db.on('query', (query: { sql?: string }) => {
    if (query.sql && /^\s*rollback/i.test(query.sql)) rollbacks++
  })
  return db
}

let rollbacks = 0

/** The connection each database's pool made last (its only one: the pool holds one at most). */
const created = new WeakMap<Db, RawSqlite>()

/** What Portée reads of knex's pool (tarn), to know that nobody holds nor waits for the connection. */
interface PoolState {
  numUsed(): number
  numFree(): number
  numPendingAcquires(): number
  numPendingCreates(): number
}

/**
 * The pool's one connection when nobody holds it or waits for it (null otherwise): work that runs
 * on it synchronously, to the end, can take it without going through the pool (db/prepared.ts
 * `withSql`), since nothing else can run meanwhile. A knex transaction holds the connection for
 * its whole length, awaits included: while one runs, this is null.
 */
export function idleConnection(db: Db): unknown {
  const pool = (db.client as { pool?: PoolState | null }).pool
  if (!pool || pool.numUsed() !== 0 || pool.numFree() !== 1) return null
  if (pool.numPendingAcquires() !== 0 || pool.numPendingCreates() !== 0) return null
  return created.get(db) ?? null
}

/**
 * How many transactions (or savepoints) the process has rolled back. total_changes() does not go
 * back down when one is: a count made inside it must not be kept (db/services/lists.ts).
 */
export const rollbackCount = (): number => rollbacks

/** Brings the schema up to date; called at start-up before anything else. */
export async function migrateLatest(db: Db): Promise<void> {
  await db.migrate.latest()
}
