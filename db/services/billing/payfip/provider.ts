// The payment provider an online payment goes through. One real adapter: PayFiP (soap.ts); the
// tests and the demo talk to it through the same adapter, pointed at the local simulator.

/** What the provider needs to open a payment (PayFiP's creerPaiementSecurise). */
export interface CreatePaymentInput {
  numcli: string
  /** The year of the debt ('2026'). */
  exer: string
  /** The attempt's unique reference (1 to 30 letters and digits). */
  refdet: string
  /** What the payment is for, as the payer's ticket says it. */
  objet: string
  amountCents: number
  /** Where the provider sends the payer's ticket. */
  mel: string
  /** Called by the provider, server to server, when the payment is over. */
  urlnotif: string
  /** Where the provider sends the payer's browser back. */
  urlredirect: string
  saisie: 'T' | 'X' | 'W'
}

/** The provider's own account of an operation (PayFiP's recupererDetailPaiementSecurise). */
export interface PaymentDetails {
  idOp: string
  /** P paid by card, V paid by direct debit, R/Z refused, A abandoned. */
  resultrans: string
  /** The card's authorisation number. */
  numauto: string
  /** DDMMYYYY */
  dattrans: string
  /** HHMM */
  heurtrans: string
  /** In cents. */
  montant: number
  refdet: string
  exer: string
  numcli: string
  mel: string
  saisie: string
  objet: string
}

export interface PaymentProvider {
  create(input: CreatePaymentInput): Promise<{ idOp: string; redirectUrl: string }>
  /** The details of an operation; null when the provider knows no such operation (yet). */
  details(idOp: string): Promise<PaymentDetails | null>
}

/** The provider could not be reached, or answered something that is not its protocol. */
export class ProviderError extends Error {
  readonly code: string

  constructor(code: string, message: string) {
    super(message)
    this.name = 'ProviderError'
    this.code = code
  }
}
