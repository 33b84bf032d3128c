// PayFiP's web service (DGFiP, « PayFiP Régie web service »): SOAP 1.1 over HTTPS, envelopes
// built and parsed with fast-xml-parser.
//
// Sources of the protocol (public):
// - DGFiP, « Guide de mise en œuvre PayFiP Régie — Web service », version 19 (June 2020), via
//   https://www.collectivites-locales.gouv.fr/payfip (the operations, their fields, resultrans).
// - Entr'ouvert's eopayment, eopayment/payfip_ws.py (https://dev.entrouvert.org/projects/eopayment,
//   wiki page « TIPI »): the service URL https://www.payfip.gouv.fr/tpa/services/securite (the
//   published WSDL names a wrong address), the payment page …/tpa/paiementws.web?idop=…, the
//   request types CreerPaiementSecuriseRequest / RecupererDetailPaiementSecuriseRequest, saisie
//   T/X/W, refdet of 1 to 30 letters and digits, resultrans P/V paid, R/Z refused, A abandoned,
//   the faults FonctionnelleErreur (code P1: unknown idop; P5: not paid yet).
// - The Odoo module payment_payfip (controllers and models): the envelopes as sent, namespace
//   http://securite.service.tpa.cp.finances.gouv.fr/services/mas_securite/contrat_paiement_securise/PaiementSecuriseService,
//   the arguments in an unqualified <arg0>, the answer in <return>; the notification is a POST
//   of `idop` to urlnotif, the browser comes back to urlredirect.
// - dafap/SchoolBusManager, module/SbmPaiement/src/Plugin/PayFiP/config/payfip.config.php: the
//   fields of both operations (exer, mel, montant, numcli, objet, refdet, saisie, urlnotif,
//   urlredirect → idOp; idOp → dattrans, exer, heurtrans, idOp, mel, montant, numauto, numcli,
//   objet, refdet, resultrans, saisie), the amount in cents.
import { XMLBuilder, XMLParser } from 'fast-xml-parser'
import {
  ProviderError,
  type CreatePaymentInput,
  type PaymentDetails,
  type PaymentProvider,
} from './provider.ts'

export const PAYFIP_NAMESPACE =
  'http://securite.service.tpa.cp.finances.gouv.fr/services/mas_securite/contrat_paiement_securise/PaiementSecuriseService'
const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/'

const builder = new XMLBuilder({ ignoreAttributes: false, suppressEmptyNode: true })
/** Every value stays text (an amount "0100", an authorisation "001234"). */
const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: true })

/** A SOAP envelope calling `operation` with these arguments (PayFiP's <arg0>). */
export function soapRequest(operation: string, args: Record<string, string>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${builder.build({
    'soapenv:Envelope': {
      '@_xmlns:soapenv': SOAP_ENV,
      '@_xmlns:pai': PAYFIP_NAMESPACE,
      'soapenv:Header': '',
      'soapenv:Body': { [`pai:${operation}`]: { arg0: args } },
    },
  })}`
}

/** A SOAP answer of `operation`: its <return>'s fields. */
export function soapResponse(operation: string, fields: Record<string, string>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${builder.build({
    'S:Envelope': {
      '@_xmlns:S': SOAP_ENV,
      'S:Body': {
        [`ns2:${operation}Response`]: { '@_xmlns:ns2': PAYFIP_NAMESPACE, return: fields },
      },
    },
  })}`
}

