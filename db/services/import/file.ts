// Reads the spreadsheet a conservatoire brings: CSV (separator `;`, `,` or tab, UTF-8 with or
// without BOM, or Windows-1252) or XLSX. Gives its headings and its lines as texts, numbered as
// the spreadsheet shows them (the headings are line 1).
import { parse } from 'csv-parse/sync'
import type ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { DomainError } from '../../errors.ts'

export type Separator = ';' | ',' | '\t'

export interface ImportTable {
  format: 'csv' | 'xlsx'
  /** "UTF-8", "UTF-8 (BOM)", "Windows-1252"; empty for XLSX. */
  encoding: string
  separator: Separator | null
  headings: string[]
  /** The lines under the headings, blank ones left out. */
  rows: { line: number; cells: string[] }[]
}

export const MAX_LINES = 100_000
const MAX_COLUMNS = 200

function refuse(message: string): never {
  throw new DomainError('VALIDATION', message, { file: message })
}

/** UTF-8 when the bytes are valid UTF-8 (a BOM says so too), else Windows-1252. */
export function decodeText(bytes: Buffer): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: bytes.subarray(3).toString('utf8'), encoding: 'UTF-8 (BOM)' }
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' }
  } catch {
    return { text: iconv.decode(bytes, 'win1252'), encoding: 'Windows-1252' }
  }
}

/** The separator the headings' line uses most (`;` first on a tie: the French Excel's). */
export function detectSeparator(text: string): Separator {
  const firstLine = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? ''
  const count = (s: string) => firstLine.split(s).length - 1
  const order: Separator[] = [';', '\t', ',']
  return order.reduce((best, s) => (count(s) > count(best) ? s : best), order[0] as Separator)
}

function table(
  format: ImportTable['format'],
  all: string[][],
  extra: Pick<ImportTable, 'encoding' | 'separator'>,
): ImportTable {
  const [headings = [], ...lines] = all
  if (headings.every((h) => h.trim() === ''))
    refuse('Le fichier est vide : aucune ligne d’en-tête.')
  if (headings.length > MAX_COLUMNS) refuse(`Le fichier a plus de ${MAX_COLUMNS} colonnes.`)
  if (lines.length > MAX_LINES) refuse(`Le fichier a plus de ${MAX_LINES} lignes.`)
  const rows = lines
    .map((cells, i) => ({ line: i + 2, cells: cells.map((c) => c.trim()) }))
    .filter((r) => r.cells.some((c) => c !== ''))
  return { format, ...extra, headings: headings.map((h) => h.trim()), rows }
}

function readCsv(bytes: Buffer): ImportTable {
  const { text, encoding } = decodeText(bytes)
  const separator = detectSeparator(text)
  let records: string[][]
  try {
    records = parse(text, {
      delimiter: separator,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }) as string[][]
  } catch {
    refuse('Ce fichier CSV ne peut pas être lu : vérifiez qu’il est enregistré au format CSV.')
  }
  return table('csv', records, { encoding, separator })
}

/** A cell of a sheet as a text: dates as yyyy-mm-dd, formulas by their result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('')
    if ('text' in value) return String(value.text)
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue)
    if ('error' in value) return ''
    return ''
  }
  if (typeof value === 'boolean') return value ? 'oui' : 'non'
  return String(value)
}

async function readXlsx(bytes: Buffer): Promise<ImportTable> {
  const { default: Excel } = await import('exceljs') // loaded when first needed (11 MB)
  const workbook = new Excel.Workbook()
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  } catch {
    refuse('Ce classeur Excel ne peut pas être lu : enregistrez-le au format .xlsx ou .csv.')
  }
  const sheet = workbook.worksheets[0]
  if (!sheet) refuse('Ce classeur ne contient aucune feuille.')
  if (sheet.rowCount > MAX_LINES + 1) refuse(`Le fichier a plus de ${MAX_LINES} lignes.`)
  const width = Math.min(sheet.columnCount, MAX_COLUMNS + 1)
  const all: string[][] = []
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r)
    all.push(Array.from({ length: width }, (_, c) => cellText(row.getCell(c + 1).value)))
  }
  while (all[0] && all[0].length && all[0].at(-1) === '') {
    const last = all[0].length - 1
    if (all.some((cells) => cells[last] !== '')) break
    for (const cells of all) cells.pop()
  }
  return table('xlsx', all, { encoding: '', separator: null })
}

/** The file's headings and lines. XLSX is known by its content (a zip), whatever its name. */
export async function readImportFile(bytes: Buffer): Promise<ImportTable> {
  if (bytes.length === 0) refuse('Le fichier est vide.')
  if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return readXlsx(bytes)
  if (bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    refuse(
      'Les classeurs .xls (Excel 97-2003) ne sont pas lus : enregistrez-le en .xlsx ou en .csv.',
    )
  }
  return readCsv(bytes)
}
