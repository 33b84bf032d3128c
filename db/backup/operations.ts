import fs from 'node:fs'
import path from 'node:path'
import { isoNow, type Clock } from '../clock.ts'
import { migrateLatest, openDatabase, type Db } from '../connection.ts'
import { DomainError } from '../errors.ts'
import { recordAudit } from '../services/audit.ts'
import { requeueInterruptedMails } from '../services/outbox.ts'
import { cookieSecret } from '../services/settings.ts'
import {
  checkBackupFile,
  copyDatabase,
  nativeBindingOf,
  replaceDatabase,
  withConnection,
  type SqliteHandle,
} from './sqlite.ts'
import {
  backupDir,
  completeBackup,
  copyTree,
  DATABASE_FILE,
  DOCUMENTS_DIR,
  nextBackupName,
  rotateBackups,
  workDir,
  type BackupInfo,
  type BackupReason,
  type DataPaths,
} from './store.ts'

// Making and restoring backups. These orchestrations hold the database itself (not a
// transaction): a backup reads the whole file, a restore replaces it.

/** Who asks: a staff member (their id and address) or the daily schedule (none). */
export interface BackupActor {
  staffUserId: number | null
  clientIp: string
  clock: Clock
}

async function recordBackup(db: Db, info: BackupInfo, actor: BackupActor): Promise<void> {
  await db.transaction((trx) =>
    recordAudit(trx, {
      clock: actor.clock,
      actorType: actor.staffUserId === null ? 'system' : 'staff',
      actorId: actor.staffUserId,
      action: 'backup.created',
      clientIp: actor.clientIp,
      details: { name: info.name, reason: info.reason, bytes: info.bytes },
    }),
  )
}

/**
 * A backup of the database (online backup) and of the documents, then the rotation that keeps the
 * `keep` newest. The documents are copied after the database's snapshot, connection released:
 * they are written once and never changed, so the copy holds every file the snapshot names.
 */
export async function makeBackup(
  db: Db,
  paths: DataPaths,
  input: { reason: BackupReason; keep: number; actor: BackupActor },
): Promise<BackupInfo> {
  const work = workDir(paths.backups)
  try {
    const createdAt = isoNow(input.actor.clock)
    await withConnection(db, (handle) => copyDatabase(handle, path.join(work, DATABASE_FILE), db))
    if (fs.existsSync(paths.documents)) copyTree(paths.documents, path.join(work, DOCUMENTS_DIR))
    const name = nextBackupName(paths.backups, input.actor.clock.now())
    const info = completeBackup(work, paths.backups, name, { createdAt, reason: input.reason })
    rotateBackups(paths.backups, input.keep, [name])
    await recordBackup(db, info, input.actor)
    return info
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
}

/**
 * The restored database, made ready beside the live one before anything is replaced: migrated to
 * this version of Portée, every session ended (everyone, the administrator who restores too, logs
 * in again, with the accounts of the backup), interrupted mails queued again, the cookie secret of
 * the running server kept, and the restore written in its audit log.
 */
async function prepareRestored(
  db: Db,
  file: string,
  input: { name: string; savedAs: string; actor: BackupActor & { staffUserId: number } },
): Promise<Db> {
  const secret = await db.transaction(cookieSecret)
  const restored = openDatabase(file, { nativeBinding: nativeBindingOf(db) })
  try {
    await migrateLatest(restored)
    await endStateOfRestore(restored, { ...input, secret })
    return restored
  } catch (err) {
    await restored.destroy()
    throw err
  }
}

async function endStateOfRestore(
  restored: Db,
  input: {
    name: string
    savedAs: string
    secret: string
    actor: BackupActor & { staffUserId: number }
  },
): Promise<void> {
  const { actor, secret } = input
  await restored.transaction(async (trx) => {
    await trx('sessions')
      .whereNull('ended_at')
      .update({ ended_at: isoNow(actor.clock) })
    await requeueInterruptedMails(trx, actor.clock)
    await trx('settings').insert({ key: 'cookie_secret', value: secret }).onConflict('key').merge()
    await recordAudit(trx, {
      clock: actor.clock,
      actorType: 'staff',
      actorId: actor.staffUserId,
      action: 'backup.restored',
      clientIp: actor.clientIp,
      details: { name: input.name, savedAs: input.savedAs },
    })
  })
}

/**
 * Restores a backup: checks it, prepares it beside the live database, then, holding the one
 * connection (no request runs meanwhile), backs up the current state (database and documents) and
 * puts the backup's in their place. The server's `db` stays the same object on the same file, now
 * holding the restored data: nothing of the server keeps a handle on the old one.
 */
export async function restoreBackup(
  db: Db,
  paths: DataPaths,
  input: { name: string; keep: number; actor: BackupActor & { staffUserId: number } },
): Promise<{ restored: string; savedAs: BackupInfo }> {
  const source = backupDir(paths.backups, input.name)
  if (!source) throw new DomainError('NOT_FOUND', 'Cette sauvegarde n’existe plus.')
  const stage = workDir(paths.backups)
  const before = workDir(paths.backups)
  try {
    // The backup is never changed: it is checked, then prepared, as a copy (a closed file).
    const file = path.join(stage, DATABASE_FILE)
    fs.copyFileSync(path.join(source, DATABASE_FILE), file)
    fs.chmodSync(file, 0o600)
    await checkBackupFile(db, file)
    const savedAsName = nextBackupName(paths.backups, input.actor.clock.now())
    const restored = await prepareRestored(db, file, { ...input, savedAs: savedAsName })
    const documents = path.join(source, DOCUMENTS_DIR)
    if (fs.existsSync(documents)) copyTree(documents, path.join(stage, DOCUMENTS_DIR))
    const createdAt = isoNow(input.actor.clock)
    let savedAs: BackupInfo | null = null
    const done = { replaced: false }
    try {
      await withConnection(db, (handle) =>
        swap(handle, restored, { paths, stage, before, db, done }),
      )
    } finally {
      await restored.destroy()
      // Once the database is replaced, the state before is kept, even when the rest failed.
      if (done.replaced) {
        savedAs = completeBackup(before, paths.backups, savedAsName, {
          createdAt,
          reason: 'before-restore',
        })
      }
    }
    if (!savedAs) throw new Error('The state before the restore was not saved')
    rotateBackups(paths.backups, input.keep, [input.name, savedAs.name])
    return { restored: input.name, savedAs }
  } finally {
    fs.rmSync(stage, { recursive: true, force: true })
    fs.rmSync(before, { recursive: true, force: true })
  }
}

/** The current state into `before`, then the prepared one in its place. */
async function swap(
  live: SqliteHandle,
  restored: Db,
  at: { paths: DataPaths; stage: string; before: string; db: Db; done: { replaced: boolean } },
): Promise<void> {
  const { paths, stage, before } = at
  await copyDatabase(live, path.join(before, DATABASE_FILE), at.db)
  await withConnection(restored, (handle) => replaceDatabase(handle, paths.database))
  at.done.replaced = true
  // The documents move by renaming (same disk): the current ones into the backup made before.
  if (fs.existsSync(paths.documents)) {
    fs.renameSync(paths.documents, path.join(before, DOCUMENTS_DIR))
  }
  const staged = path.join(stage, DOCUMENTS_DIR)
  if (fs.existsSync(staged)) fs.renameSync(staged, paths.documents)
}
