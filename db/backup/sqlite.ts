import knexFactory from 'knex'
import { noteWrite, type Db } from '../connection.ts'
import { DomainError } from '../errors.ts'
import { migrationSource } from '../migrations/index.ts'
import { privateFile } from './store.ts'

// SQLite's online backup (better-sqlite3's `backup()`), never a file copy of a live database.
//
// The handle is reached the supported way: `db.client.acquireConnection()` takes the one
// connection of knex's pool, so while a copy runs no transaction of the server can start. That is
// what makes the copy a consistent snapshot (SQLite restarts a backup when another connection
// writes during it) and, for a restore, what guarantees that no request writes between the backup
// of the current state and its replacement, nor into a half-restored file: requests wait for the
// pool, then meet the restored database through the same connection. The price is that requests
// wait during the copy: a fraction of a second for a database of tens of megabytes.

/** What Portée uses of a better-sqlite3 handle. */
export interface SqliteHandle {
  backup(
    destination: string,
    options: { progress: (info: { totalPages: number; remainingPages: number }) => number },
  ): Promise<unknown>
  pragma(source: string, options?: { simple: boolean }): unknown
}

/** Every page in one step: the copy holds its read lock once, and is never restarted halfway. */
const ALL_PAGES = () => 0x7fffffff

/** Runs `work` with the raw handle of the pool's one connection: no query of `db` runs meanwhile. */
export async function withConnection<T>(
  db: Db,
  work: (handle: SqliteHandle) => Promise<T>,
): Promise<T> {
  const handle = (await db.client.acquireConnection()) as SqliteHandle
  try {
    return await work(handle)
  } finally {
    await db.client.releaseConnection(handle)
  }
}

/**
 * Copies the database of `handle` into `file` (a new file, 0600) with the online backup, then
 * turns the copy into a single file (no -wal needed beside it: it can be copied anywhere).
 */
export async function copyDatabase(handle: SqliteHandle, file: string, db: Db): Promise<void> {
  privateFile(file)
  await handle.backup(file, { progress: ALL_PAGES })
  const copy = openFile(db, file)
  try {
    await copy.raw('PRAGMA journal_mode = DELETE')
  } finally {
    await copy.destroy()
  }
}

/**
 * Replaces the database of the file `liveFile` (opened by the server, whose connection the caller
 * holds) by the one of `source`, page by page, in one write transaction of SQLite: the server's
 * connection then reads the new content (SQLite's own way of restoring a live database).
 */
export async function replaceDatabase(source: SqliteHandle, liveFile: string): Promise<void> {
  try {
    await source.backup(liveFile, { progress: ALL_PAGES })
  } finally {
    noteWrite() // written by another connection: nothing read before holds any more
  }
}

/** The better-sqlite3 addon `db` was opened with (Electron's), for the other files to open. */
export function nativeBindingOf(db: Db): string | null {
  const settings = (db.client as { connectionSettings: { options?: { nativeBinding?: string } } })
    .connectionSettings
  return settings.options?.nativeBinding ?? null
}

/** A plain knex on another SQLite file (no pragmas: a copy is only checked or prepared). */
function openFile(db: Db, file: string): Db {
  const nativeBinding = nativeBindingOf(db)
  return knexFactory({
    client: 'better-sqlite3',
    connection: {
      filename: file,
      options: nativeBinding ? { nativeBinding } : {},
    },
    useNullAsDefault: true,
    pool: { min: 1, max: 1 },
  })
}

const FOUNDATION = '20261124000000_foundation'

/**
 * Refuses a file that cannot be restored, with a French message: not an SQLite database or damaged
 * (`PRAGMA integrity_check`), not a database of Portée, or made by a newer Portée. `file` is a
 * copy of the backup: opening it may write beside it (a -wal).
 */
export async function checkBackupFile(db: Db, file: string): Promise<void> {
  const copy = openFile(db, file)
  let problem: string | null
  try {
    problem = await problemOf(copy)
  } catch {
    problem = 'Cette sauvegarde est illisible : ce n’est pas une base de données SQLite valide.'
  } finally {
    await copy.destroy()
  }
  if (problem) throw new DomainError('VALIDATION', problem)
}

async function problemOf(copy: Db): Promise<string | null> {
  const check = (await copy.raw('PRAGMA integrity_check')) as { integrity_check: string }[]
  if (check.length !== 1 || check[0]?.integrity_check !== 'ok') {
    return 'Cette sauvegarde est abîmée (le contrôle d’intégrité de SQLite a échoué) : elle ne peut pas être restaurée.'
  }
  const notPortee = 'Ce fichier n’est pas une sauvegarde de Portée : il ne peut pas être restauré.'
  if (!(await copy.schema.hasTable('knex_migrations'))) return notPortee
  const done = (await copy('knex_migrations').pluck('name')) as string[]
  if (!done.includes(FOUNDATION) || !(await copy.schema.hasTable('families'))) return notPortee
  const known = new Set(await migrationSource.getMigrations([]))
  if (done.some((name) => !known.has(name))) {
    return 'Cette sauvegarde vient d’une version de Portée plus récente que celle-ci : mettez d’abord Portée à jour.'
  }
  return null
}
