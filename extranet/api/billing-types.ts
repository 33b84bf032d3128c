// Types of the billing API: a family's accounts, invoices, payments, runs and lists, and the family's Facturation page.
import type {
  Account,
  BillingPeriod,
  InstalmentPlan,
  LineCategory,
  PaymentMode,
} from '../../db/rules/billing.ts'
import type {
  Ledger,
  LedgerRow,
  PeriodPayment,
  UnpaidInvoice,
} from '../../db/rules/billing-views.ts'
import type { RunScope } from '../../db/rules/invoicing.ts'

export type {
  InvoiceDetail as InvoiceDetailView,
  Ledger as LedgerView,
  LedgerRow as LedgerRowView,
  PeriodPayment as PeriodPaymentView,
  UnpaidInvoice as UnpaidInvoiceView,
} from '../../db/rules/billing-views.ts'

/** A family's two accounts (« Cotisations », « Locations »), as the family's Facturation tab shows them. */
export type FamilyAccountsView = Record<Account, Ledger>

/** « Enregistrer un règlement »: the amount as typed ("93,24"), the day as typed (12/03/2026). */
export interface PaymentBody {
  mode: PaymentMode
  amount: string
  paidOn: string
  reference?: string
  instalmentId?: number | null
}

export interface RecordedPaymentView {
  id: number
  receiptNumber: string
  leftCents: number
}

/** « Établir un avoir »: its reason and its lines (amounts positive as typed: "20,00"). */
export interface CreditNoteBody {
  reason: string
  lines: { label: string; amount: string; category?: LineCategory }[]
}

export interface IssuedInvoiceView {
  id: number
  number: string
  totalCents: number
}

/** « Facturer »: what, how, for whom. `firstDueOn` as typed (12/03/2026). */
export interface BillingRunBody {
  schoolYearId: number
  period: BillingPeriod
  instalments: InstalmentPlan
  firstDueOn: string
  scope: RunScope
  familyIds?: number[]
}

/** How far a billing run is. `interrupted`: the server stopped before its end (start it again:
 * the families billed already are skipped). `error`: why it stopped. */
export interface BillingRunView {
  id: number
  total: number
  done: number
  issued: number
  skipped: number
  finished: boolean
  interrupted: boolean
  error: string | null
}

export interface UnpaidInvoicesQuery {
  schoolYearId?: number
  siteId?: number
  overdue?: boolean
}

export interface UnpaidInvoicesView {
  /** The first 500, oldest first. */
  rows: UnpaidInvoice[]
  count: number
  leftCents: number
  overdueCents: number
}

export interface PeriodPaymentsQuery {
  /** 'YYYY-MM-DD' */
  from: string
  to: string
  mode?: PaymentMode
}

export interface PeriodPaymentsView {
  /** The first 1 000, in the order they came. */
  rows: PeriodPayment[]
  count: number
  totalCents: number
}

// ——— PDF part: the family's Facturation page (GET /api/family/billing?account=…) ———

/** One line of the family's account (seed 002), with the PDF it opens. */
export interface FamilyLedgerRowView extends LedgerRow {
  /** The number the PDF bears: the invoice's, the credit note's or the receipt's. */
  documentNumber: string
  /** Where the PDF opens (inline). */
  pdfUrl: string
}

/** « Montant total facturé », « Montant total réglé », « Solde », and who may pay online. */
export interface FamilyBillingView extends Omit<Ledger, 'rows'> {
  account: Account
  rows: FamilyLedgerRowView[]
  /** Only the family's responsable 1 pays online. */
  mayPayOnline: boolean
  /** Why not, in French (« Seul le responsable 1 (ABOLANT Jocelyne) peut régler… »); '' if allowed. */
  payOnlineWhy: string
  /** Whether online payment (PayFiP) is set up. */
  onlinePayment: boolean
  /** 'tresor_public': the Trésor Public collects (a note explains a negative balance). */
  mode: 'tresor_public' | 'regie'
}
