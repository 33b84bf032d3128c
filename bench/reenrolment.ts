// The réinscription rush: the morning the campaign opens, families arrive by the hundred. On a copy
// of the demo, the Conservatoire's campaign is opened from now on (before the server starts); the
// families that have not answered yet log in, open their pupil's tab, give a 2 MB PDF for each
// required pièce and validate, while other families browse. The bench (run.ts) measures around it.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import autocannon from 'autocannon'
import Database from 'better-sqlite3'
import { DEMO_PASSWORD } from '../db/demo/index.ts'
import { syncToDisk } from '../db/document-files.ts'
import { ACTIVE_GUARDIAN } from '../db/services/access.ts'
import { FILE_NAME_HEADER } from '../extranet/api/reenrolment-types.ts'
import { CONNECTIONS, cookieOf, getJson, measureOf, postLogin, type Measure } from './load.ts'
import { startHello, type StartedPortee } from './processes.ts'

export const PDF_BYTES = 2 * 1024 * 1024

/** A family that has not started its réinscription: a guardian's login and one of its pupils. */
export interface RushFamily {
  siteId: number
  login: string
  pupilId: number
}

/**
 * Opens the demo's latest campaign from an hour ago for a week (in the copy, before its server
 * starts: the template may be days old) and returns the families of its site that have not
 * answered, at most `count`, one pupil each (enrolled this year), DESIGN.md's families left out.
 */
export function openRush(dbFile: string, count: number, nowMs = Date.now()): RushFamily[] {
  const sqlite = new Database(dbFile)
  try {
    const campaign = sqlite
      .prepare('SELECT id, site_id AS siteId FROM reenrolment_campaigns ORDER BY closes_at DESC')
      .get() as { id: number; siteId: number } | undefined
    if (!campaign) throw new Error('the demo has no réinscription campaign')
    sqlite
      .prepare('UPDATE reenrolment_campaigns SET opens_at = ?, closes_at = ? WHERE id = ?')
      .run(
        new Date(nowMs - 3600_000).toISOString(),
        new Date(nowMs + 7 * 86400_000).toISOString(),
        campaign.id,
      )
    return sqlite
      .prepare(
        `SELECT guardians.site_id AS siteId, guardians.login, MIN(p.id) AS pupilId
         FROM guardians
         JOIN families ON families.id = guardians.family_id
         JOIN sites ON sites.id = guardians.site_id
         JOIN pupils p ON p.family_id = guardians.family_id AND p.archived_at IS NULL
         WHERE ${ACTIVE_GUARDIAN} AND guardians.login IS NOT NULL
           AND guardians.password_hash IS NOT NULL AND guardians.site_id = @siteId
           AND guardians.login NOT IN ('abolant1', 'dupont1', 'dupont2', 'torrice1')
           AND EXISTS (SELECT 1 FROM enrolments e
                       JOIN courses c ON c.id = e.course_id
                       JOIN school_years y ON y.id = c.school_year_id AND y.is_current = 1
                       WHERE e.pupil_id = p.id AND e.ends_on IS NULL)
           AND NOT EXISTS (SELECT 1 FROM reenrolment_requests r
                           WHERE r.campaign_id = @campaignId AND r.family_id = guardians.family_id)
         GROUP BY guardians.family_id
         ORDER BY guardians.family_id
         LIMIT @count`,
      )
      .all({ siteId: campaign.siteId, campaignId: campaign.id, count }) as RushFamily[]
  } finally {
    sqlite.close()
  }
}

/** A whole PDF of `bytes` bytes (a header, a binary stream, %%EOF): what a scanner gives. */
export function pdfOf(bytes: number): Buffer {
  const head = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nstream\n', 'latin1')
  const tail = Buffer.from('\nendstream\nendobj\ntrailer\n<< >>\n%%EOF\n', 'latin1')
  return Buffer.concat([head, randomBytes(bytes - head.length - tail.length), tail])
}

interface TabView {
  revision: number
  lines: { enrolmentId: number }[]
  pieces: { pieceId: number; required: boolean }[]
}

/** What the family app sends for « Importer » (postFile): the file itself, its name in a header. */
export interface Upload {
  body: Buffer
  headers: { 'content-type': string; [FILE_NAME_HEADER]: string }
  /** The file's size. */
  bytes: number
}

export function uploadOf(file: Buffer, fileName = 'justificatif.pdf'): Upload {
  return {
    body: file,
    headers: {
      'content-type': 'application/octet-stream',
      [FILE_NAME_HEADER]: encodeURIComponent(fileName),
    },
    bytes: file.length,
  }
}

/** Sends a pièce: the same upload for the whole bench, so that the bench's process spends little. */
export async function uploadPiece(
  portalUrl: string,
  cookie: string,
  pupilId: number,
  pieceId: number,
  upload: Upload,
): Promise<TabView> {
  const url = `${portalUrl}/api/family/pupils/${pupilId}/reenrolment/pieces/${pieceId}`
  return JSON.parse(await postUpload(url, upload, { cookie })) as TabView
}

