// The import itself: the dry run again, in the transaction that writes (nothing is written unless
// the file is clean), then every family.
import type { Trx } from '../../connection.ts'
import { DomainError } from '../../errors.ts'
import { compactFamilySearch } from '../family-list.ts'
import { listActiveSites } from '../sites.ts'
import { checkImport, type CheckInput } from './check.ts'
import { writeImport, type ImportActor, type ImportedFamily } from './write.ts'

export interface ImportRun extends CheckInput, ImportActor {
  fileName: string
  /** Called once the file is found clean, before anything is written. */
  started?: () => void
  progress?: (done: number, total: number) => Promise<void>
}

/** Imports a clean file in the caller's transaction; VALIDATION (nothing written) otherwise. */
export async function importFamilies(
  trx: Trx,
  input: ImportRun,
): Promise<{ families: ImportedFamily[]; siteNames: Map<number, string> }> {
  const check = await checkImport(trx, input)
  const count = check.problems.length
  if (count > 0) {
    throw new DomainError(
      'VALIDATION',
      `Le fichier contient ${count} problème${count > 1 ? 's' : ''} : rien n’a été importé.`,
      { problems: String(count) },
    )
  }
  if (check.families.length === 0) {
    throw new DomainError('VALIDATION', 'Le fichier ne contient aucune famille à importer.')
  }
  input.started?.()
  const families = await writeImport(trx, { ...input, families: check.families })
  await compactFamilySearch(trx)
  const siteNames = new Map((await listActiveSites(trx)).map((s) => [s.id, s.name]))
  return { families, siteNames }
}
