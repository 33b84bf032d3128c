import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach } from 'vitest'
import { openDatabase, type Db } from '../../db/connection.ts'

/**
 * Gives a function that opens a new SQLite file in a fresh folder (nothing migrated yet); after
 * each test, every database it opened is closed and its folder removed.
 */
export function freshDatabases(prefix: string): () => Db {
  const opened: { db: Db; dir: string }[] = []
  afterEach(async () => {
    for (const { db, dir } of opened.splice(0)) {
      await db.destroy()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
  return () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
    const db = openDatabase(path.join(dir, 'portee.sqlite'))
    opened.push({ db, dir })
    return db
  }
}
