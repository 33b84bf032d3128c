// The processes the benchmark measures: Portée's server started as `npm run serve` starts it (after
// its build), and a bare Hapi server as the baseline, each in its own process; the load comes from
// the benchmark's process.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { serveNodeArgs } from '../scripts/serve-command.ts'

const ROOT = path.resolve(import.meta.dirname, '..')
/** `npm run serve`'s `node` arguments: its options, then the server's bundle. */
const SERVE = serveNodeArgs()
const SERVER = SERVE.at(-1) ?? 'dist/server/main.js'
/**
 * Options for the measured server's `node` (BENCH_NODE_ARGS, split on spaces), e.g.
 * `--cpu-prof --cpu-prof-dir=.cache/profiles` to profile it as the bench loads it.
 */
const NODE_ARGS = (process.env['BENCH_NODE_ARGS'] ?? '').split(' ').filter(Boolean)

export interface Started {
  /** The URLs the process printed when ready. */
  urls: string[]
  /** Milliseconds from the spawn to the first answer over HTTP. */
  firstAnswerMs: number
  pid: number
  /** Resident memory now and at its peak (kB), read from /proc (Linux) or `ps` elsewhere. */
  memory(): { rssKb: number; peakKb: number | null }
  /** Processor time used so far (ms): user + system. */
  cpuMs(): number
  /** The same, for each of its threads (by thread id; the main thread's is the process's pid). */
  threadsCpuMs(): Map<number, number>
  stop(): Promise<void>
}

function readStatus(pid: number): { rssKb: number; peakKb: number | null } {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
    return { rssKb: field('VmRSS'), peakKb: field('VmHWM') }
  } catch {
    return { rssKb: 0, peakKb: null }
  }
}

/** Fields 14 and 15 of a /proc stat file: utime and stime, in clock ticks (100 per second), in ms. */
function statCpuMs(file: string): number {
  try {
    const stat = fs.readFileSync(file, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return 0
  }
}

const readCpuMs = (pid: number): number => statCpuMs(`/proc/${pid}/stat`)

/** Each thread's processor time (Linux; empty elsewhere). */
function readThreadsCpuMs(pid: number): Map<number, number> {
  const threads = new Map<number, number>()
  try {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`))
      threads.set(Number(tid), statCpuMs(`/proc/${pid}/task/${tid}/stat`))
  } catch {
    // Not Linux, or the process is gone: no thread to tell apart.
  }
  return threads
}

async function firstAnswer(url: string, since: number, child: ChildProcess): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the process stopped (code ${child.exitCode})`)
    try {
      await fetch(url)
      return Date.now() - since
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
}

/**
 * Spawns `node <args>` and waits until it printed `count` URLs, then until the first
 * of `probePath` on the first URL answers (any status).
 */
async function startProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  count: number,
  probePath: string,
): Promise<Started> {
  const since = Date.now()
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const urls = await new Promise<string[]>((resolve, reject) => {
    const found: string[] = []
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8')
      for (const match of output.matchAll(/https?:\/\/[\w.[\]:-]+/g)) {
        if (!found.includes(match[0])) found.push(match[0])
      }
      if (found.length >= count) resolve(found.slice(0, count))
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
    child.on('exit', (code) =>
      reject(new Error(`${args.join(' ')} stopped (code ${code}) before it was ready:\n${output}`)),
    )
  })
  const firstAnswerMs = await firstAnswer(`${urls[0]}${probePath}`, since, child)
  const pid = child.pid ?? 0
  return {
    urls,
    firstAnswerMs,
    pid,
    memory: () => readStatus(pid),
    cpuMs: () => readCpuMs(pid),
    threadsCpuMs: () => readThreadsCpuMs(pid),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

/** The bare Hapi server with its "hello" route (bench/hello.ts), and its plain uploads into `uploadDir`. */
export function startHello(uploadDir?: string): Promise<Started> {
  const env = { PORT: '0', ...(uploadDir ? { UPLOAD_DIR: uploadDir } : {}) }
  return startProcess(['--import', 'tsx', 'bench/hello.ts'], env, 1, '/hello')
}

/** Portée's server, started: its two sides' URLs. */
export type StartedPortee = Started & { portalUrl: string; staffUrl: string }

/**
 * Portée's server on `dataDir`, with the demo's settings, on free loopback ports: the bundle that
 * `npm run serve` and Electron run (`npm run build` makes it; `npm run bench` builds first), with
 * the `node` options `npm run serve` gives it.
 */
export async function startPortee(
  dataDir: string,
  families: number,
  env: NodeJS.ProcessEnv = {},
): Promise<StartedPortee> {
  if (!fs.existsSync(path.join(ROOT, SERVER)))
    throw new Error(`${SERVER} is missing: npm run build`)
  const started = await startProcess(
    [...NODE_ARGS, ...SERVE],
    {
      DATA_DIR: dataDir,
      DEMO: '1',
      DEMO_FAMILIES: String(families),
      PORTAL_HOST: '127.0.0.1',
      PORTAL_PORT: '0',
      STAFF_HOST: '127.0.0.1',
      STAFF_PORT: '0',
      ...env,
    },
    2,
    '/api/family/sites',
  )
  const [portalUrl = '', staffUrl = ''] = started.urls
  return { ...started, portalUrl, staffUrl }
}

/** Waits until the server's first daily backup (made at start) is written: it is not measured. */
export async function backupDone(dataDir: string): Promise<void> {
  const dir = path.join(dataDir, 'backups')
  for (;;) {
    if (fs.existsSync(dir) && fs.readdirSync(dir).some((name) => !name.startsWith('.'))) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
