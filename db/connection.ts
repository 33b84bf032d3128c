import fs from 'node:fs'
import path from 'node:path'
import knexFactory, { type Knex } from 'knex'
import { migrationSource } from './migrations/index.ts'
import { frenchSortKey } from './rules/text.ts'

/** The database itself: only the server (and orchestrations that must hash a password between two
 * transactions) hold it. Never hand it to a service: a service runs inside a transaction. */
export type Db = Knex
/** What every service takes: a transaction, never the root knex (with a pool of one connection,
 * a query on the root knex inside a transaction would wait for itself). */
export type Trx = Knex.Transaction

/**
 * Pragmas set on every connection: WAL for concurrent readers, foreign keys,
 * a busy timeout, and synchronous=FULL because invoices live here.
 */
export const PRAGMAS = [
  'journal_mode = WAL',
  'foreign_keys = ON',
  'busy_timeout = 5000',
  'synchronous = FULL',
] as const

interface RawSqlite {
  pragma(source: string): unknown
  function(name: string, options: { deterministic: boolean }, fn: (value: unknown) => string): void
}

/**
 * SQL functions of Portée on every connection. `french_key(text)`: the key that sorts texts as a
 * French reader expects (frenchSortKey: accents and case ignored), for the lists' sorts on columns
 * that keep no folded copy.
 */
function registerFunctions(conn: RawSqlite): void {
  conn.function('french_key', { deterministic: true }, (value) =>
    frenchSortKey(value === null || value === undefined ? '' : String(value)),
  )
}

/**
 * The data folder holds personal data, password hashes and the SMTP password: only the account
 * that runs Portée may read it (folder 0700, files 0600). SQLite gives its -wal and -shm files
 * the mode of the database file, so creating that one 0600 is enough for them.
 */
function keepPrivate(file: string): void {
  const dir = path.dirname(file)
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  fs.chmodSync(dir, 0o700)
  fs.closeSync(fs.openSync(file, 'a', 0o600))
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
  return knexFactory({
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
          done(null, conn)
        } catch (err) {
          done(err as Error, conn)
        }
      },
    },
    migrations: { migrationSource, tableName: 'knex_migrations' },
  })
}

/** Brings the schema up to date; called at start-up before anything else. */
export async function migrateLatest(db: Db): Promise<void> {
  await db.migrate.latest()
}
