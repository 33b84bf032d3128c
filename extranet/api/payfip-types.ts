// Types of the billing API: PayFiP part (online payment, the billing settings).
import type { BillingMode } from '../../db/rules/billing.ts'
import type { OnlinePaymentState, PayfipSaisie } from '../../db/rules/payfip.ts'

/** POST /api/family/invoices/{id}/online-payment: where to send the browser (PayFiP's page). */
export interface OnlinePaymentStart {
  redirectUrl: string
}

/** POST /api/family/online-payments/settle: how the payment ended, as PayFiP says. */
export interface OnlinePaymentResult {
  /** 'created': PayFiP has no answer yet (the payment is being checked). */
  state: OnlinePaymentState
  invoiceNumber: string
  amountCents: number
  /** The receipt's number once the payment is recorded ('' otherwise). */
  receiptNumber: string
  /** What went wrong, in French, for the state 'error'. */
  problem: string
}

/** GET/PUT /api/staff/billing-settings (Paramètres → Facturation). */
export interface BillingSettingsView {
  mode: BillingMode
  invoiceTitle: string
  separateRentals: boolean
  /** 6 digits, '' while PayFiP is not open. */
  payfipNumcli: string
  payfipSaisie: PayfipSaisie
  sepaCreditorId: string
  sepaCreditorName: string
  sepaCreditorIban: string
  sepaCreditorBic: string
}
