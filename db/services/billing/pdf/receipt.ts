// A payment's receipt (« Reçu n° … ») as a PDF: the payment (date, mode, reference, authorisation
// number), the invoice it pays, and what was left on it once the payment was recorded.
import type { Trx } from '../../../connection.ts'
import { PAYMENT_MODE_LABELS } from '../../../rules/billing.ts'
import { receiptDocument, type ReceiptDocument } from './documents.ts'
import { day, footerOf, heading, makePdf, money, note, safe, title, totals } from './draw.ts'

/** The PDF of a payment's receipt (NOT_FOUND when there is no payment of that id). */
export async function receiptPdf(trx: Trx, paymentId: number): Promise<Buffer> {
  return renderReceipt(await receiptDocument(trx, paymentId))
}

function facts(r: ReceiptDocument): [string, string][] {
  const p = r.payment
  const list: [string, string][] = [
    ['Date du règlement', day(p.paidOn)],
    ['Mode de règlement', PAYMENT_MODE_LABELS[p.mode]],
  ]
  if (p.reference) list.push(['Référence', p.reference])
  if (p.authorisation) list.push(['N° d’autorisation', p.authorisation])
  list.push(['Montant', money(p.amountCents)])
  list.push(['Facture réglée', `${r.invoice.number} du ${day(r.invoice.issuedOn)}`])
  return list
}

/** Draws a receipt. */
export function renderReceipt(r: ReceiptDocument): Promise<Buffer> {
  const name = `Reçu n° ${r.payment.receiptNumber}`
  return makePdf({ title: name, author: r.issuer.conservatoire }, footerOf(r.issuer), (doc) => {
    heading(doc, r.issuer, r.payer)
    title(doc, name, facts(r))
    const from = r.payer.name ? ` de ${r.payer.name}` : ''
    doc.font('Helvetica').fontSize(10.5)
    doc.text(
      safe(
        `${r.issuer.conservatoire} a reçu${from} la somme de ${money(r.payment.amountCents)} ` +
          `en règlement de la facture ${r.invoice.number} ` +
          `du ${day(r.invoice.issuedOn)}.`,
      ),
    )
    doc.moveDown(1.5)
    const lines: [string, string][] = [['Total de la facture', money(r.invoice.totalCents)]]
    if (r.creditedCents !== 0) lines.push(['Avoirs', money(r.creditedCents)])
    lines.push(['Total réglé (ce règlement compris)', money(r.paidCents)])
    if (r.leftCents < 0) lines.push(['Trop-perçu en votre faveur', money(-r.leftCents)])
    else lines.push(['Reste à payer', money(r.leftCents)])
    totals(doc, lines)
    note(doc, 'Reçu délivré pour servir et valoir ce que de droit.')
  })
}