/** POSTs an upload, answered 200: the answer's text. */
async function postUpload(
  url: string,
  upload: Upload,
  headers: http.OutgoingHttpHeaders = {},
): Promise<string> {
  const { status, text } = await sendUpload(url, upload, headers).catch((err: unknown) => {
    // A kept-alive connection the server closed as it sat idle, just as it was used again: the
    // upload is sent again on a new one, as Node's documentation advises (`reusedSocket`).
    if (err instanceof StaleConnection) return sendUpload(url, upload, headers)
    throw err
  })
  if (status !== 200) throw new Error(`${url}: ${status} ${text}`)
  return text
}

class StaleConnection extends Error {}

function sendUpload(
  url: string,
  upload: Upload,
  headers: http.OutgoingHttpHeaders,
): Promise<{ status: number; text: string }> {
  // node:http rather than fetch: fetch spends as much processor time as the server on 2 MB.
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      agent,
      headers: { ...headers, ...upload.headers, 'content-length': upload.body.length },
    })
    request.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        request.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE')
          ? new StaleConnection(err.message)
          : err,
      ),
    )
    request.on('response', (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('error', reject)
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
      )
    })
    request.end(upload.body)
  })
}

const agent = new http.Agent({ keepAlive: true })

/** What one family did: its cookie, the pièces it gave, the bytes it sent. */
export interface Journey {
  cookie: string
  pieces: number[]
  bytes: number
  /** How many times its login was answered « busy, come back » (503) before it went through. */
  refused: number
}

/** One family's morning: log in, open the tab, give each required pièce, « Valider ». */
export async function journey(
  portalUrl: string,
  family: RushFamily,
  pdf: Upload,
): Promise<Journey> {
  const { cookie, refused } = await logInAsAPerson(`${portalUrl}/api/family/session`, {
    siteId: family.siteId,
    login: family.login,
    password: DEMO_PASSWORD,
  })
  const tabUrl = `${portalUrl}/api/family/pupils/${family.pupilId}/reenrolment`
  let tab = await getJson<TabView>(tabUrl, cookie)
  const pieces = tab.pieces.filter((p) => p.required).map((p) => p.pieceId)
  for (const pieceId of pieces)
    tab = await uploadPiece(portalUrl, cookie, family.pupilId, pieceId, pdf)
  const body = {
    administrative: false,
    comment: '',
    lines: tab.lines.map((l) => ({ enrolmentId: l.enrolmentId, reenrol: true, courseId: null })),
    revision: tab.revision,
  }
  const sent = await fetch(tabUrl, {
    method: 'PUT',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!sent.ok) throw new Error(`${tabUrl}: ${sent.status} ${await sent.text()}`)
  return { cookie, pieces, bytes: pieces.length * pdf.bytes, refused }
}

/** How many times a person comes back after « Réessayez dans quelques secondes ». */
const LOGIN_ATTEMPTS = 10

/**
 * Logs in as a parent would: told the server is busy (503, the hashing queue full), comes back
 * after the Retry-After it was given, and tries again. The cookie, and how many times it was told.
 */
async function logInAsAPerson(
  url: string,
  body: object,
): Promise<{ cookie: string; refused: number }> {
  for (let refused = 0; ; refused++) {
    const response = await postLogin(url, body)
    if (response.status !== 503 || refused + 1 >= LOGIN_ATTEMPTS)
      return { cookie: cookieOf(response), refused }
    await response.arrayBuffer()
    const seconds = Number(response.headers.get('retry-after') ?? 1)
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
  }
}

/** Runs `work` on every item, `concurrency` at a time; the results in the items' order. */
export async function inParallel<T, R>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await work(items[i] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker))
  return results
}

/**
 * A plain copy of `count` files of `bytes` bytes on the disk of `dir` (fs.copyFile, `concurrency`
 * at a time), in MB/s: written to the disk (each copy synced, as an upload is before it is
 * recorded) or left in the system's cache.
 */
