// The files of the demo's réinscription documents: one small PDF made once, then one hard link
// (a copy where the file system refuses links) per document row, each under its own generated
// name in DATA_DIR/documents, as an upload would have stored it.
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import { documentPath, documentsDir } from '../document-files.ts'

/** A one-page PDF saying it stands for a pièce justificative of the demo. */
export async function demoPiecePdf(): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit')
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A5',
      margin: 40,
      info: { Title: 'Pièce justificative (démonstration)', Producer: 'Portée' },
    })
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
    doc.fontSize(16).text('Pièce justificative', { align: 'center' })
    doc.moveDown().fontSize(11).text('Document de démonstration de Portée : il remplace la pièce')
    doc.text('qu’une famille aurait importée pour sa réinscription.')
    doc.end()
  })
}

/** What every demo document row shares: the content's size and fingerprint. */
export interface DemoFile {
  size: number
  sha256: string
}

/** Writes the files of `count` documents; returns their stored names and the shared size/sha256. */
export async function writeDemoFiles(
  dataDir: string,
  count: number,
): Promise<{ names: string[]; file: DemoFile }> {
  const content = await demoPiecePdf()
  const file = { size: content.length, sha256: createHash('sha256').update(content).digest('hex') }
  if (count === 0) return { names: [], file }
  fs.mkdirSync(documentsDir(dataDir), { recursive: true })
  const random = randomBytes(16 * count).toString('hex')
  const names = Array.from({ length: count }, (_, i) => `${random.slice(i * 32, i * 32 + 32)}.pdf`)
  const [first, ...others] = names
  if (first === undefined) return { names, file }
  let source = documentPath(dataDir, first)
  fs.writeFileSync(source, content)
  let link = true
  for (const name of others) {
    const target = documentPath(dataDir, name)
    if (link) {
      try {
        fs.linkSync(source, target)
        continue
      } catch (err) {
        // Too many links to one file (ext4 allows 65 000): the next ones link to a new copy.
        // No links at all on this file system: copies.
        if ((err as NodeJS.ErrnoException).code === 'EMLINK') {
          fs.copyFileSync(source, target)
          source = target
          continue
        }
        link = false
      }
    }
    fs.copyFileSync(source, target)
  }
  return { names, file }
}
