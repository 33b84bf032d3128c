// The dry run of an import: the file's lines checked (plan.ts), then against Portée itself: the
// sites the staff member works for, the guardians already there. Writes nothing but the mapping
// the secretary chose, remembered for the next import.
import type { Trx } from '../../connection.ts'
import { guessMapping, mappingMemory } from '../../rules/import-fields.ts'
import { foldForSearch } from '../../rules/text.ts'
import { listActiveSites } from '../sites.ts'
import type { ImportTable } from './file.ts'
import { columnOf, planImport, type ImportProblem, type Plan, type PlannedFamily } from './plan.ts'

const MAPPING_KEY = 'family_import_mapping'

/** The field chosen for each heading at the last imports (headings folded). */
async function rememberedMapping(trx: Trx): Promise<Record<string, string>> {
  const row = await trx('settings')
    .where({ key: MAPPING_KEY })
    .first<{ value: string } | undefined>()
  return row ? (JSON.parse(row.value) as Record<string, string>) : {}
}

/** The field of each column of this file: as remembered for its heading, else guessed. */
export async function proposedMapping(trx: Trx, headings: string[]): Promise<(string | null)[]> {
  return guessMapping(headings, await rememberedMapping(trx))
}

/** Remembers the fields chosen for these headings, beside those of other files. */
async function rememberMapping(trx: Trx, headings: string[], mapping: readonly (string | null)[]) {
  const value = { ...(await rememberedMapping(trx)), ...mappingMemory(headings, mapping) }
  await trx('settings')
    .insert({ key: MAPPING_KEY, value: JSON.stringify(value) })
    .onConflict('key')
    .merge()
}

interface ExistingGuardian {
  last_name: string
  first_name: string
  email: string
  site_id: number
  family_name: string
  site_name: string
}

/** Guardians of the file already in Portée: same name and e-mail, or same e-mail on the site. */
async function alreadyThere(
  trx: Trx,
  input: CheckInput,
  families: PlannedFamily[],
): Promise<ImportProblem[]> {
  const rows = await trx('guardians')
    .join('families', 'families.id', 'guardians.family_id')
    .join('sites', 'sites.id', 'guardians.site_id')
    .whereNull('guardians.archived_at')
    .whereNull('families.archived_at')
    .whereNot('guardians.email', '')
    .select<ExistingGuardian[]>(
      'guardians.last_name',
      'guardians.first_name',
      'guardians.email',
      'guardians.site_id',
      'families.name as family_name',
      'sites.name as site_name',
    )
  const person = (last: unknown, first: unknown, email: unknown) =>
    `${foldForSearch(`${String(last)} ${String(first)}`)}|${String(email).toLowerCase()}`
  const byPerson = new Map(rows.map((r) => [person(r.last_name, r.first_name, r.email), r]))
  const byEmail = new Map(rows.map((r) => [`${r.site_id}|${r.email.toLowerCase()}`, r]))
  const problems: ImportProblem[] = []
  for (const family of families) {
    family.guardians.forEach((g, i) => {
      const v = g.values
      const same = byPerson.get(person(v['lastName'], v['firstName'], v['email']))
      const sameEmail = byEmail.get(`${family.siteId}|${String(v['email'])}`)
      const found = same ?? sameEmail
      if (!found) return
      const who = `${found.last_name} ${found.first_name} (famille ${found.family_name}, ${found.site_name})`
      problems.push({
        line: g.line,
        ...columnOf(input, `guardian${i + 1}.email`),
        message: same
          ? `Ce responsable est déjà dans Portée : ${who}.`
          : `Cette adresse e-mail est déjà celle de ${who}, sur le même site.`,
      })
    })
  }
  return problems
}

export interface CheckInput {
  table: ImportTable
  mapping: readonly (string | null)[]
  defaultSiteId: number | null
  /** The sites of the staff member (null: every site). */
  siteIds: readonly number[] | null
}

export interface ImportCheck extends Plan {
  summary: { lines: number; families: number; guardians: number; pupils: number }
}

/** Checks the whole file against the forms' rules and Portée's data; writes only the mapping. */
export async function checkImport(trx: Trx, input: CheckInput): Promise<ImportCheck> {
  const sites = (await listActiveSites(trx)).filter(
    (s) => input.siteIds === null || input.siteIds.includes(s.id),
  )
  const defaultSiteId = sites.some((s) => s.id === input.defaultSiteId) ? input.defaultSiteId : null
  const plan = planImport({ ...input, sites, defaultSiteId })
  const existing = await alreadyThere(trx, input, plan.families)
  await rememberMapping(trx, input.table.headings, input.mapping)
  const problems = [...plan.problems, ...existing].sort((a, b) => a.line - b.line)
  const count = (f: (x: PlannedFamily) => number) => plan.families.reduce((n, x) => n + f(x), 0)
  return {
    ...plan,
    problems,
    summary: {
      lines: input.table.rows.length,
      families: plan.families.length,
      guardians: count((f) => f.guardians.length),
      pupils: count((f) => f.pupils.length),
    },
  }
}
