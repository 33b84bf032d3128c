// An invoice (« AVIS DES SOMMES A PAYER » or « FACTURE ») or a credit note (« AVOIR ») as a PDF:
// the issuer, the payer as the invoice was addressed, the lines with their rules, the total, the
// instalments, the credit notes and the payments so far, what is left to pay.
import type { Trx } from '../../../connection.ts'
import {
  ACCOUNT_LABELS,
  BILLING_PERIOD_LABELS,
  PAYMENT_MODE_LABELS,
} from '../../../rules/billing.ts'
import { invoiceDocument, type InvoiceDocument } from './documents.ts'
import {
  day,
  footerOf,
  heading,
  makePdf,
  money,
  note,
  section,
  table,
  title,
  totals,
  type Column,
  type Row,
} from './draw.ts'

/** The PDF of an invoice or a credit note (NOT_FOUND when there is none of that id). */
export async function invoicePdf(trx: Trx, invoiceId: number): Promise<Buffer> {
  return renderInvoice(await invoiceDocument(trx, invoiceId))
}

/** The reason a credit note's label carries: « Avoir sur 2026-F-000012 : Arrêt en janvier ». */
function reasonOf(label: string): string {
  const at = label.indexOf(' : ')
  return at < 0 ? label : label.slice(at + 3)
}

function facts(d: InvoiceDocument): [string, string][] {
  // The whole year says only the year (« 2026/2027 », not « 2026/2027 — Année »); a term is named.
  const year: [string, string] = [
    'Année scolaire',
    d.period === 'annee' ? d.schoolYear : `${d.schoolYear} — ${BILLING_PERIOD_LABELS[d.period]}`,
  ]
  const account: [string, string] = ['Compte', ACCOUNT_LABELS[d.account]]
  if (d.kind === 'facture') return [['N°', d.number], ['Date', day(d.issuedOn)], year, account]
  return [
    ['Avoir n°', d.number],
    ['Date', day(d.issuedOn)],
    ['Facture corrigée', d.corrects ? `${d.corrects.number} du ${day(d.corrects.issuedOn)}` : ''],
    ['Motif', reasonOf(d.label)],
    year,
  ]
}

const LINES: Column[] = [
  { label: 'Désignation', width: 395 },
  { label: 'Montant', width: 100, align: 'right' },
]

/**
 * Up to 4 instalments in one table; more side by side, in two halves. The column « Mode » says
 * « Prélèvement » for those collected by direct debit (absent when none is).
 */
function instalments(doc: PDFKit.PDFDocument, d: InvoiceDocument): void {
  const debit = d.instalments.some((i) => i.directDebit)
  const cells = (i: InvoiceDocument['instalments'][number] | undefined) => {
    if (!i) return debit ? ['', '', '', ''] : ['', '', '']
    const mode = debit ? [i.directDebit ? 'Prélèvement' : ''] : []
    return [String(i.position), day(i.dueOn), ...mode, money(i.amountCents)]
  }
  // Widths: N°, Échéance, Mode, Montant; without the mode, Échéance takes its room.
  const columns = ([no, due, mode, amount]: number[]): Column[] => [
    { label: 'N°', width: no ?? 0 },
    { label: 'Échéance', width: (due ?? 0) + (debit ? 0 : (mode ?? 0)) },
    ...(debit ? [{ label: 'Mode', width: mode ?? 0 }] : []),
    { label: 'Montant', width: amount ?? 0, align: 'right' },
  ]
  if (d.instalments.length <= 4) {
    const rows = d.instalments.map((i) => ({ cells: cells(i) }))
    table(doc, columns([28, 150, 217, 100]), rows)
    return
  }
  const half = columns([28, 70, 72, 70])
  const gap: Column = { label: '', width: 15 }
  const count = Math.ceil(d.instalments.length / 2)
  const rows: Row[] = Array.from({ length: count }, (_, n) => ({
    cells: [...cells(d.instalments[n]), '', ...cells(d.instalments[n + count])],
  }))
  table(doc, [...half, gap, ...half], rows)
}

const PAYMENTS: Column[] = [
  { label: 'Date', width: 62 },
  { label: 'Reçu n°', width: 88 },
  { label: 'Mode de règlement', width: 110 },
  { label: 'Référence', width: 135 },
  { label: 'Montant', width: 100, align: 'right' },
]

function payments(doc: PDFKit.PDFDocument, d: InvoiceDocument): void {
  section(doc, 'Règlements reçus')
  if (d.payments.length === 0) {
    note(doc, 'Aucun règlement reçu à ce jour.')
    return
  }
  const reference = (p: InvoiceDocument['payments'][number]) =>
    [p.reference, p.authorisation && `autorisation ${p.authorisation}`].filter(Boolean).join(', ')
  table(
    doc,
    PAYMENTS,
    d.payments.map((p) => ({
      cells: [
        day(p.paidOn),
        p.receiptNumber,
        PAYMENT_MODE_LABELS[p.mode],
        reference(p),
        money(p.amountCents),
      ],
    })),
  )
}

function balance(d: InvoiceDocument): [string, string][] {
  const credited = d.credits.reduce((sum, c) => sum + c.totalCents, 0)
  const paid = d.payments.reduce((sum, p) => sum + p.amountCents, 0)
  const lines: [string, string][] = [['Total de la facture', money(d.totalCents)]]
  if (d.credits.length > 0) lines.push(['Avoirs', money(credited)])
  lines.push(['Déjà réglé', money(paid)])
  if (d.leftCents < 0) lines.push(['Trop-perçu en votre faveur', money(-d.leftCents)])
  else lines.push(['Reste à payer', money(d.leftCents)])
  return lines
}

/** Draws an invoice or a credit note. */
export function renderInvoice(d: InvoiceDocument): Promise<Buffer> {
  const isCredit = d.kind === 'avoir'
  const name = isCredit ? 'AVOIR' : d.label
  return makePdf(
    { title: `${name} ${d.number}`, author: d.issuer.conservatoire },
    footerOf(d.issuer),
    (doc) => {
      heading(doc, d.issuer, d.payer)
      title(doc, name, facts(d))
      table(
        doc,
        LINES,
        d.lines.map((l) => ({ cells: [l.label, money(l.amountCents)], note: l.rule })),
        { keep: 30 },
      )
      const total = isCredit ? 'Total de l’avoir' : 'Total'
      totals(doc, [[total, money(d.totalCents)]])
      if (isCredit) return
      section(doc, 'Échéancier')
      instalments(doc, d)
      if (d.credits.length > 0) {
        section(doc, 'Avoirs')
        table(
          doc,
          [
            { label: 'Avoir n°', width: 150 },
            { label: 'Date', width: 245 },
            { label: 'Montant', width: 100, align: 'right' },
          ],
          d.credits.map((c) => ({ cells: [c.number, day(c.issuedOn), money(c.totalCents)] })),
        )
      }
      payments(doc, d)
      totals(doc, balance(d))
    },
  )
}
