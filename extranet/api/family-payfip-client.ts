// The family's calls for an online payment.
import type { Http } from './http.ts'
import type { OnlinePaymentResult, OnlinePaymentStart } from './payfip-types.ts'

export function familyPayfipCalls(http: Http) {
  return {
    /** Opens a PayFiP payment of what is left on the invoice: where to send the browser. */
    startOnlinePayment: (invoiceId: number) =>
      http.post<OnlinePaymentStart>(`/api/family/invoices/${invoiceId}/online-payment`, {}),
    /** Back from PayFiP: the server asks PayFiP how the payment ended, and records it. */
    settleOnlinePayment: (idop: string) =>
      http.post<OnlinePaymentResult>('/api/family/online-payments/settle', { idop }),
  }
}
