import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

// The backups folder: one folder per backup (`portee-2026-11-25T06-00-00Z`, the time in UTC, so
// that names sort by date), holding `portee.sqlite`, `documents/` and `sauvegarde.json`. A backup
// is built in a hidden folder and renamed when complete: a listed backup is always whole. Only the
// account that runs Portée may read them (folders 0700, files 0600).

export type BackupReason = 'auto' | 'manual' | 'before-restore'

export interface BackupInfo {
  name: string
  createdAt: string
  reason: BackupReason
  /** Every file of the backup (database and documents), in bytes. */
  bytes: number
}

/** Where Portée keeps its data: the database, the documents, the backups. */
export interface DataPaths {
  database: string
  documents: string
  backups: string
}

export function dataPaths(dataDir: string): DataPaths {
  return {
    database: path.join(dataDir, 'portee.sqlite'),
    documents: path.join(dataDir, 'documents'),
    backups: path.join(dataDir, 'backups'),
  }
}

export const DATABASE_FILE = 'portee.sqlite'
export const DOCUMENTS_DIR = 'documents'
const MANIFEST_FILE = 'sauvegarde.json'
/** Folders being built (or left by a crash): never listed. */
const WORK_PREFIX = '.en-cours-'

/** A backup's name: only these are listed, restored or deleted (never a path given by a request). */
export const BACKUP_NAME = /^portee-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z(-\d{2})?$/

/** The folder of a new backup: the time in UTC, and a number when the second is already taken. */
export function nextBackupName(backupsDir: string, at: Date): string {
  const stamp = at.toISOString().slice(0, 19).replaceAll(':', '-')
  const base = `portee-${stamp}Z`
  if (!fs.existsSync(path.join(backupsDir, base))) return base
  for (let n = 2; n < 100; n++) {
    const name = `${base}-${String(n).padStart(2, '0')}`
    if (!fs.existsSync(path.join(backupsDir, name))) return name
  }
  throw new Error(`Trop de sauvegardes dans la même seconde : ${base}`)
}

/** A private folder (0700), made when missing. */
export function privateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  fs.chmodSync(dir, 0o700)
}

/** An empty private file (0600): SQLite gives its journal files the mode of the database file. */
export function privateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', 0o600))
  fs.chmodSync(file, 0o600)
}

/** A hidden work folder inside the backups folder (same disk: its contents move by renaming). */
export function workDir(backupsDir: string): string {
  privateDir(backupsDir)
  const dir = path.join(backupsDir, `${WORK_PREFIX}${randomBytes(6).toString('hex')}`)
  privateDir(dir)
  return dir
}

/** Removes the work folders a crash may have left. */
export function removeLeftovers(backupsDir: string): void {
  if (!fs.existsSync(backupsDir)) return
  for (const entry of fs.readdirSync(backupsDir)) {
    if (entry.startsWith(WORK_PREFIX)) {
      fs.rmSync(path.join(backupsDir, entry), { recursive: true, force: true })
    }
  }
}

/** Copies a folder of documents: folders 0700, files 0600; links are not followed. */
export function copyTree(from: string, to: string): void {
  privateDir(to)
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name)
    const target = path.join(to, entry.name)
    if (entry.isDirectory()) copyTree(source, target)
    else if (entry.isFile()) {
      fs.copyFileSync(source, target, fs.constants.COPYFILE_EXCL)
      fs.chmodSync(target, 0o600)
    }
  }
}

function treeBytes(dir: string): number {
  let total = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) total += treeBytes(file)
    else if (entry.isFile()) total += fs.statSync(file).size
  }
  return total
}

/** Writes the manifest, then gives the finished work folder its backup name. */
export function completeBackup(
  work: string,
  backupsDir: string,
  name: string,
  manifest: { createdAt: string; reason: BackupReason },
): BackupInfo {
  const file = path.join(work, MANIFEST_FILE)
  fs.writeFileSync(file, JSON.stringify(manifest, null, 2), { mode: 0o600 })
  fs.renameSync(work, path.join(backupsDir, name))
  return { name, ...manifest, bytes: treeBytes(path.join(backupsDir, name)) }
}

function readInfo(backupsDir: string, name: string): BackupInfo | null {
  const dir = path.join(backupsDir, name)
  if (!fs.existsSync(path.join(dir, DATABASE_FILE))) return null
  let manifest: Partial<{ createdAt: string; reason: BackupReason }> = {}
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')) as typeof manifest
  } catch {
    // A backup copied back without its manifest: its name gives the date.
  }
  const stamp = name.slice('portee-'.length, 'portee-'.length + 20)
  const fromName = `${stamp.slice(0, 10)}T${stamp.slice(11, 19).replaceAll('-', ':')}.000Z`
  return {
    name,
    createdAt: manifest.createdAt ?? fromName,
    reason: manifest.reason ?? 'manual',
    bytes: treeBytes(dir),
  }
}

/** The backups, newest first. */
export function listBackups(backupsDir: string): BackupInfo[] {
  if (!fs.existsSync(backupsDir)) return []
  return fs
    .readdirSync(backupsDir)
    .filter((name) => BACKUP_NAME.test(name))
    .sort()
    .reverse()
    .map((name) => readInfo(backupsDir, name))
    .filter((info): info is BackupInfo => info !== null)
}

/** The folder of a listed backup, or null. */
export function backupDir(backupsDir: string, name: string): string | null {
  if (!BACKUP_NAME.test(name)) return null
  return readInfo(backupsDir, name) ? path.join(backupsDir, name) : null
}

/** Keeps the `keep` newest backups (and those named in `protect`); deletes the others. */
export function rotateBackups(backupsDir: string, keep: number, protect: string[] = []): string[] {
  const old = listBackups(backupsDir)
    .slice(keep)
    .filter((b) => !protect.includes(b.name))
  for (const backup of old) {
    fs.rmSync(path.join(backupsDir, backup.name), { recursive: true, force: true })
  }
  return old.map((b) => b.name)
}
