// Types of the billing API: SEPA part (mandates and direct debit exports), declared once in
// db/rules/sepa-views.ts for the services and the back office.
export type {
  DebitExportInput,
  DebitExportResult,
  DebitLineView,
  DebitPreviewView,
  MandateInput,
  MandateView,
  SepaBatchView,
} from '../../db/rules/sepa-views.ts'
