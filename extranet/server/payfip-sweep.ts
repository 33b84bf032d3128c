import type { Server } from '@hapi/hapi'
import { pendingOperations } from '../../db/services/billing/payfip/online-payments.ts'
import { settleOnlinePayment } from '../../db/services/billing/payfip/settle.ts'
import { PayfipSoap } from '../../db/services/billing/payfip/soap.ts'
import type { AppContext } from './context.ts'

// Online payments PayFiP never told the end of (its notification lost, the browser closed before
// the return page) are asked about again: PayFiP's details settle them as the notification would
// have. A payment is never left unrecorded because a message was lost.

const MINUTE = 60_000
/** PayFiP's operations last 15 minutes: an attempt is asked about again once they are over. */
const PENDING_AFTER_MS = 20 * MINUTE
const SWEEP_EVERY_MS = 5 * MINUTE

/** Asks PayFiP about the pending operations, settles those it answers for: how many it asked. */
export async function sweepPendingPayments(app: AppContext): Promise<number> {
  const now = app.clock.now().getTime()
  const idOps = await app.db.transaction((trx) =>
    pendingOperations(trx, {
      createdBefore: new Date(now - PENDING_AFTER_MS).toISOString(),
      checkedBefore: new Date(now - SWEEP_EVERY_MS).toISOString(),
      limit: 50,
    }),
  )
  const provider = new PayfipSoap(app.config.payfip)
  const input = { notified: false, clientIp: '', clock: app.clock, publicUrl: app.config.publicUrl }
  for (const idOp of idOps) {
    const details = await provider.details(idOp).catch(() => null)
    await app.db.transaction((trx) => settleOnlinePayment(trx, idOp, details, input))
  }
  if (idOps.length) app.mailer.kick()
  return idOps.length
}

/** Every few minutes while the portal listens. */
export function sweepWhileListening(server: Server): void {
  let timer: NodeJS.Timeout | null = null
  server.events.on('start', () => {
    timer = setInterval(() => {
      sweepPendingPayments(server.app.ctx).catch((err: unknown) =>
        console.error('Paiements en ligne en attente : la vérification a échoué :', err),
      )
    }, SWEEP_EVERY_MS)
    timer.unref()
  })
  server.events.on('stop', () => {
    if (timer) clearInterval(timer)
  })
}
