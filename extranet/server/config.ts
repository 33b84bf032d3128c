import os from 'node:os'
import path from 'node:path'
import { DEFAULT_HASH_QUEUE, HASH_WORKER_NICENESS, type HashQueueLimits } from './hash-pool.ts'

export interface Config {
  dataDir: string
  portal: { host: string; port: number }
  staff: { host: string; port: number }
  publicUrl: string
  /** The back office's address as its users reach it (Electron, a browser, a TLS reverse proxy). */
  staffUrl: string
  /** The reverse proxies in front of the extranet: their X-Forwarded-For names the family's address. */
  trustedProxies: string[]
  smtpUrl: string | null
  mailFrom: string
  demo: boolean
  demoFamilies: number
  /** Directories of the built web apps. */
  webRoots: { portal: string; staff: string }
  sessions: {
    family: { idleMs: number; absoluteMs: number }
    staff: { idleMs: number; absoluteMs: number }
  }
  /** The better-sqlite3 addon built for Electron (set by Electron's main process in development). */
  sqliteBinding: string | null
  /** The outbox sender's pace. */
  mail: MailerOptions
  /** bcrypt worker threads. */
  hashWorkers: number
  /** How much their priority is lowered below the event loop's (nice value, Linux only; 0: not). */
  hashNiceness: number
  /** How many passwords may wait for a worker, and how long, before the server answers 503. */
  hashQueue: HashQueueLimits
  /** How many backups `DATA_DIR/backups` keeps (the newest). */
  backupKeep: number
  /** How long a client may take to send a request, and to leave a connection silent. */
  requestTimeouts: RequestTimeouts
  /** Online payment: PayFiP's web service and payment page, or the local simulator's. */
  payfip: PayfipConfig
}

export interface PayfipConfig {
  /** The SOAP endpoint (PAYFIP_WS_URL). */
  wsUrl: string
  /** The page the family is sent to, `?idop=…` added (PAYFIP_PAGE_URL). */
  pageUrl: string
  /** Whether the portal listener serves the simulator under /payfip-simulateur/ (DEMO=1, PAYFIP_SIMULATOR=1). */
  simulator: boolean
}

/** DGFiP's addresses (PayFiP régie web service; see db/services/billing/payfip/soap.ts). */
export const PAYFIP_WS_URL = 'https://www.payfip.gouv.fr/tpa/services/securite'
export const PAYFIP_PAGE_URL = 'https://www.payfip.gouv.fr/tpa/paiementws.web'

/**
 * PayFiP's addresses: DGFiP's, unless the demo (or PAYFIP_SIMULATOR=1) serves the simulator and
 * no address is given; then the simulator's, on this portal (PUBLIC_URL).
 */
export function payfipConfig(env: NodeJS.ProcessEnv, publicUrl: string): PayfipConfig {
  const simulator = env['DEMO'] === '1' || env['PAYFIP_SIMULATOR'] === '1'
  const local = simulator && !env['PAYFIP_WS_URL']
  return {
    wsUrl: env['PAYFIP_WS_URL'] || (local ? `${publicUrl}/payfip-simulateur/ws` : PAYFIP_WS_URL),
    pageUrl:
      env['PAYFIP_PAGE_URL'] ||
      (local ? `${publicUrl}/payfip-simulateur/paiement` : PAYFIP_PAGE_URL),
    simulator,
  }
}

export interface RequestTimeouts {
  /** To send a whole request, headers and body: beyond it, 408 and the connection is closed. */
  requestMs: number
  /** A connection where nothing passes either way for this long is closed. */
  idleSocketMs: number
}

/**
 * Most requests of Portée are small JSON bodies, but a family sends the pièces of its réinscription
 * from a phone: 10 Mo in two minutes needs about 0.7 Mbit/s up, what a weak mobile line gives. The
 * headers alone must arrive within 30 seconds (request-timeouts.ts), so a client that stalls
 * before its body does not hold a connection for minutes.
 */
export const DEFAULT_REQUEST_TIMEOUTS: RequestTimeouts = {
  requestMs: 120_000,
  idleSocketMs: 120_000,
}

const MINUTE = 60_000

export interface MailerOptions {
  /** How often the outbox is looked at. */
  pollMs: number
  /** The waits after each temporary failure (4xx, connection refused); the last one repeats. */
  retryDelaysMs: number[]
  /** After this many attempts, a mail is marked failed. */
  maxAttempts: number
}

export const DEFAULT_MAILER_OPTIONS: MailerOptions = {
  pollMs: 2000,
  retryDelaysMs: [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000, 4 * 60 * 60_000],
  maxAttempts: 10,
}

