import { makeBackup, restoreBackup, type BackupActor } from '../../db/backup/operations.ts'
import {
  dataPaths,
  listBackups,
  removeLeftovers,
  type BackupInfo,
  type DataPaths,
} from '../../db/backup/store.ts'
import type { Clock } from '../../db/clock.ts'
import type { Db } from '../../db/connection.ts'
import type { Config } from './config.ts'
import type { Mailer } from './mailer.ts'

const DAY_MS = 24 * 60 * 60 * 1000
/** How often the schedule looks whether a day has passed since the last backup. */
const CHECK_EVERY_MS = 10 * 60 * 1000
/** The first check, after start: once the first pages have been served. */
const FIRST_CHECK_AFTER_MS = 5000

/**
 * The backups of `DATA_DIR/backups`: the daily one (driven by the server's clock: a check every ten
 * minutes makes a backup when the newest is a day old, and at start when there is none),
 * "Sauvegarder maintenant" and "Restaurer". One operation at a time: the others wait their turn.
 */
export class Backups {
  readonly paths: DataPaths
  private timer: NodeJS.Timeout | null = null
  private firstCheck: NodeJS.Timeout | null = null
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly db: Db,
    private readonly config: Config,
    private readonly clock: Clock,
    private readonly mailer: Mailer,
  ) {
    this.paths = dataPaths(config.dataDir)
  }

  /** The backups, newest first. */
  list(): BackupInfo[] {
    return listBackups(this.paths.backups)
  }

  /**
   * Starts the schedule, with a first check shortly after start: the copy holds the one Node thread
   * while SQLite copies the pages (seconds for a large database), so the first pages come first.
   */
  start(): void {
    removeLeftovers(this.paths.backups)
    const check = () =>
      void this.runDue().catch((err: unknown) => console.error('Sauvegarde automatique :', err))
    this.firstCheck = setTimeout(check, FIRST_CHECK_AFTER_MS)
    this.firstCheck.unref()
    this.timer = setInterval(check, CHECK_EVERY_MS)
    this.timer.unref()
  }

  /** Waits for the operation under way, and stops the schedule. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    if (this.firstCheck) clearTimeout(this.firstCheck)
    this.timer = null
    this.firstCheck = null
    await this.queue.catch(() => undefined)
  }

  /** The schedule's check: a backup when none is younger than a day (by the clock). Tests call it. */
  runDue(): Promise<BackupInfo | null> {
    return this.serial(async () => {
      const newest = this.list()[0]
      const age = newest ? this.clock.now().getTime() - Date.parse(newest.createdAt) : Infinity
      if (age < DAY_MS) return null
      return this.backup('auto', { staffUserId: null, clientIp: '', clock: this.clock })
    })
  }

  /** "Sauvegarder maintenant". */
  backupNow(actor: BackupActor): Promise<BackupInfo> {
    return this.serial(() => this.backup('manual', actor))
  }

  /** "Restaurer": the state of now is backed up first; then everyone logs in again. */
  restore(name: string, actor: BackupActor & { staffUserId: number }) {
    return this.serial(async () => {
      const result = await restoreBackup(this.db, this.paths, {
        name,
        keep: this.config.backupKeep,
        actor,
      })
      this.mailer.kick()
      return result
    })
  }

  private backup(reason: 'auto' | 'manual', actor: BackupActor): Promise<BackupInfo> {
    return makeBackup(this.db, this.paths, { reason, keep: this.config.backupKeep, actor })
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.catch(() => undefined).then(work)
    this.queue = next
    return next
  }
}
