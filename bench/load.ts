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
}

export function load(options: autocannon.Options): Promise<autocannon.Result> {
  return autocannon({ duration: DURATION, connections: CONNECTIONS, ...options })
}

export function measureOf(result: autocannon.Result): Measure {
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  }
}

/** A GET at 50 connections, after a one-second warm-up; throws when anything fails. */
export async function measure(url: string, cookie?: string): Promise<Measure> {
  const headers = cookie ? { cookie } : {}
  await autocannon({ url, headers, connections: CONNECTIONS, duration: 1 })
  const result = measureOf(await load({ url, headers }))
  if (result.failures > 0) throw new Error(`${url}: ${result.failures} answers were not 2xx`)
  return result
}

/** The cookie header to send back, from a login answer. */
export function cookieOf(response: Response): string {
  const setCookie = response.headers.get('set-cookie')
  if (!response.ok || !setCookie) throw new Error(`login refused: ${response.status}`)
  return setCookie.split(';')[0] ?? ''
}

export async function logIn(url: string, body: object): Promise<string> {
  return cookieOf(
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  )
}

export async function getJson<T>(url: string, cookie: string): Promise<T> {
  const response = await fetch(url, { headers: { cookie } })
  if (!response.ok) throw new Error(`${url}: ${response.status}`)
  return (await response.json()) as T
}
