// Opens the PDF part's documents (GET /api/staff/invoices/{id}/pdf, /api/staff/payments/{id}/pdf)
// through the staff client's download: the browser (or Electron) shows or saves the file.
import { api } from '../../../api.ts'
import { saveDownload } from '../../../list.ts'

export async function openInvoicePdf(invoiceId: number): Promise<void> {
  saveDownload(await api.invoicePdfFile(invoiceId))
}

export async function openReceiptPdf(paymentId: number): Promise<void> {
  saveDownload(await api.receiptPdfFile(paymentId))
}