/** The OS's app-data folder for Portée (what Electron's app.getPath('userData') gives). */
export function defaultDataDir(): string {
  const home = os.homedir()
  if (process.platform === 'win32') {
    return path.join(process.env['APPDATA'] ?? path.join(home, 'AppData', 'Roaming'), 'Portée')
  }
  if (process.platform === 'darwin')
    return path.join(home, 'Library', 'Application Support', 'Portée')
  return path.join(process.env['XDG_CONFIG_HOME'] ?? path.join(home, '.config'), 'Portée')
}

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new Error(`${name} doit être un numéro de port (0 à 65535), pas « ${value} ».`)
  }
  return n
}

/** The back office's default address: its own listener's, on loopback when it listens everywhere. */
function defaultStaffUrl(host: string, portNumber: number): string {
  const name = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host
  return `http://${name.includes(':') ? `[${name}]` : name}:${portNumber}`
}

/**
 * The bcrypt workers for a machine of `cpus` processors: one is left to the event loop (and the
 * database, on the same thread), at least one worker, 4 at most (a conservatoire's login storm is
 * a few hundred families).
 */
export function defaultHashWorkers(cpus: number): number {
  return Math.max(1, Math.min(4, cpus - 1))
}

/**
 * The workers' priority: as the event loop's while they leave it a processor (measured on two
 * processors during a login storm: the pages as fast as when calm, and lowering the workers only
 * cost logins); lowered when they cannot (one processor), so that the pages of the families
 * already logged in go first and the logins take what is left.
 */
export function defaultHashNiceness(cpus: number, workers: number): number {
  return cpus > workers ? 0 : HASH_WORKER_NICENESS
}

const projectRoot = path.resolve(import.meta.dirname, '..', '..')

/** Reads the configuration from the environment (DESIGN.md's variables), with their defaults. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const demoFamilies = env['DEMO_FAMILIES'] ? Number(env['DEMO_FAMILIES']) : 300
  if (!Number.isInteger(demoFamilies) || demoFamilies < 0) {
    throw new Error(
      `DEMO_FAMILIES doit être un nombre entier positif, pas « ${env['DEMO_FAMILIES']} ».`,
    )
  }
  const backupKeep = env['BACKUP_KEEP'] ? Number(env['BACKUP_KEEP']) : 14
  if (!Number.isInteger(backupKeep) || backupKeep < 1) {
    throw new Error(
      `BACKUP_KEEP doit être un nombre entier supérieur ou égal à 1, pas « ${env['BACKUP_KEEP']} ».`,
    )
  }
  const cpus = os.availableParallelism()
  const hashWorkers = defaultHashWorkers(cpus)
  const distRoot = env['PORTEE_DIST_DIR'] ?? path.join(projectRoot, 'dist')
  const publicUrl = (env['PUBLIC_URL'] || 'http://localhost:8080').replace(/\/+$/, '')
  const staff = {
    host: env['STAFF_HOST'] || '127.0.0.1',
    port: port(env['STAFF_PORT'], 8081, 'STAFF_PORT'),
  }
  return {
    dataDir: env['DATA_DIR'] || defaultDataDir(),
    portal: {
      host: env['PORTAL_HOST'] || '0.0.0.0',
      port: port(env['PORTAL_PORT'], 8080, 'PORTAL_PORT'),
    },
    staff,
    publicUrl,
    staffUrl: (env['STAFF_URL'] || defaultStaffUrl(staff.host, staff.port)).replace(/\/+$/, ''),
    trustedProxies: (env['TRUSTED_PROXIES'] ?? '')
      .split(',')
      .map((address) => address.trim())
      .filter(Boolean),
    smtpUrl: env['SMTP_URL'] || null,
    mailFrom: env['MAIL_FROM'] || 'Portée <no-reply@localhost>',
    demo: env['DEMO'] === '1',
    demoFamilies,
    webRoots: { portal: path.join(distRoot, 'extranet'), staff: path.join(distRoot, 'renderer') },
    sessions: {
      family: { idleMs: 30 * MINUTE, absoluteMs: 12 * 60 * MINUTE },
      staff: { idleMs: 4 * 60 * MINUTE, absoluteMs: 12 * 60 * MINUTE },
    },
    mail: DEFAULT_MAILER_OPTIONS,
    sqliteBinding: env['PORTEE_SQLITE_BINDING'] || null,
    hashWorkers,
    hashNiceness: defaultHashNiceness(cpus, hashWorkers),
    hashQueue: DEFAULT_HASH_QUEUE,
    requestTimeouts: DEFAULT_REQUEST_TIMEOUTS,
    backupKeep,
    payfip: payfipConfig(env, publicUrl),
  }
}
