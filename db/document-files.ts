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

export function isStoredName(name: string): boolean {
  return STORED_NAME.test(name)
}
