// The lines of an imported file made into families: each line checked as the forms check a
// record, lines of one family put together (by its number, else by its first guardian), and every
// problem named by its line and its column. Nothing here reads or writes the database.
import {
  columnLetter,
  FAMILY_NUMBER,
  FAMILY_SITE,
  IMPORT_TARGETS,
  importTarget,
  type ImportTarget,
} from '../../rules/import-fields.ts'
import { displayValue, type FieldValue } from '../../rules/record-fields.ts'
import { foldForSearch } from '../../rules/text.ts'
import type { ImportTable } from './file.ts'
import { checkCell } from './values.ts'

export interface ImportProblem {
  line: number
  /** "L" (the spreadsheet's letter), or "" when no column holds the field. */
  column: string
  heading: string
  message: string
}

export type Values = Record<string, FieldValue>

export interface PlannedRecord {
  line: number
  values: Values
}

export interface PlannedPupil extends PlannedRecord {
  /** The rank of the family's guardian this pupil is (an adult pupil), or null. */
  guardianRank: 1 | 2 | null
}

export interface PlannedFamily {
  /** The family's number in the file (empty when lines are put together by guardian). */
  number: string
  siteId: number
  lines: number[]
  guardians: PlannedRecord[]
  pupils: PlannedPupil[]
}

export interface SiteChoice {
  id: number
  name: string
}

export interface PlanInput {
  table: ImportTable
  /** The field of each column (null: ignored). */
  mapping: readonly (string | null)[]
  /** The sites the staff member may import into. */
  sites: readonly SiteChoice[]
  /** The site of the lines that name none. */
  defaultSiteId: number | null
}

export interface Plan {
  families: PlannedFamily[]
  problems: ImportProblem[]
  /** The first lines as they will be stored, in words: field key → value. */
  preview: { line: number; values: Record<string, string> }[]
}

const PREVIEW_LINES = 5
const RECORD_GROUPS = ['guardian1', 'guardian2', 'pupil'] as const
type RecordGroup = (typeof RECORD_GROUPS)[number]

/** The column of the file that holds a field: its letter and heading ("" when none does). */
export function columnOf(
  input: Pick<PlanInput, 'table' | 'mapping'>,
  key: string,
): { column: string; heading: string } {
  const i = input.mapping.indexOf(key)
  return i < 0
    ? { column: '', heading: '' }
    : { column: columnLetter(i), heading: input.table.headings[i] ?? '' }
}

/** One line read: its values by group, what was said of each cell. */
interface Line {
  line: number
  number: string
  site: string
  groups: Partial<Record<RecordGroup, Values>>
  display: Record<string, string>
}

/** The fields of each record group. */
const targetsOf = (group: RecordGroup) => IMPORT_TARGETS.filter((t) => t.group === group && t.field)
const GROUP_TARGETS: Record<RecordGroup, readonly ImportTarget[]> = {
  guardian1: targetsOf('guardian1'),
  guardian2: targetsOf('guardian2'),
  pupil: targetsOf('pupil'),
}

/** Folding, remembered: the same names and sites come back on line after line. */
const folded = new Map<string, string>()
function fold(text: string): string {
  let f = folded.get(text)
  if (f === undefined) {
    if (folded.size > 200_000) folded.clear()
    f = foldForSearch(text)
    folded.set(text, f)
  }
  return f
}

class Planner {
  readonly problems: ImportProblem[] = []
  private readonly columnOf = new Map<string, number>()

  constructor(private readonly input: PlanInput) {
    input.mapping.forEach((key, i) => {
      // A field given by two columns is read from the first (the back office offers it once).
      if (key && importTarget(key) && !this.columnOf.has(key)) this.columnOf.set(key, i)
    })
  }

  problem(line: number, key: string, message: string): void {
    this.problems.push({ line, ...columnOf(this.input, key), message })
  }

  private cell(cells: string[], key: string): string {
    const i = this.columnOf.get(key)
    return i === undefined ? '' : (cells[i] ?? '')
  }

  /** A line's cells checked, group by group; a group with no cell filled is left out. */
  readLine(row: { line: number; cells: string[] }, shown: boolean): Line {
    const read: Line = {
      line: row.line,
      number: this.cell(row.cells, FAMILY_NUMBER),
      site: this.cell(row.cells, FAMILY_SITE),
      groups: {},
      display: {},
    }
    for (const group of RECORD_GROUPS) {
      const targets = GROUP_TARGETS[group]
      if (targets.every((t) => this.cell(row.cells, t.key) === '')) continue
      const values: Values = {}
      for (const target of targets) {
        const def = target.field
        if (!def || !this.columnOf.has(target.key)) continue
        const text = this.cell(row.cells, target.key)
        const checked = checkCell(def, text)
        if (checked.ok) {
          values[def.key] = checked.value
          if (shown) read.display[target.key] = displayValue(def, checked.value)
        } else {
          this.problem(row.line, target.key, checked.error)
          if (shown) read.display[target.key] = text
        }
      }
      read.groups[group] = values
    }
    read.display[FAMILY_NUMBER] = read.number
    read.display[FAMILY_SITE] = read.site
    return read
  }

