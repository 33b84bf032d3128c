// The exports of the Pédagogie lists Années scolaires, Disciplines and Cursus et cycles, in the
// services' order, archived rows included (their state says so).
import { formatDate } from '../../../db/rules/formats.ts'
import {
  CURSUS_EXPORT_COLUMNS,
  DISCIPLINE_COLUMNS,
  SCHOOL_YEAR_COLUMNS,
  stateLabel,
} from '../../../db/rules/pedagogy-lists.ts'
import type { Cursus } from '../../../db/services/pedagogy/cursus.ts'
import type { Department, Discipline } from '../../../db/services/pedagogy/disciplines.ts'
import type { SchoolYearView } from '../../api/types.ts'
import type { ExportTable } from '../exports.ts'

export function schoolYearsTable(years: SchoolYearView[]): ExportTable {
  return {
    name: 'annees-scolaires',
    title: 'Années scolaires',
    columns: SCHOOL_YEAR_COLUMNS,
    rows: years.map((y) => [
      y.label,
      formatDate(y.startsOn),
      formatDate(y.endsOn),
      y.isCurrent ? 'Oui' : 'Non',
    ]),
  }
}

export function disciplinesTable(disciplines: Discipline[]): ExportTable {
  return {
    name: 'disciplines',
    title: 'Disciplines',
    columns: DISCIPLINE_COLUMNS,
    rows: disciplines.map((d) => [d.name, d.department, stateLabel(d.archived, true)]),
  }
}

/** A row per cycle, in their order; a cursus without cycles gets one row of its own. */
export function cursusTable(cursus: Cursus[], departments: Department[]): ExportTable {
  const department = new Map(departments.map((d) => [d.id, d.name]))
  const rows = cursus.flatMap((c) => {
    const head = [c.name, department.get(c.departmentId) ?? '']
    if (c.cycles.length === 0) return [[...head, '', '', '', '', stateLabel(c.archived, false)]]
    const code = new Map(c.cycles.map((y) => [y.id, y.code]))
    return c.cycles.map((y) => [
      ...head,
      String(y.position),
      y.code,
      y.label,
      y.nextCycleId === null ? '' : (code.get(y.nextCycleId) ?? ''),
      stateLabel(c.archived || y.archived, false),
    ])
  })
  return {
    name: 'cursus-et-cycles',
    title: 'Cursus et cycles',
    columns: CURSUS_EXPORT_COLUMNS,
    rows,
  }
}
