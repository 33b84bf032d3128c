// What the pupil's tabs Cours, Historique and Répertoire share in the back office: the choices of
// their forms (courses, cursus, cycles, school years), today's date as staff type it, the lines
// grouped by school year, and the error of a form that no field shows.
import { formatDate } from '../../../../../db/rules/formats.ts'
import { parisDay, weekdayLabel } from '../../../../../db/rules/pedagogy.ts'
import type {
  CourseSummaryView,
  CursusView,
  SchoolYearView,
} from '../../../../../extranet/api/types.ts'
import type { Submit } from '../../../../../ui/useSubmit.ts'

/** An option of a select: its id and its text. */
export interface Choice {
  value: number
  title: string
}

/**
 * "Trompette — 3e cycle — G. BRANTOME — mardi 17:30 — 3/10 élèves": what tells a course from
 * the others of its discipline, and whether there is room left.
 */
export function courseChoice(c: CourseSummaryView): Choice {
  const slot = c.weekday !== null && c.startTime ? `${weekdayLabel(c.weekday)} ${c.startTime}` : ''
  const full = c.effectif >= c.capacity ? ', complet' : ''
  const seats = `${c.effectif}/${c.capacity} élève${c.capacity > 1 ? 's' : ''}${full}`
  return { value: c.id, title: [c.label, c.teacher, slot, seats].filter(Boolean).join(' — ') }
}

export function yearChoices(years: readonly SchoolYearView[]): Choice[] {
  return years.map((y) => ({ value: y.id, title: y.isCurrent ? `${y.label} (en cours)` : y.label }))
}

export function cursusChoices(cursus: readonly CursusView[], keep: number | null): Choice[] {
  return cursus
    .filter((c) => !c.archived || c.id === keep)
    .map((c) => ({ value: c.id, title: c.name }))
}

/**
 * The cycles of the chosen cursus, in order. A cycle chosen before (of another cursus) stays in
 * the list, named with its cursus: the server says it is not one of this cursus, next to the field.
 */
export function cycleChoices(
  cursus: readonly CursusView[],
  cursusId: number | null,
  keep: number | null,
): Choice[] {
  const chosen = cursus.find((c) => c.id === cursusId)
  const choices = (chosen?.cycles ?? [])
    .filter((c) => !c.archived || c.id === keep)
    .map((c) => ({ value: c.id, title: c.label ? `${c.code} — ${c.label}` : c.code }))
  if (keep !== null && !choices.some((c) => c.value === keep)) {
    for (const other of cursus) {
      const cycle = other.cycles.find((c) => c.id === keep)
      if (cycle) choices.push({ value: keep, title: `${cycle.code} (${other.name})` })
    }
  }
  return choices
}

/** Today as staff type a date: "26/11/2026". */
export function today(): string {
  return formatDate(parisDay(new Date()))
}

/** The alerts of a form: its error only when no field of the form shows it already. */
export function formAlerts(
  submit: Submit,
  fields: readonly string[],
): Pick<Submit, 'error' | 'success'> {
  const shown = fields.some((f) => submit.errors[f])
  return { error: shown ? null : submit.error, success: submit.success }
}

/** Lines grouped by school year, in the order they come (the server's: latest year first). */
export function byYear<T extends { schoolYearId: number; schoolYear: string }>(
  lines: readonly T[],
): { schoolYearId: number; schoolYear: string; lines: T[] }[] {
  const years: { schoolYearId: number; schoolYear: string; lines: T[] }[] = []
  for (const line of lines) {
    let year = years.at(-1)
    if (year?.schoolYearId !== line.schoolYearId) {
      year = { schoolYearId: line.schoolYearId, schoolYear: line.schoolYear, lines: [] }
      years.push(year)
    }
    year.lines.push(line)
  }
  return years
}

/** A work of the répertoire as its dialog changes it (with its year). */
export interface EditedWork {
  id: number
  schoolYearId: number
  courseId: number | null
  composer: string
  title: string
}

/** What a line of the Cours tab can open. */
export type EnrolmentAction = 'suivi' | 'cycle' | 'end' | 'cancel'
