import { randomBytes, randomInt } from 'node:crypto'
import type { Plugin, Request, ResponseToolkit } from '@hapi/hapi'
import Joi from 'joi'
import type { Clock } from '../../db/clock.ts'
import { escapeHtml } from '../../db/mail-templates.ts'
import { euros } from '../../db/rules/billing.ts'
import { NUMCLI_PATTERN, PAYFIP_SAISIES } from '../../db/rules/payfip.ts'
import { parisDay } from '../../db/rules/pedagogy.ts'
import { requestArguments, soapFault, soapResponse } from '../../db/services/billing/payfip/soap.ts'
import { ctx } from './context.ts'

// A local stand-in for PayFiP (DGFiP), on the portal listener under /payfip-simulateur/, for the
// demo (DEMO=1) and the tests: the same SOAP web service as PayFiP's (creerPaiementSecurise,
// recupererDetailPaiementSecurise, with PayFiP's faults P1 unknown operation and P5 not over
// yet), and a payment page in French where the payer chooses « Carte acceptée », « Carte
// refusée » or « Abandonner »; then, like PayFiP, it notifies urlnotif (server to server, a POST
// of `idop`) and sends the browser back to urlredirect. Its operations live in memory.

interface Operation {
  idOp: string
  args: Record<string, string>
  resultrans: '' | 'P' | 'R' | 'A'
  numauto: string
  dattrans: string
  heurtrans: string
}

/** The simulator's state (exposed to the tests: `server.plugins['portee-payfip-simulator']`). */
export class PayfipSimulator {
  readonly operations = new Map<string, Operation>()
  /** Tests: keep the notifications (a late one) until `sendHeld`. */
  holdNotifications = false
  private held: { url: string; idOp: string }[] = []

  async notify(url: string, idOp: string): Promise<void> {
    if (this.holdNotifications) {
      this.held.push({ url, idOp })
      return
    }
    try {
      await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ idop: idOp }).toString(),
        signal: AbortSignal.timeout(15_000),
      })
    } catch (err) {
      console.error(`Simulateur PayFiP : la notification à ${url} a échoué :`, err)
    }
  }

  async sendHeld(): Promise<void> {
    const held = this.held
    this.held = []
    for (const { url, idOp } of held) await this.notify(url, idOp)
  }
}

declare module '@hapi/hapi' {
  interface PluginProperties {
    'portee-payfip-simulator': { simulator: PayfipSimulator }
  }
}

const CREATE_FIELDS = [
  'exer',
  'mel',
  'montant',
  'numcli',
  'refdet',
  'saisie',
  'urlnotif',
  'urlredirect',
]

/** What PayFiP refuses in a creerPaiementSecurise (its own checks, roughly). */
function createFault(args: Record<string, string>): string | null {
  if (CREATE_FIELDS.some((f) => !args[f])) return 'Paramètre obligatoire absent.'
  if (!URL.canParse(args['urlnotif'] ?? '') || !URL.canParse(args['urlredirect'] ?? ''))
    return 'Adresse de retour incorrecte.'
  if (!NUMCLI_PATTERN.test(args['numcli'] ?? '')) return 'Numéro client inconnu.'
  if (!/^[1-9]\d{2,7}$/.test(args['montant'] ?? '')) return 'Montant incorrect.'
  if (!/^[A-Za-z0-9]{1,30}$/.test(args['refdet'] ?? '')) return 'Référence incorrecte.'
  if (!(PAYFIP_SAISIES as readonly string[]).includes(args['saisie'] ?? ''))
    return 'Type de saisie incorrect.'
  return null
}

function soap(simulator: PayfipSimulator, xml: string): string {
  const { operation, args } = requestArguments(xml)
  if (operation === 'creerPaiementSecurise') {
    const fault = createFault(args)
    if (fault) return soapFault('P2', fault)
    const idOp = `SIM${randomBytes(12).toString('hex')}`
    const op: Operation = { idOp, args, resultrans: '', numauto: '', dattrans: '', heurtrans: '' }
    simulator.operations.set(idOp, op)
    return soapResponse(operation, { idOp })
  }
  if (operation === 'recupererDetailPaiementSecurise') {
    const op = simulator.operations.get(args['idOp'] ?? '')
    if (!op) return soapFault('P1', 'IdOp incorrect.')
    if (!op.resultrans) return soapFault('P5', 'Transaction non finalisée.')
    const {
      exer = '',
      mel = '',
      montant = '',
      numcli = '',
      objet = '',
      refdet = '',
      saisie = '',
    } = op.args
    return soapResponse(operation, {
      dattrans: op.dattrans,
      exer,
      heurtrans: op.heurtrans,
      idOp: op.idOp,
      mel,
      montant,
      numauto: op.numauto,
      numcli,
      objet,
      refdet,
      resultrans: op.resultrans,
      saisie,
    })
  }
  return soapFault('P0', 'Opération inconnue.')
}

