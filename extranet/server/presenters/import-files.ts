// The files of the import: the sample to fill (CSV and XLSX) and the result of an import (CSV for
// a French Excel: UTF-8 with BOM, `;`).
import { stringify } from 'csv-stringify/sync'
import type { ImportedFamily } from '../../../db/services/import/write.ts'
import type { ImportResultView } from '../../api/types.ts'

const PERSON = ['Civilité', 'Nom', 'Prénom', 'Adresse', 'Code postal', 'Ville']
const CONTACT = ['Tél domicile', 'Mobile', 'Tél pro', 'E-mail']
const guardian = (n: number) => [...PERSON, ...CONTACT].map((h) => `Responsable ${n} - ${h}`)

export const SAMPLE_HEADINGS = [
  'N° famille',
  'Site',
  ...guardian(1),
  ...guardian(2),
  ...[
    'Civilité',
    'Nom',
    'Prénom',
    'Date de naissance',
    'Lieu de naissance',
    'Niveau scolaire',
    'Droit à l’image',
  ].map((h) => `Élève - ${h}`),
]

type Person = [string, string, string, string, string, string, string, string, string, string]
const NOBODY: Person = ['', '', '', '', '', '', '', '', '', '']
const MARTIN_1: Person = [
  'Madame',
  'MARTIN',
  'Sophie',
  '12 rue des Lilas',
  '29170',
  'FOUESNANT',
  '',
  '06 12 34 56 78',
  '',
  'sophie.martin@example.org',
]
const MARTIN_2: Person = [
  'Monsieur',
  'MARTIN',
  'Paul',
  '12 rue des Lilas',
  '29170',
  'FOUESNANT',
  '02 98 56 00 11',
  '07 12 34 56 78',
  '',
  'paul.martin@example.org',
]
const LEROY: Person = [
  'Monsieur',
  'LEROY',
  'Antoine',
  '3 place du Marché',
  '29000',
  'QUIMPER',
  '',
  '06 98 76 54 32',
  '02 98 11 22 33',
  'antoine.leroy@example.org',
]
const NGUYEN: Person = [
  'Madame',
  'NGUYEN',
  'Thi',
  '8 allée des Pins',
  '29950',
  'BÉNODET',
  '',
  '06 55 44 33 22',
  '',
  'thi.nguyen@example.org',
]

/** A few fictional lines: two pupils of one family, an adult pupil, a guardian with no pupil yet. */
function sampleRows(site: string): string[][] {
  return [
    [
      '101',
      site,
      ...MARTIN_1,
      ...MARTIN_2,
      'Madame',
      'MARTIN',
      'Léa',
      '12/03/2014',
      'Quimper',
      'CM2',
      'oui',
    ],
    [
      '101',
      site,
      ...MARTIN_1,
      ...MARTIN_2,
      'Monsieur',
      'MARTIN',
      'Hugo',
      '01/09/2016',
      'Quimper',
      'CE2',
      'non',
    ],
    [
      '102',
      site,
      ...LEROY,
      ...NOBODY,
      'Monsieur',
      'LEROY',
      'Antoine',
      '20/05/1980',
      'Brest',
      '',
      'oui',
    ],
    ['103', site, ...NGUYEN, ...NOBODY, '', '', '', '', '', '', ''],
  ]
}

/** UTF-8 with BOM, `;`, CRLF: what a French Excel opens as it should. */
export function frenchCsv(rows: string[][]): string {
  return `\uFEFF${stringify(rows, { delimiter: ';', record_delimiter: '\r\n' })}`
}

export function sampleCsv(site: string): Buffer {
  return Buffer.from(frenchCsv([SAMPLE_HEADINGS, ...sampleRows(site)]), 'utf8')
}

export async function sampleXlsx(site: string): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs') // loaded when first needed (11 MB)
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('Familles')
  sheet.addRow(SAMPLE_HEADINGS).font = { bold: true }
  for (const row of sampleRows(site)) sheet.addRow(row)
  sheet.columns.forEach((column) => (column.width = 18))
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** The result of an import: one line per record written, with the line of the file it came from. */
export function importResult(
  families: ImportedFamily[],
  siteNames: ReadonlyMap<number, string>,
): ImportResultView {
  const rows: string[][] = [
    [
      'Ligne',
      'N° famille (fichier)',
      'N° famille Portée',
      'Famille',
      'Site',
      'Fiche',
      'Nom',
      'Prénom',
    ],
  ]
  let guardians = 0
  let pupils = 0
  for (const f of families) {
    const family = [f.number, String(f.id), f.name, siteNames.get(f.siteId) ?? '']
    f.guardians.forEach((g, i) => {
      rows.push([String(g.line), ...family, `Responsable ${i + 1}`, g.lastName, g.firstName])
    })
    for (const p of f.pupils)
      rows.push([String(p.line), ...family, 'Élève', p.lastName, p.firstName])
    guardians += f.guardians.length
    pupils += f.pupils.length
  }
  const [headings = [], ...records] = rows
  records.sort((a, b) => Number(a[0]) - Number(b[0]))
  return { families: families.length, guardians, pupils, csv: frenchCsv([headings, ...records]) }
}
