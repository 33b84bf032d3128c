// `npm run serve` and Electron's utilityProcess start the server through this file.
import { DEMO_LOGINS, DEMO_PASSWORD, DEMO_STAFF } from '../../db/demo/index.ts'
import { STAFF_ROLE_LABELS } from '../../db/rules/roles.ts'
import { loadConfig } from './config.ts'
import { createServer } from './server.ts'

/** The message Electron's main process waits for. */
export interface ReadyMessage {
  type: 'ready'
  portalUrl: string
  staffUrl: string
}

function displayUrl(uri: string | undefined, host: string): string {
  const url = new URL(uri ?? 'http://localhost')
  if (host === '0.0.0.0' || host === '::') url.hostname = 'localhost'
  return url.origin
}

async function main(): Promise<void> {
  const config = loadConfig()
  const server = await createServer(config)
  await server.start()
  const portalUrl = displayUrl(server.portal.info.uri, config.portal.host)
  const staffUrl = displayUrl(server.staff.info.uri, config.staff.host)
  const lines = [
    'Portée est prêt.',
    `  Extranet des familles : ${portalUrl}`,
    `  Back office (secrétariat) : ${staffUrl}`,
    `  Données : ${config.dataDir}`,
  ]
  if (config.demo) {
    lines.push(`  Démo — mot de passe de tous les comptes : ${DEMO_PASSWORD}`)
    lines.push('    Back office : admin (Administrateur)')
    for (const staff of DEMO_STAFF) {
      lines.push(`    Back office : ${staff.login} (${STAFF_ROLE_LABELS[staff.role]})`)
    }
    for (const account of DEMO_LOGINS) {
      lines.push(`    Extranet, site « ${account.site} » : ${account.login} (${account.who})`)
    }
  }
  console.log(lines.join('\n'))
  // Set when Electron's utilityProcess runs this file.
  const parentPort = (
    process as NodeJS.Process & {
      parentPort?: {
        postMessage(message: unknown): void
        on(event: 'message', listener: (event: { data: unknown }) => void): void
      }
    }
  ).parentPort
  parentPort?.postMessage({ type: 'ready', portalUrl, staffUrl } satisfies ReadyMessage)

  let stopping = false
  const stop = async (): Promise<void> => {
    if (stopping) return
    stopping = true
    await server.stop()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
  parentPort?.on('message', (event) => {
    if (event.data === 'stop') void stop()
  })
}

main().catch((err: unknown) => {
  console.error('Portée n’a pas pu démarrer :', err instanceof Error ? err.message : err)
  process.exit(1)
})