  /** Required fields no column holds, for the groups the file fills: said once, on line 1. */
  missingColumns(lines: Line[]): void {
    for (const group of RECORD_GROUPS) {
      if (!lines.some((l) => l.groups[group])) continue
      for (const t of IMPORT_TARGETS.filter((t) => t.group === group && t.field?.required)) {
        if (!this.columnOf.has(t.key))
          this.problem(1, t.key, `Aucune colonne ne donne « ${t.label} », qui est obligatoire.`)
      }
    }
  }

  site(line: Line): number | null {
    if (line.site === '') {
      if (this.input.defaultSiteId !== null) return this.input.defaultSiteId
      this.problem(line.line, FAMILY_SITE, 'Site : ce champ est obligatoire.')
      return null
    }
    const site = this.input.sites.find((s) => fold(s.name) === fold(line.site))
    if (site) return site.id
    const names = this.input.sites.map((s) => s.name).join(', ')
    this.problem(line.line, FAMILY_SITE, `Site inconnu : « ${line.site} » (sites : ${names}).`)
    return null
  }
}

/** Who a guardian is, to put the lines of a family together and to compare them. */
function identity(values: Values | undefined): string {
  if (!values) return ''
  const [last, first, email] = [values['lastName'], values['firstName'], values['email']]
  return [last, first, email].map((v) => fold(String(v ?? ''))).join('|')
}

function personKey(values: Values): string {
  return `${fold(String(values['lastName'] ?? ''))} ${fold(String(values['firstName'] ?? ''))}`
}

/** The family a line belongs to: its number, else its first guardian; null when neither. */
function familyKey(line: Line): string | null {
  if (line.number !== '') return `n:${fold(line.number)}`
  return line.groups.guardian1 ? `g:${identity(line.groups.guardian1)}` : null
}

/** Puts a line's guardian in its family, or says how it differs from the one already there. */
function addGuardian(p: Planner, family: PlannedFamily, line: Line, rank: 1 | 2): void {
  const values = line.groups[rank === 1 ? 'guardian1' : 'guardian2']
  if (!values) return
  const current = family.guardians[rank - 1]
  if (!current) {
    family.guardians[rank - 1] = { line: line.line, values }
  } else if (identity(current.values) !== identity(values)) {
    p.problem(
      line.line,
      `guardian${rank}.lastName`,
      `Cette ligne a le même n° de famille que la ligne ${current.line}, mais un autre responsable ${rank}.`,
    )
  }
}

function addPupil(p: Planner, family: PlannedFamily, line: Line): void {
  const values = line.groups.pupil
  if (!values) return
  const twin = family.pupils.find(
    (x) =>
      personKey(x.values) === personKey(values) && x.values['birthDate'] === values['birthDate'],
  )
  if (twin) {
    p.problem(line.line, 'pupil.lastName', `Cet élève figure déjà à la ligne ${twin.line}.`)
    return
  }
  family.pupils.push({ line: line.line, values, guardianRank: null })
}

/** Checks every line of the file and puts families together; writes nothing. */
export function planImport(input: PlanInput): Plan {
  const p = new Planner(input)
  const lines = input.table.rows.map((row, i) => p.readLine(row, i < PREVIEW_LINES))
  p.missingColumns(lines)
  const families = new Map<string, PlannedFamily & { siteLine: number }>()
  for (const line of lines) {
    const key = familyKey(line)
    if (key === null) {
      p.problem(
        line.line,
        'guardian1.lastName',
        'Élève sans responsable : indiquez son responsable 1.',
      )
      continue
    }
    const siteId = line.site !== '' || !families.has(key) ? p.site(line) : null
    let family = families.get(key)
    if (!family) {
      const start = { number: line.number, siteId: siteId ?? 0, siteLine: line.line }
      family = { ...start, lines: [], guardians: [], pupils: [] }
      families.set(key, family)
    } else if (siteId !== null && family.siteId !== 0 && siteId !== family.siteId) {
      p.problem(line.line, FAMILY_SITE, `Le site diffère de celui de la ligne ${family.siteLine}.`)
    }
    family.lines.push(line.line)
    addGuardian(p, family, line, 1)
    addGuardian(p, family, line, 2)
    addPupil(p, family, line)
  }
  for (const family of families.values()) {
    if (!family.guardians[0]) {
      for (const n of family.lines)
        p.problem(n, 'guardian1.lastName', 'Élève sans responsable : indiquez son responsable 1.')
    }
    family.guardians = family.guardians.filter(Boolean)
    for (const pupil of family.pupils) {
      const rank = family.guardians.findIndex(
        (g) => personKey(g.values) === personKey(pupil.values),
      )
      pupil.guardianRank = rank === 0 ? 1 : rank === 1 ? 2 : null
    }
  }
  const preview = lines.slice(0, PREVIEW_LINES).map((l) => ({ line: l.line, values: l.display }))
  p.problems.sort((a, b) => a.line - b.line)
  return { families: [...families.values()], problems: p.problems, preview }
}
