// The load: autocannon in the benchmark's process, against a server in another process.
import autocannon from 'autocannon'

export const DURATION = Number(process.env['BENCH_SECONDS'] ?? 5)
export const CONNECTIONS = 50

export interface Measure {
  /** Requests per second (mean over the run). */
  rps: number
  p50: number
  p99: number
  /** Answers that were not 2xx, and errors (timeouts, resets). */
  failures: number
  /** Answers received. */
  requests: number
  /**
   * The measured server's processor time (user + system, all its threads) per answer, in µs, when
   * the measure was given the server's clock (`cpuMs`).
   */
  cpuUs?: number
}

/** The processor time a server process has used so far, in ms (Started.cpuMs). */
export type CpuClock = () => number

export function load(options: autocannon.Options): Promise<autocannon.Result> {
  return autocannon({ duration: DURATION, connections: CONNECTIONS, ...options })
}

export function measureOf(result: autocannon.Result): Measure {
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
    requests: result.requests.total,
  }
}

/** One load; given the server's `cpuMs`, with its processor time per answer. */
async function loadTimed(options: autocannon.Options, cpuMs?: CpuClock): Promise<Measure> {
  const before = cpuMs?.()
  const m = measureOf(await load(options))
  if (!cpuMs || before === undefined) return m
  return { ...m, cpuUs: ((cpuMs() - before) * 1000) / Math.max(1, m.requests) }
}

/**
 * A GET at 50 connections, after a one-second warm-up; throws when anything fails. Given the
 * measured server's `cpuMs`, the measure says what each answer cost its processor.
 */
export async function measure(url: string, cookie?: string, cpuMs?: CpuClock): Promise<Measure> {
  const headers = cookie ? { cookie } : {}
  await autocannon({ url, headers, connections: CONNECTIONS, duration: 1 })
  const result = await loadTimed({ url, headers }, cpuMs)
  if (result.failures > 0) throw new Error(`${url}: ${result.failures} answers were not 2xx`)
  return result
}

/** How many turns `measureInTurns` takes (BENCH_TURNS, 3 by default). */
export const TURNS = Number(process.env['BENCH_TURNS'] ?? 3)

/**
 * Two GETs measured in turns (a, b, a, b…: TURNS times each, for half of DURATION each, after a
 * one-second warm-up of both), so that the machine's drift and the load of other processes weigh
 * on both alike: their requests per second are the mean of the turns, their p50 the median of the
 * turns', their p99 the worst turn's (the p99 of all the requests is no higher). Throws when
 * anything fails.
 */
export async function measureInTurns(
  a: { url: string; cookie?: string },
  b: { url: string; cookie?: string },
  cpuMs?: CpuClock,
): Promise<[Measure, Measure]> {
  const headersOf = (cookie?: string) => (cookie ? { cookie } : {})
  for (const { url, cookie } of [a, b])
    await autocannon({ url, headers: headersOf(cookie), connections: CONNECTIONS, duration: 1 })
  const duration = Math.max(1, Math.round(DURATION / 2))
  const turns: [Measure[], Measure[]] = [[], []]
  for (let turn = 0; turn < TURNS; turn++) {
    for (const [i, { url, cookie }] of [a, b].entries()) {
      const m = await loadTimed({ url, headers: headersOf(cookie), duration }, cpuMs)
      if (m.failures > 0) throw new Error(`${url}: ${m.failures} answers were not 2xx`)
      turns[i]?.push(m)
    }
  }
  const median = (values: number[]) => [...values].sort((x, y) => x - y)[values.length >> 1] ?? 0
  const sum = (ms: Measure[], of: (m: Measure) => number) => ms.reduce((s, m) => s + of(m), 0)
  const combined = (ms: Measure[]): Measure => {
    const requests = sum(ms, (m) => m.requests)
    const m: Measure = {
      rps: sum(ms, (m) => m.rps) / ms.length,
      p50: median(ms.map((m) => m.p50)),
      p99: Math.max(...ms.map((m) => m.p99)),
      failures: 0,
      requests,
    }
    // The processor time of all the turns over all their answers.
    if (!cpuMs) return m
    return { ...m, cpuUs: sum(ms, (t) => (t.cpuUs ?? 0) * t.requests) / Math.max(1, requests) }
  }
  return [combined(turns[0]), combined(turns[1])]
}

/** The cookie header to send back, from a login answer. */
export function cookieOf(response: Response): string {
  const setCookie = response.headers.get('set-cookie')
  if (!response.ok || !setCookie) throw new Error(`login refused: ${response.status}`)
  return setCookie.split(';')[0] ?? ''
}

/** POSTs a login (site, identifiant, mot de passe): the answer as it is. */
export function postLogin(url: string, body: object): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}

export async function logIn(url: string, body: object): Promise<string> {
  return cookieOf(await postLogin(url, body))
}

export async function getJson<T>(url: string, cookie: string): Promise<T> {
  const response = await fetch(url, { headers: { cookie } })
  if (!response.ok) throw new Error(`${url}: ${response.status}`)
  return (await response.json()) as T
}
