import fs from 'node:fs'
import path from 'node:path'

// What goes wrong with the disk under DATA_DIR, told in French: at start (Portée stops before
// changing anything) and while it runs (the change is rolled back, the request answered 503).

/** Why the data folder or the database cannot be written. */
export type StorageProblem = 'full' | 'readonly' | 'rights' | 'notFolder' | 'io'

const PROBLEM_OF_CODE: [RegExp, StorageProblem][] = [
  [/^(ENOSPC|EDQUOT|SQLITE_FULL)$/, 'full'],
  [/^(EROFS|SQLITE_READONLY(_\w+)?)$/, 'readonly'],
  [/^(EACCES|EPERM|SQLITE_PERM|SQLITE_AUTH)$/, 'rights'],
  [/^(ENOTDIR|EEXIST)$/, 'notFolder'],
  [/^(EIO|SQLITE_IOERR(_\w+)?|SQLITE_CANTOPEN(_\w+)?)$/, 'io'],
]

/** The storage problem behind an error of the file system or of SQLite, or null for another one. */
export function storageProblem(err: unknown): StorageProblem | null {
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return null
  return PROBLEM_OF_CODE.find(([pattern]) => pattern.test(code))?.[1] ?? null
}

const CAUSE: Record<StorageProblem, string> = {
  full: 'le disque est plein',
  readonly: 'il est en lecture seule',
  rights: 'ses droits ne permettent pas au compte qui lance Portée d’y écrire',
  notFolder: 'ce chemin passe par un fichier, pas par un dossier',
  io: 'le disque signale une erreur de lecture ou d’écriture',
}

/** What the server says at start when it cannot write its data folder. */
export function dataDirMessage(dir: string, problem: StorageProblem): string {
  return `le dossier de données « ${dir} » ne peut pas être écrit : ${CAUSE[problem]}. Portée s’arrête sans rien modifier ; réglez le problème (ou choisissez un autre dossier avec DATA_DIR) puis relancez.`
}

const SHORT_CAUSE: Record<StorageProblem, string> = {
  full: 'disque plein',
  readonly: 'données en lecture seule',
  rights: 'droits insuffisants sur les données',
  notFolder: 'dossier de données introuvable',
  io: 'erreur du disque',
}

/** What a request that could not be written is answered, while the server runs. */
export function storageRefusal(problem: StorageProblem): string {
  return `Le serveur ne peut rien enregistrer pour le moment (${SHORT_CAUSE[problem]}) : rien n’a été modifié. Réessayez plus tard ; si cela dure, prévenez l’administrateur de Portée.`
}

/** An error of the data folder, its message in French. */
export class DataDirError extends Error {
  constructor(
    readonly dir: string,
    readonly problem: StorageProblem,
  ) {
    super(dataDirMessage(dir, problem))
    this.name = 'DataDirError'
  }
}

/**
 * Makes the data folder when missing (0700: only the account that runs Portée may read it), then
 * writes, syncs and removes a probe file in it: a folder that cannot be written (read-only disk,
 * full disk, rights) is told at start, before the database is touched.
 */
export function ensureWritableDataDir(dir: string): void {
  const probe = path.join(dir, `.portee-ecriture-${process.pid}`)
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
    fs.chmodSync(dir, 0o700)
    const fd = fs.openSync(probe, 'w', 0o600)
    try {
      fs.writeSync(fd, Buffer.alloc(4096))
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
      fs.rmSync(probe, { force: true })
    }
  } catch (err) {
    const problem = storageProblem(err)
    if (problem) throw new DataDirError(dir, problem)
    throw err
  }
}
