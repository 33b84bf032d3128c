// The attestation d'inscription of a pupil for a school year: a PDF (pdfkit) with the
// conservatoire's name, the legal name and address of the pupil's site, the pupil's name and
// birth date, the year, the courses (discipline, cours, cycle, enseignant, jour et horaire), and
// « Fait à <ville>, le <date> » (the clock's day in France). Made on demand, never stored.
import type { Clock } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import { DomainError } from '../../errors.ts'
import { formatDate } from '../../rules/formats.ts'
import { parisDay } from '../../rules/pedagogy.ts'
import { withArticle } from '../../rules/text.ts'
import { attestationFileName, attestationTitle, townName } from '../../rules/pupil-documents.ts'
import { enrolmentLines, toLine, type LineRow } from '../pedagogy/pupil-tabs.ts'
import { pupilFor, type PupilOwner } from './pupil-documents.ts'

export interface AttestationLine {
  discipline: string
  course: string
  cycle: string
  teacher: string
  schedule: string
}

export interface Attestation {
  conservatoire: string
  site: { legalName: string; address: string; postalCode: string; city: string }
  /** civility: « Madame » or « Monsieur » (né / née, inscrit / inscrite), empty when unknown. */
  pupil: { lastName: string; firstName: string; birthDate: string; civility: string }
  schoolYear: string
  lines: AttestationLine[]
  /** « Fait à Cogolin, le 26/11/2026 ». */
  madeAt: string
  fileName: string
}

/** What the attestation says; NOT_FOUND when the pupil has no enrolment that year. */
export async function attestation(
  trx: Trx,
  input: { pupilId: number; schoolYearId: number; clock: Clock } & PupilOwner,
): Promise<Attestation> {
  const pupil = await pupilFor(trx, input.pupilId, input)
  const rows = await enrolmentLines(trx)
    .where('enrolments.pupil_id', pupil.id)
    .where('courses.school_year_id', input.schoolYearId)
    .orderByRaw('courses.weekday IS NULL, courses.weekday, courses.start_time, courses.label')
  const lines = (rows as LineRow[]).map(toLine)
  const [first] = lines
  if (!first) throw new DomainError('NOT_FOUND', 'Cet élève n’a pas de cours cette année scolaire.')
  const site = await trx('families as f')
    .join('sites as s', 's.id', 'f.site_id')
    .where('f.id', pupil.familyId)
    .first<{
      name: string
      legal_name: string
      address: string
      postal_code: string
      city: string
    }>('s.name', 's.legal_name', 's.address', 's.postal_code', 's.city')
  const conservatoire = await trx('conservatoire')
    .where({ id: 1 })
    .first<{ name: string } | undefined>('name')
  const city = townName(site.city)
  return {
    conservatoire: conservatoire?.name ?? '',
    site: {
      legalName: site.legal_name || site.name,
      address: site.address,
      postalCode: site.postal_code,
      city: site.city,
    },
    pupil: {
      lastName: pupil.lastName,
      firstName: pupil.firstName,
      birthDate: pupil.birthDate,
      civility: pupil.civility,
    },
    schoolYear: first.schoolYear,
    lines: lines.map((l) => ({
      discipline: l.discipline,
      course: l.course,
      cycle: [l.cursus, l.cycle].filter(Boolean).join(' — '),
      teacher: l.teacher,
      schedule: l.schedule,
    })),
    madeAt: `Fait${city ? ` à ${city}` : ''}, le ${formatDate(parisDay(input.clock.now()))}`,
    fileName: attestationFileName(first.schoolYear, pupil),
  }
}

const COLUMNS: { label: string; width: number; value: (l: AttestationLine) => string }[] = [
  { label: 'Discipline', width: 90, value: (l) => l.discipline },
  { label: 'Cours', width: 125, value: (l) => l.course },
  { label: 'Cycle', width: 110, value: (l) => l.cycle || '—' },
  { label: 'Enseignant', width: 80, value: (l) => l.teacher || '—' },
  { label: 'Jour et horaire', width: 90, value: (l) => l.schedule || '—' },
]

/** The attestation as a one-page A4 PDF. */
export async function attestationPdf(a: Attestation): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit') // loaded at the first PDF: 9 MB
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 50,
      info: {
        Title: `${attestationTitle(a.schoolYear)} — ${a.pupil.lastName} ${a.pupil.firstName}`,
        Author: a.conservatoire,
        Producer: 'Portée',
      },
    })
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
    write(doc, a)
    doc.end()
  })
}

function write(doc: PDFKit.PDFDocument, a: Attestation): void {
  const left = 50
  doc.font('Helvetica-Bold').fontSize(13).text(a.conservatoire)
  doc.font('Helvetica').fontSize(10)
  if (a.site.legalName !== a.conservatoire) doc.text(a.site.legalName)
  doc.text(a.site.address)
  doc.text(`${a.site.postalCode} ${a.site.city}`.trim())
  doc.moveDown(3)
  doc.font('Helvetica-Bold').fontSize(18).text('Attestation d’inscription', { align: 'center' })
  doc.font('Helvetica').fontSize(12).text(`Année scolaire ${a.schoolYear}`, { align: 'center' })
  doc.moveDown(2)
  doc.fontSize(11)
  // « né », « inscrite »: agreed with the pupil's civility, « né(e) » when it is not known.
  const e = { Madame: 'e', Monsieur: '' }[a.pupil.civility] ?? '(e)'
  doc.text(`${withArticle(a.conservatoire)} atteste que l’élève`)
  doc.moveDown(0.5)
  doc.font('Helvetica-Bold').text(`${a.pupil.lastName} ${a.pupil.firstName}`, { continued: true })
  doc
    .font('Helvetica')
    .text(a.pupil.birthDate ? `, né${e} le ${formatDate(a.pupil.birthDate)},` : ',')
  doc.moveDown(0.5)
  doc.text(`est inscrit${e} pour l’année scolaire ${a.schoolYear} aux cours suivants :`)
  doc.moveDown(1)
  // The courses, as a table: a heading row, then one row per course (wrapped cells).
  const row = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9)
    const top = doc.y
    let x = left
    let bottom = top
    cells.forEach((text, i) => {
      const width = COLUMNS[i]?.width ?? 80
      doc.text(text, x, top, { width: width - 6 })
      bottom = Math.max(bottom, doc.y)
      x += width
    })
    doc
      .moveTo(left, bottom + 3)
      .lineTo(left + 495, bottom + 3)
      .lineWidth(0.5)
      .strokeColor('#888888')
      .stroke()
    doc.x = left
    doc.y = bottom + 7
  }
  row(
    COLUMNS.map((c) => c.label),
    true,
  )
  for (const line of a.lines)
    row(
      COLUMNS.map((c) => c.value(line)),
      false,
    )
  doc.moveDown(2)
  doc.font('Helvetica').fontSize(11)
  doc.text('Attestation délivrée pour servir et valoir ce que de droit.', left)
  doc.moveDown(2)
  doc.text(a.madeAt, left, doc.y, { align: 'right', width: 495 })
}