/** A SOAP fault as PayFiP gives it (a FonctionnelleErreur with its code and label). */
export function soapFault(code: string, libelle: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${builder.build({
    'S:Envelope': {
      '@_xmlns:S': SOAP_ENV,
      'S:Body': {
        'S:Fault': {
          faultcode: 'S:Server',
          faultstring: 'fr.gouv.finances.cp.tpa.webservice.exceptions.FonctionnelleErreur',
          detail: {
            'ns2:FonctionnelleErreur': {
              '@_xmlns:ns2': PAYFIP_NAMESPACE,
              code,
              libelle,
              descriptif: libelle,
              severite: '2',
            },
          },
        },
      },
    },
  })}`
}

type Tree = Record<string, unknown>
const text = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value).trim() : ''

/** The body of a SOAP envelope (the request's operation, or the answer / fault). */
export function soapBody(xml: string): Tree {
  let tree: Tree
  try {
    tree = parser.parse(xml) as Tree
  } catch {
    throw new ProviderError('protocol', 'Not XML')
  }
  const body = (tree['Envelope'] as Tree | undefined)?.['Body']
  if (!body || typeof body !== 'object') throw new ProviderError('protocol', 'No SOAP body')
  return body as Tree
}

/** The arguments of a request (its operation's <arg0>), for the simulator. */
export function requestArguments(xml: string): { operation: string; args: Record<string, string> } {
  const body = soapBody(xml)
  const operation = Object.keys(body)[0] ?? ''
  const arg0 = ((body[operation] as Tree | undefined)?.['arg0'] ?? {}) as Tree
  return {
    operation,
    args: Object.fromEntries(Object.entries(arg0).map(([k, v]) => [k, text(v)])),
  }
}

/** The fields of an answer's <return>, or the fault's code. */
function answerOf(xml: string, operation: string): Record<string, string> | { fault: string } {
  const body = soapBody(xml)
  const fault = body['Fault'] as Tree | undefined
  if (fault) {
    const detail = (fault['detail'] ?? {}) as Tree
    const error = Object.values(detail).find((v) => typeof v === 'object') as Tree | undefined
    return { fault: text(error?.['code']) || text(fault['faultstring']) || 'inconnu' }
  }
  const answer = body[`${operation}Response`] as Tree | undefined
  const ret = answer?.['return']
  if (!ret || typeof ret !== 'object') throw new ProviderError('protocol', `No ${operation} return`)
  return Object.fromEntries(Object.entries(ret as Tree).map(([k, v]) => [k, text(v)]))
}

/** PayFiP through its SOAP web service (or the simulator, which speaks the same). */
export class PayfipSoap implements PaymentProvider {
  constructor(
    private readonly urls: { wsUrl: string; pageUrl: string },
    private readonly timeoutMs = 15_000,
  ) {}

  private async call(operation: string, args: Record<string, string>) {
    let response: Response
    try {
      response = await fetch(this.urls.wsUrl, {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
        body: soapRequest(operation, args),
        signal: AbortSignal.timeout(this.timeoutMs),
      })
    } catch (err) {
      throw new ProviderError('unreachable', String(err))
    }
    return answerOf(await response.text(), operation)
  }

  async create(input: CreatePaymentInput): Promise<{ idOp: string; redirectUrl: string }> {
    const answer = await this.call('creerPaiementSecurise', {
      exer: input.exer,
      mel: input.mel,
      montant: String(input.amountCents),
      numcli: input.numcli,
      objet: input.objet,
      refdet: input.refdet,
      saisie: input.saisie,
      urlnotif: input.urlnotif,
      urlredirect: input.urlredirect,
    })
    if ('fault' in answer) throw new ProviderError(answer.fault, 'creerPaiementSecurise refused')
    const idOp = answer['idOp'] ?? ''
    if (!idOp) throw new ProviderError('protocol', 'No idOp')
    const redirectUrl = `${this.urls.pageUrl}?idop=${encodeURIComponent(idOp)}`
    return { idOp, redirectUrl }
  }

  async details(idOp: string): Promise<PaymentDetails | null> {
    const answer = await this.call('recupererDetailPaiementSecurise', { idOp })
    // P1: no such operation; P5: not over yet (the payer is still on the page).
    if ('fault' in answer) {
      if (answer.fault === 'P1' || answer.fault === 'P5') return null
      throw new ProviderError(answer.fault, 'recupererDetailPaiementSecurise refused')
    }
    const montant = Number(answer['montant'])
    return {
      idOp: answer['idOp'] ?? '',
      resultrans: answer['resultrans'] ?? '',
      numauto: answer['numauto'] ?? '',
      dattrans: answer['dattrans'] ?? '',
      heurtrans: answer['heurtrans'] ?? '',
      montant: Number.isSafeInteger(montant) ? montant : -1,
      refdet: answer['refdet'] ?? '',
      exer: answer['exer'] ?? '',
      numcli: answer['numcli'] ?? '',
      mel: answer['mel'] ?? '',
      saisie: answer['saisie'] ?? '',
      objet: answer['objet'] ?? '',
    }
  }
}
