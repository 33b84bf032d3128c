// How the billing PDFs are drawn (pdfkit, A4, the standard Helvetica: nothing to embed, so a
// document is made in a few milliseconds): the heading with the issuer and the payer, titles,
// tables that continue on the next page with their heading row, the footer of every page.
import { euros } from '../../../rules/billing.ts'
import { formatDate } from '../../../rules/formats.ts'
import type { Issuer, PayerSnapshot } from './documents.ts'

export const LEFT = 50
export const WIDTH = 495
export const RIGHT = LEFT + WIDTH
/** Where a page's content stops: the footer lives below. */
const BOTTOM = 841.89 - 70
const GREY = '#555555'
const RULE = '#999999'

/**
 * Text as the standard fonts can show it (WinAnsi): the minus sign "−" of euros() is not in it
 * and would print as garbage, so it becomes a hyphen; spaces other than the ordinary one too.
 */
export const safe = (text: string) => text.replace(/\u2212/g, '-').replace(/[\u202f\u00a0]/g, ' ')

/** "93,24 €", "-12,00 €" in a PDF. */
export const money = (cents: number) => safe(euros(cents))
export const day = (iso: string) => (iso ? formatDate(iso) : '')

/** Makes a PDF: `draw` writes its pages, then every page gets its footer. */
export async function makePdf(
  info: { title: string; author: string },
  footer: string,
  draw: (doc: PDFKit.PDFDocument) => void,
): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit') // loaded at the first PDF: 9 MB
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: LEFT,
      bufferPages: true,
      info: { Title: safe(info.title), Author: safe(info.author), Producer: 'Portée' },
    })
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
    draw(doc)
    const { start, count } = doc.bufferedPageRange()
    for (let i = start; i < start + count; i++) {
      doc.switchToPage(i)
      doc.page.margins.bottom = 0
      const line = count > 1 ? `${footer} — Page ${i + 1}/${count}` : footer
      doc.font('Helvetica').fontSize(7.5).fillColor(GREY)
      doc.text(safe(line), LEFT, 841.89 - 45, { width: WIDTH, align: 'center', lineBreak: true })
    }
    doc.end()
  })
}

/** The issuer at the top left; the payer where a window envelope shows it (top right). */
export function heading(doc: PDFKit.PDFDocument, issuer: Issuer, payer: PayerSnapshot): void {
  const top = 50
  doc.fillColor('black').font('Helvetica-Bold').fontSize(12)
  doc.text(safe(issuer.conservatoire), LEFT, top, { width: 250 })
  doc.font('Helvetica').fontSize(9)
  const lines = [
    issuer.site !== issuer.conservatoire ? issuer.site : '',
    issuer.address,
    `${issuer.postalCode} ${issuer.city}`.trim(),
    [issuer.phone && `Tél. ${issuer.phone}`, issuer.email].filter(Boolean).join(' — '),
    issuer.siret && `SIRET ${issuer.siret}`,
  ]
  for (const line of lines.filter(Boolean)) doc.text(safe(line), { width: 250 })
  const leftBottom = doc.y
  const x = 320
  doc.font('Helvetica-Bold').fontSize(10.5)
  doc.text(safe(payer.name || '—'), x, 130, { width: RIGHT - x })
  doc.font('Helvetica').fontSize(10)
  for (const line of [payer.address, `${payer.postalCode} ${payer.city}`.trim()].filter(Boolean))
    doc.text(safe(line), x, doc.y, { width: RIGHT - x })
  doc.x = LEFT
  doc.y = Math.max(leftBottom, doc.y) + 28
}

/** The document's title, then its facts (« N° … », « Date : … ») in two columns. */
export function title(doc: PDFKit.PDFDocument, text: string, facts: [string, string][]): void {
  doc.fillColor('black').font('Helvetica-Bold').fontSize(16)
  doc.text(safe(text), LEFT, doc.y, { width: WIDTH })
  doc.moveDown(0.4)
  doc.fontSize(9.5)
  for (const [label, value] of facts) {
    const y = doc.y
    doc.font('Helvetica').fillColor(GREY).text(safe(label), LEFT, y, { width: 110 })
    doc.font('Helvetica-Bold').fillColor('black')
    doc.text(safe(value), LEFT + 110, y, { width: WIDTH - 110 })
  }
  doc.x = LEFT
  doc.moveDown(1)
}

/** A section's heading; on the next page when what follows would not fit. */
export function section(doc: PDFKit.PDFDocument, text: string, needs = 40): void {
  room(doc, 18 + needs)
  doc.fillColor('black').font('Helvetica-Bold').fontSize(11)
  doc.text(safe(text), LEFT, doc.y, { width: WIDTH })
  doc.moveDown(0.3)
}

/** A new page when `height` more points would run into the footer. */
export function room(doc: PDFKit.PDFDocument, height: number): boolean {
  if (doc.y + height <= BOTTOM) return false
  doc.addPage()
  doc.x = LEFT
  doc.y = LEFT
  return true
}

export interface Column {
  label: string
  width: number
  align?: 'left' | 'right'
}

export interface Row {
  cells: string[]
  /** Smaller grey text under the first cell (an invoice line's rule). */
  note?: string
  bold?: boolean
}

const CELL_PAD = 4

