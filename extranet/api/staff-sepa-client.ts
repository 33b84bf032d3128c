// The back office's calls for SEPA mandates and debit exports.
import type { Http } from './http.ts'
import type {
  DebitExportInput,
  DebitExportResult,
  DebitPreviewView,
  MandateInput,
  MandateView,
  SepaBatchView,
} from './sepa-types.ts'

export function staffSepaCalls(http: Http) {
  return {
    familyMandates: (familyId: number) =>
      http.get<MandateView[]>(`/api/staff/families/${familyId}/sepa-mandates`),
    addMandate: (familyId: number, input: MandateInput) =>
      http.post<MandateView>(`/api/staff/families/${familyId}/sepa-mandates`, input),
    revokeMandate: (mandateId: number) =>
      http.post<MandateView>(`/api/staff/sepa-mandates/${mandateId}/revoke`, {}),
    /** What an export of the month (YYYY-MM) would collect. */
    debitPreview: (month: string) =>
      http.get<DebitPreviewView>('/api/staff/sepa-debits', { month }),
    exportDebits: (input: DebitExportInput) =>
      http.post<DebitExportResult>('/api/staff/sepa-batches', input),
    sepaBatches: () => http.get<SepaBatchView[]>('/api/staff/sepa-batches'),
    /** The file of an export, as given to the bank. */
    sepaBatchFile: (batchId: number) => http.download(`/api/staff/sepa-batches/${batchId}/file`),
  }
}
