// The columns of the Pédagogie lists Disciplines and Cursus et cycles, the same words on the screen
// and in their exports (the Enseignants' are TEACHER_COLUMNS, beside the courses' in pedagogy.ts).

/** The Disciplines list and its export. */
export const DISCIPLINE_COLUMNS = [
  { key: 'name', title: 'Discipline', sortable: true },
  { key: 'department', title: 'Département', sortable: true },
  { key: 'state', title: 'État', sortable: false },
] as const satisfies readonly { key: string; title: string; sortable: boolean }[]

/** The export of Années scolaires, as the list shows them. */
export const SCHOOL_YEAR_COLUMNS = [
  { key: 'label', title: 'Année', sortable: true },
  { key: 'startsOn', title: 'Premier jour', sortable: true },
  { key: 'endsOn', title: 'Dernier jour', sortable: true },
  { key: 'current', title: 'Année en cours', sortable: false },
] as const satisfies readonly { key: string; title: string; sortable: boolean }[]

/** The export of Cursus et cycles: a row per cycle (a cursus without cycle: one row). */
export const CURSUS_EXPORT_COLUMNS = [
  { key: 'cursus', title: 'Cursus', sortable: false },
  { key: 'department', title: 'Département', sortable: false },
  { key: 'position', title: 'Ordre', sortable: false },
  { key: 'code', title: 'Cycle', sortable: false },
  { key: 'label', title: 'Libellé', sortable: false },
  { key: 'next', title: 'Cycle suivant', sortable: false },
  { key: 'state', title: 'État', sortable: false },
] as const satisfies readonly { key: string; title: string; sortable: boolean }[]

/** « Active » or « Archivée » (a discipline, a cursus), « Actif » or « Archivé » (a cycle). */
export function stateLabel(archived: boolean, feminine: boolean): string {
  if (archived) return feminine ? 'Archivée' : 'Archivé'
  return feminine ? 'Active' : 'Actif'
}