export async function plainCopyMBps(
  dir: string,
  count: number,
  bytes: number,
  concurrency: number,
  durable: boolean,
): Promise<number> {
  const work = fs.mkdtempSync(path.join(dir, 'copie-'))
  try {
    const source = path.join(work, 'source.pdf')
    fs.writeFileSync(source, pdfOf(bytes))
    const indexes = Array.from({ length: count }, (_, i) => i)
    const started = process.hrtime.bigint()
    await inParallel(indexes, concurrency, async (i) => {
      const copy = path.join(work, `copie-${i}.pdf`)
      await fs.promises.copyFile(source, copy)
      if (durable) await syncToDisk(copy)
    })
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    return (count * bytes) / 1e6 / seconds
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
}

/**
 * `count` uploads sent UPLOADS_AT_ONCE at a time to the bare Hapi server (bench/hello.ts), which
 * streams each body into a file of DATA_DIR's disk, synced, and nothing else: what an upload over
 * HTTP in Node can do on this machine, in MB/s of the file sent (as the uploads are counted).
 */
export async function bareUploads(
  dataDir: string,
  count: number,
  upload: Upload,
): Promise<UploadRun> {
  const dir = fs.mkdtempSync(path.join(dataDir, 'temoin-'))
  const bare = await startHello(dir)
  try {
    const url = `${bare.urls[0]}/upload`
    const indexes = Array.from({ length: count }, (_, i) => i)
    return await uploadRun(bare.cpuMs, count, upload, () =>
      inParallel(indexes, UPLOADS_AT_ONCE, () => postUpload(url, upload)),
    )
  } finally {
    await bare.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** Uploads measured: MB/s of the files sent, and the processor time each upload cost. */
export interface UploadRun {
  mbps: number
  /** Milliseconds of processor per upload: the server's (every thread), the bench's, which sends. */
  serverMs: number
  senderMs: number
}

/** Runs `send` (`count` uploads of `upload`), timing it and the processor of both sides. */
async function uploadRun(
  serverCpuMs: () => number,
  count: number,
  upload: Upload,
  send: () => Promise<unknown>,
): Promise<UploadRun> {
  const server = serverCpuMs()
  const sender = process.cpuUsage()
  const started = process.hrtime.bigint()
  await send()
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const sent = process.cpuUsage(sender)
  return {
    mbps: (count * upload.bytes) / 1e6 / seconds,
    serverMs: (serverCpuMs() - server) / count,
    senderMs: (sent.user + sent.system) / 1000 / count,
  }
}

/** GETs at 50 connections until `stop` is called: the families who browse during the rush. */
export function browseUntilStopped(url: string, cookie: string): { stop(): Promise<Measure> } {
  let instance: autocannon.Instance | undefined
  const result = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      { url, headers: { cookie }, connections: CONNECTIONS, duration: 24 * 3600 },
      (err, res) => (err ? reject(err as Error) : resolve(res)),
    )
  })
  return {
    async stop() {
      instance?.stop()
      return measureOf(await result)
    },
  }
}

export interface RushResult {
  families: number
  /** Wall time of the whole rush (logins included: the hashing pool sets its pace). */
  seconds: number
  /** The pièces given during the rush. */
  uploads: number
  /** Logins answered « busy, come back » (503 with Retry-After), then made again. */
  loginsRefused: number
  /** The tab, read by the families who browse, during the rush. */
  during: Measure
  /** The server's resident memory at its highest during the rush and the uploads (kB). */
  peakKb: number
  /** The uploads measured alone: every family gives its first pièce again, UPLOADS_AT_ONCE at once. */
  uploadsAlone: UploadRun
  /** Plain copies of the same files, synced to the disk; and left in the system's cache. */
  copyMBps: number
  cachedCopyMBps: number
  /** The same uploads sent to the bare Hapi server, which only writes them to the disk. */
  bareUploads: UploadRun
}

/** How many families go through the rush at once, and how many uploads are sent at once. */
export const FAMILIES_AT_ONCE = 20
export const UPLOADS_AT_ONCE = 10

/**
 * The rush: `families` go through their journey FAMILIES_AT_ONCE at a time while others read the
 * tab `browse` at 50 connections; then every family gives its first pièce again, UPLOADS_AT_ONCE at
 * a time with nothing else running, against the same number of plain copies on DATA_DIR's disk.
 */
export async function rush(
  server: StartedPortee,
  families: RushFamily[],
  browse: { url: string; cookie: string },
  dataDir: string,
): Promise<RushResult> {
  const pdf = uploadOf(pdfOf(PDF_BYTES))
  let peakKb = server.memory().rssKb
  const timer = setInterval(() => (peakKb = Math.max(peakKb, server.memory().rssKb)), 100)
  try {
    const browsing = browseUntilStopped(browse.url, browse.cookie)
    const started = process.hrtime.bigint()
    let journeys: Journey[]
    let during: Measure
    try {
      journeys = await inParallel(families, FAMILIES_AT_ONCE, (family) =>
        journey(server.portalUrl, family, pdf),
      )
    } finally {
      during = await browsing.stop()
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    const again = families.map((family, i) => ({ family, done: journeys[i] as Journey }))
    const uploadsAlone = await uploadRun(server.cpuMs, again.length, pdf, () =>
      inParallel(again, UPLOADS_AT_ONCE, ({ family, done }) =>
        uploadPiece(server.portalUrl, done.cookie, family.pupilId, done.pieces[0] ?? 0, pdf),
      ),
    )
    const bareUploadRun = await bareUploads(dataDir, again.length, pdf)
    const copyMBps = await plainCopyMBps(dataDir, again.length, pdf.bytes, UPLOADS_AT_ONCE, true)
    const cachedCopyMBps = await plainCopyMBps(
      dataDir,
      again.length,
      pdf.bytes,
      UPLOADS_AT_ONCE,
      false,
    )
    return {
      families: journeys.length,
      seconds,
      uploads: journeys.reduce((sum, j) => sum + j.pieces.length, 0),
      loginsRefused: journeys.reduce((sum, j) => sum + j.refused, 0),
      during,
      peakKb: Math.max(peakKb, server.memory().rssKb),
      uploadsAlone,
      copyMBps,
      cachedCopyMBps,
      bareUploads: bareUploadRun,
    }
  } finally {
    clearInterval(timer)
  }
}