const PAGE_STYLE =
  'body{font-family:Arial,sans-serif;max-width:32rem;margin:1.5rem auto;padding:0 1rem;color:#1a1a1a}' +
  'button{display:block;width:100%;margin:.75rem 0;padding:.9rem;font-size:1rem;border-radius:4px;border:1px solid #1d4f91;cursor:pointer}' +
  '.ok{background:#1d4f91;color:#fff}.ko{background:#fff;color:#8a1c1c;border-color:#8a1c1c}.out{background:#fff;color:#1d4f91}'

function page(title: string, body: string): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${PAGE_STYLE}</style></head><body><main>${body}</main></body></html>`
}

function paymentPage(op: Operation): string {
  const idop = escapeHtml(op.idOp)
  const choice = (value: string, cls: string, label: string) =>
    `<button type="submit" name="choix" value="${value}" class="${cls}">${label}</button>`
  return page(
    'Paiement PayFiP (simulateur)',
    `<h1>Paiement PayFiP — simulateur</h1>
<p>Ceci est le simulateur local de PayFiP : aucune carte n’est débitée.</p>
<dl><dt>Objet</dt><dd>${escapeHtml(op.args['objet'] ?? '')}</dd>
<dt>Référence</dt><dd>${escapeHtml(op.args['refdet'] ?? '')}</dd>
<dt>Montant</dt><dd>${escapeHtml(euros(Number(op.args['montant'])))}</dd></dl>
<form method="post" action="/payfip-simulateur/paiement"><input type="hidden" name="idop" value="${idop}">
${choice('P', 'ok', 'Carte acceptée')}${choice('R', 'ko', 'Carte refusée')}${choice('A', 'out', 'Abandonner')}</form>`,
  )
}

/** The payer's choice: the operation's end (P, R, A), its date and time as PayFiP gives them. */
function finish(op: Operation, choix: 'P' | 'R' | 'A', clock: Clock): void {
  const now = clock.now()
  const [y, m, d] = parisDay(now).split('-')
  const time = new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(now)
  op.resultrans = choix
  op.numauto = choix === 'P' ? String(randomInt(0, 1_000_000)).padStart(6, '0') : ''
  op.dattrans = `${d}${m}${y}`
  op.heurtrans = time.replace(':', '')
}

function html(h: ResponseToolkit, body: string, code = 200) {
  return h
    .response(body)
    .code(code)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
}

export const payfipSimulator: Plugin<void> = {
  name: 'portee-payfip-simulator',
  register(server) {
    const simulator = new PayfipSimulator()
    server.expose('simulator', simulator)
    const unknown = (h: ResponseToolkit) =>
      html(h, page('Paiement introuvable', '<h1>Ce paiement est introuvable.</h1>'), 404)
    server.route([
      {
        method: 'POST',
        path: '/payfip-simulateur/ws',
        options: {
          auth: false,
          payload: { parse: false, output: 'data', allow: ['text/xml', 'application/soap+xml'] },
        },
        handler: (request: Request, h) =>
          h.response(soap(simulator, String(request.payload))).type('text/xml; charset=utf-8'),
      },
      {
        method: 'GET',
        path: '/payfip-simulateur/paiement',
        options: { auth: false, validate: { query: Joi.object({ idop: Joi.string().max(64) }) } },
        handler(request, h) {
          const op = simulator.operations.get(String(request.query['idop'] ?? ''))
          return op && !op.resultrans ? html(h, paymentPage(op)) : unknown(h)
        },
      },
      {
        method: 'POST',
        path: '/payfip-simulateur/paiement',
        options: {
          auth: false,
          payload: { allow: 'application/x-www-form-urlencoded' },
          validate: {
            payload: Joi.object({
              idop: Joi.string().max(64).required(),
              choix: Joi.string().valid('P', 'R', 'A').required(),
            }),
          },
        },
        async handler(request, h) {
          const { idop, choix } = request.payload as { idop: string; choix: 'P' | 'R' | 'A' }
          const op = simulator.operations.get(idop)
          if (!op || op.resultrans) return unknown(h)
          finish(op, choix, ctx(request).clock)
          await simulator.notify(op.args['urlnotif'] ?? '', op.idOp)
          const back = new URL(op.args['urlredirect'] ?? '/')
          back.searchParams.set('idop', op.idOp)
          return h.redirect(back.toString()).code(303)
        },
      },
    ])
  },
}
