// The back office's calls for the billing settings (mode, PayFiP, SEPA creditor).
import type { Http } from './http.ts'
import type { BillingSettingsView } from './payfip-types.ts'

export function staffPayfipCalls(http: Http) {
  return {
    billingSettings: () => http.get<BillingSettingsView>('/api/staff/billing-settings'),
    saveBillingSettings: (settings: BillingSettingsView) =>
      http.put<BillingSettingsView>('/api/staff/billing-settings', settings),
  }
}
