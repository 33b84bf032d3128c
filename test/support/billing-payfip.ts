import net from 'node:net'
import { payfipConfig } from '../../extranet/server/config.ts'
import type { PayfipSimulator } from '../../extranet/server/payfip-simulator.ts'
import { issueInvoice } from '../../db/services/billing/invoices.ts'
import { MINUTE } from './clock.ts'
import { startTestServer, type TestServer } from './server.ts'

// The PayFiP part's fixtures: a server listening on a real port (it calls the simulator, on its
// own portal listener, over real HTTP), PayFiP set in Paramètres, invoices issued straight.

/** A free loopback port (taken, then given back: the server listens on it right after). */
export async function freePort(): Promise<number> {
  const probe = net.createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()))
  const address = probe.address()
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return typeof address === 'object' && address ? address.port : 0
}

/** The demo on a real port whose PUBLIC_URL is itself, with the PayFiP simulator and a mail catcher. */
export async function startPayfipServer(smtpUrl: string | null): Promise<TestServer> {
  const port = await freePort()
  const publicUrl = `http://127.0.0.1:${port}`
  return startTestServer({
    demoFamilies: 10,
    listen: true,
    config: (c) => ({
      ...c,
      portal: { ...c.portal, port },
      publicUrl,
      payfip: payfipConfig({ DEMO: '1' }, publicUrl),
      smtpUrl,
      mail: { pollMs: 50, retryDelaysMs: [MINUTE], maxAttempts: 2 },
    }),
  })
}

export function simulatorOf(server: TestServer): PayfipSimulator {
  return server.portal.plugins['portee-payfip-simulator'].simulator
}

/** Paramètres → Facturation with PayFiP open (client number, mode). */
export async function openPayfip(server: TestServer, numcli = '123456', saisie = 'T') {
  await server
    .db('billing_settings')
    .insert({ id: 1, payfip_numcli: numcli, payfip_saisie: saisie, updated_at: '2026-01-01' })
    .onConflict('id')
    .merge()
}

export async function familyOfLogin(server: TestServer, login: string): Promise<number> {
  const row = await server
    .db('guardians')
    .where({ login })
    .first<{ family_id: number }>('family_id')
  return row.family_id
}

/** An invoice of the current school year for the family, of one line of this amount. */
export async function invoiceFor(
  server: TestServer,
  familyId: number,
  amountCents: number,
): Promise<{ id: number; number: string }> {
  const year = await server
    .db('school_years')
    .where({ is_current: true })
    .first<{ id: number }>('id')
  return server.db.transaction((trx) =>
    issueInvoice(
      trx,
      {
        familyId,
        schoolYearId: year.id,
        period: 'annee',
        lines: [{ category: 'cotisation', label: 'Cotisation annuelle', amountCents }],
        instalments: 1,
      },
      { staffUserId: null, clientIp: '127.0.0.1', clock: server.clock },
    ),
  )
}