/**
 * The height of a text in a box `width` wide. Most cells (amounts, dates, numbers) hold on one
 * line: their width is enough to know it, without laying the text out (the costly part of a PDF).
 */
function textHeight(doc: PDFKit.PDFDocument, text: string, width: number): number {
  if (doc.widthOfString(text) <= width) return doc.currentLineHeight(true)
  return doc.heightOfString(text, { width })
}

/** Writes a text in its box; one that fits on a line is placed without the line wrapper. */
function textIn(
  doc: PDFKit.PDFDocument,
  text: string,
  box: { x: number; y: number; width: number; align?: 'left' | 'right' },
): number {
  const width = doc.widthOfString(text)
  if (width > box.width) {
    doc.text(text, box.x, box.y, { width: box.width, align: box.align ?? 'left' })
    return doc.y
  }
  const x = box.align === 'right' ? box.x + box.width - width : box.x
  doc.text(text, x, box.y, { lineBreak: false })
  return box.y + doc.currentLineHeight(true)
}

function rowHeight(doc: PDFKit.PDFDocument, columns: Column[], row: Row, size: number): number {
  let height = 0
  row.cells.forEach((text, i) => {
    const width = (columns[i]?.width ?? 60) - 2 * CELL_PAD
    doc.font(row.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size)
    let cell = textHeight(doc, safe(text), width)
    if (i === 0 && row.note) {
      doc.font('Helvetica').fontSize(size - 1.5)
      cell += 1 + textHeight(doc, safe(row.note), width)
    }
    height = Math.max(height, cell)
  })
  return height + 2 * CELL_PAD
}

function drawRow(
  doc: PDFKit.PDFDocument,
  columns: Column[],
  row: Row,
  size: number,
  height: number,
): void {
  const top = doc.y
  let x = LEFT
  row.cells.forEach((text, i) => {
    const column = columns[i] ?? { label: '', width: 60 }
    const width = column.width - 2 * CELL_PAD
    doc
      .fillColor('black')
      .font(row.bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(size)
    const box = { x: x + CELL_PAD, width, align: column.align ?? 'left' }
    const bottom = text ? textIn(doc, safe(text), { ...box, y: top + CELL_PAD }) : top
    if (i === 0 && row.note) {
      doc
        .font('Helvetica')
        .fontSize(size - 1.5)
        .fillColor(GREY)
      textIn(doc, safe(row.note), { ...box, y: bottom + 1 })
    }
    x += column.width
  })
  doc.x = LEFT
  doc.y = top + height
}

function rule(doc: PDFKit.PDFDocument, y: number, width = 0.5): void {
  doc.moveTo(LEFT, y).lineTo(RIGHT, y).lineWidth(width).strokeColor(RULE).stroke()
}

/**
 * A table: its heading row (again at the top of each new page), its rows, lines between them.
 * `keep`: the room what follows needs, kept on the page of the last row (a total under its lines).
 */
export function table(
  doc: PDFKit.PDFDocument,
  columns: Column[],
  rows: Row[],
  options: { size?: number; keep?: number } = {},
): void {
  const size = options.size ?? 9
  const head = () => {
    const headRow: Row = { cells: columns.map((c) => c.label), bold: true }
    const height = rowHeight(doc, columns, headRow, size - 0.5)
    doc.rect(LEFT, doc.y, WIDTH, height).fillColor('#eeeeee').fill()
    drawRow(doc, columns, headRow, size - 0.5, height)
    rule(doc, doc.y, 0.8)
  }
  room(doc, 60)
  head()
  rows.forEach((row, i) => {
    const height = rowHeight(doc, columns, row, size)
    if (room(doc, height + (i === rows.length - 1 ? (options.keep ?? 0) : 0))) head()
    drawRow(doc, columns, row, size, height)
    rule(doc, doc.y)
  })
  doc.x = LEFT
  doc.moveDown(0.8)
}

/** Totals at the right: a label and an amount per line, the last one bold. */
export function totals(doc: PDFKit.PDFDocument, lines: [string, string][]): void {
  room(doc, lines.length * 15 + 10)
  const x = RIGHT - 320
  lines.forEach(([label, value], i) => {
    const last = i === lines.length - 1
    const y = doc.y
    doc
      .fillColor('black')
      .font(last ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(last ? 11 : 9.5)
    doc.text(safe(label), x, y, { width: 210, align: 'right' })
    doc.text(safe(value), x + 220, y, { width: 100 - CELL_PAD, align: 'right' })
    doc.moveDown(0.25)
  })
  doc.x = LEFT
  doc.moveDown(1)
}

/** A paragraph in small grey type (a note, a mention). */
export function note(doc: PDFKit.PDFDocument, text: string): void {
  room(doc, 30)
  doc.fillColor(GREY).font('Helvetica').fontSize(8.5)
  doc.text(safe(text), LEFT, doc.y, { width: WIDTH })
  doc.fillColor('black')
  doc.moveDown(0.6)
}

/** The footer of the documents of an issuer. */
export function footerOf(issuer: Issuer): string {
  const place = `${issuer.address}, ${issuer.postalCode} ${issuer.city}`.replace(/^, | ,$/g, '')
  return [issuer.conservatoire, issuer.site, place.trim(), issuer.siret && `SIRET ${issuer.siret}`]
    .filter((p, i, all) => p && all.indexOf(p) === i)
    .join(' — ')
}
