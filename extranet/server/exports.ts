// The lists' exports: a table (headings, then rows of text) written as a CSV for a French Excel
// (UTF-8 with a BOM, `;` between cells) or as an XLSX workbook, answered as a file to download.
import type { ReqRef, ResponseObject, ResponseToolkit } from '@hapi/hapi'
import { stringify } from 'csv-stringify/sync'
import type { Clock } from '../../db/clock.ts'
import type { ExportFormat, ListColumn } from '../../db/rules/lists.ts'
import { downloadName } from '../../db/rules/reenrolment.ts'

export interface ExportTable {
  /** The file's name without date nor extension: « familles ». */
  name: string
  /** The sheet's name in the workbook: « Familles ». */
  title: string
  columns: readonly ListColumn[]
  /** One array of cells per row, in the order of the columns. */
  rows: string[][]
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf])

/**
 * A cell that a spreadsheet would run as a formula (=, +, -, @, a tab or a return first) gets a
 * leading apostrophe: what a family typed is shown, never executed.
 */
function inert(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell
}

/** The CSV bytes: BOM, `;`, CRLF; a cell with `;`, a quote or a line break is quoted. */
export function csvBytes(table: ExportTable): Buffer {
  const text = stringify(
    [table.columns.map((c) => c.title), ...table.rows.map((r) => r.map(inert))],
    {
      delimiter: ';',
      record_delimiter: 'windows',
    },
  )
  return Buffer.concat([BOM, Buffer.from(text, 'utf8')])
}

/** The XLSX bytes: one sheet, its headings in bold and frozen, columns as wide as their text. */
export async function xlsxBytes(table: ExportTable): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs') // loaded at the first export: 11 MB
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Portée'
  const sheet = workbook.addWorksheet(table.title.slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 1 }],
  })
  sheet.columns = table.columns.map((c, i) => ({
    header: c.title,
    key: c.key,
    width: Math.min(
      60,
      Math.max(c.title.length, ...table.rows.map((r) => (r[i] ?? '').length)) + 2,
    ),
  }))
  sheet.getRow(1).font = { bold: true }
  for (const row of table.rows) sheet.addRow(row)
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

const TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}

/** Made once, not per row: a formatter costs some 80 µs to make, and 1 µs to use. */
const FRENCH_DATE_TIME = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'short',
  timeStyle: 'short',
  timeZone: 'Europe/Paris',
})

/** « 25/11/2026 14:03 », in the conservatoire's time zone. */
export function frenchDateTime(iso: string | null): string {
  if (!iso) return ''
  return FRENCH_DATE_TIME.format(new Date(iso))
}

/** The answer that downloads the table: « familles-2026-11-25.csv ». */
export async function exportFile<R extends ReqRef>(
  h: ResponseToolkit<R>,
  table: ExportTable,
  format: ExportFormat,
  clock: Clock,
): Promise<ResponseObject> {
  const body = format === 'csv' ? csvBytes(table) : await xlsxBytes(table)
  const day = clock.now().toISOString().slice(0, 10)
  return h
    .response(body)
    .type(TYPES[format])
    .header('content-disposition', `attachment; filename="${table.name}-${day}.${format}"`)
    .header('cache-control', 'no-store')
}

/**
 * `attachment` for a file a family gave, under its own name with the extension of what the file
 * is (downloadName: its type was read from its content), for every browser (RFC 6266 / 5987).
 */
export function attachment(file: { fileName: string; mimeType: string }): string {
  const fileName = downloadName(file.fileName, file.mimeType)
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_')
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`
}
