import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig, type Config } from '../../extranet/server/config.ts'
import { createServer, type PorteeServer } from '../../extranet/server/server.ts'
import { TestClock } from './clock.ts'

export interface TestServerOptions {
  demoFamilies?: number
  /** Changes to the configuration (shorter session timeouts…). */
  config?: (config: Config) => Config
  /** Listen on loopback (e2e); integration tests use server.inject and never open a port. */
  listen?: boolean
  /** Start on the data of a server stopped before (a restart); its folder is then this one's. */
  dataDir?: string
}

export interface TestServer extends PorteeServer {
  /** The server's clock: move it instead of sleeping. */
  clock: TestClock
  dataDir: string
  portalUrl: string
  staffUrl: string
  close(): Promise<void>
}

/** A real Portée server on its own SQLite file in a fresh DATA_DIR, with the demo loaded. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'portee-test-'))
  const base = loadConfig({
    DATA_DIR: dataDir,
    DEMO: '1',
    DEMO_FAMILIES: String(options.demoFamilies ?? 40),
    PORTAL_HOST: '127.0.0.1',
    PORTAL_PORT: '0',
    STAFF_HOST: '127.0.0.1',
    STAFF_PORT: '0',
  })
  const config = (options.config ?? ((c) => c))({ ...base, hashWorkers: 1 })
  const clock = new TestClock()
  const server = await createServer(config, { clock })
  if (options.listen) await server.start()
  return {
    ...server,
    clock,
    dataDir,
    portalUrl: server.portal.info.uri,
    staffUrl: server.staff.info.uri,
    async close() {
      await server.stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** The cookie header to send back, from a login answer's set-cookie. */
export function cookieFrom(setCookie: string | string[] | undefined): string {
  const first = Array.isArray(setCookie) ? setCookie[0] : setCookie
  if (!first) throw new Error('No cookie was set')
  return first.split(';')[0] ?? ''
}

export const DEMO_PASSWORD = 'Portee-Demo-2026'

/** The JSON body of an injected answer. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers loosely, then assert
export function json(res: { payload: string }): any {
  return JSON.parse(res.payload)
}
