// Types of the billing API: invoicing and PDF parts (shared: add, do not rename).
export {}

// ——— PDF part: the family's Facturation page (GET /api/family/billing?account=…) ———

/** One line of the family's account (seed 002): an invoice, a credit note or a payment. */
export interface FamilyLedgerRowView {
  /** 'facture' and 'avoir' open the invoice's PDF, 'recu' the payment's receipt. */
  kind: 'facture' | 'avoir' | 'recu'
  /** The invoice's id, or the payment's. */
  id: number
  /** The invoice a payment or a credit note belongs to (itself for an invoice). */
  invoiceId: number
  /** 'YYYY-MM-DD' */
  date: string
  /** « Mode de règlement »: « Chèque », « Prélèvement automatique »… */
  mode: string
  /** « Numéro d'opération »: the invoice's number. */
  operation: string
  label: string
  debitCents: number | null
  creditCents: number | null
  /** « Remise » ✓: an invoice settled, a payment received, a credit note issued. */
  remise: boolean
  /** Invoices only: what is left to pay on it. */
  leftCents: number | null
  /** The number the PDF bears: the invoice's, the credit note's or the receipt's. */
  documentNumber: string
  /** Where the PDF opens (inline). */
  pdfUrl: string
}

export interface FamilyBillingView {
  account: 'cotisations' | 'locations'
  rows: FamilyLedgerRowView[]
  /** « Montant total facturé », « Montant total réglé », « Solde ». */
  billedCents: number
  paidCents: number
  balanceCents: number
  /** Only the family's responsable 1 pays online. */
  mayPayOnline: boolean
  /** Why not, in French (« Seul le responsable 1 (ABOLANT Jocelyne) peut régler… »); '' if allowed. */
  payOnlineWhy: string
  /** Whether online payment (PayFiP) is set up. */
  onlinePayment: boolean
  /** 'tresor_public': the Trésor Public collects (a note explains a negative balance). */
  mode: 'tresor_public' | 'regie'
}
