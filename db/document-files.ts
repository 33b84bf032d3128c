import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'

// Where the documents families upload live: DATA_DIR/documents, each file under a name Portée
// generates (never the family's file name). The family's name is only a column, shown on screen.

/** The folder of the uploaded documents. */
export function documentsDir(dataDir: string): string {
  return path.join(dataDir, 'documents')
}

/** A generated stored name: 32 hex digits and the extension of the recognised type. */
const STORED_NAME = /^[0-9a-f]{32}\.(pdf|jpg|png)$/

/** The path of a stored document; throws on a name Portée did not generate (no way out of the folder). */
export function documentPath(dataDir: string, storedName: string): string {
  if (!STORED_NAME.test(storedName)) throw new Error(`Not a stored document name: ${storedName}`)
  return path.join(documentsDir(dataDir), storedName)
}

/**
 * The stored file of a document, when it is still on the disk (a restore of an older DATA_DIR
 * may have taken it away: then it is as missing as an unknown document).
 */
export async function storedFile(dataDir: string, storedName: string): Promise<string | null> {
  const file = documentPath(dataDir, storedName)
  return fs.access(file).then(
    () => file,
    () => null,
  )
}

export function isStoredName(name: string): boolean {
  return STORED_NAME.test(name)
}

/** Writes what the system still holds of a file or folder to the disk (fsync). */
export async function syncToDisk(file: string): Promise<void> {
  const handle = await fs.open(file, 'r+')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/**
 * Moves a file received on DATA_DIR's disk into DATA_DIR/documents under `storedName`, on the disk
 * and not only in the system's cache: its content, then the folder that now names it (Windows
 * keeps folders in its journal and cannot open one). Done before the row that names the file is
 * committed: once it is, neither the row nor the file can be lost to a power cut.
 */
export async function keepDocument(
  dataDir: string,
  from: string,
  storedName: string,
): Promise<void> {
  const dir = documentsDir(dataDir)
  await fs.mkdir(dir, { recursive: true })
  await syncToDisk(from)
  await fs.rename(from, documentPath(dataDir, storedName))
  if (process.platform !== 'win32') {
    const folder = await fs.open(dir, 'r')
    try {
      await folder.sync()
    } finally {
      await folder.close()
    }
  }
}

/** A new stored name: 32 random hex digits and the extension of the file's recognised type. */
export function newStoredName(extension: string): string {
  return `${randomBytes(16).toString('hex')}.${extension}`
}

/**
 * The file of a document its row was finally not written for (the service refused it): removed.
 * It was never named anywhere, and only Portée's generated names are touched.
 */
export async function discardDocument(dataDir: string, storedName: string): Promise<void> {
  await fs.rm(documentPath(dataDir, storedName), { force: true })
}
