import { describe, expect, it } from 'vitest'
import type { CourseSummary } from '../../db/services/pedagogy/course-pages.ts'
import { coursesTable, sortCourses } from '../../extranet/server/presenters/courses.ts'

// The Cours list's sort (French order, the timetable by day then hour, days unset last) and its
// export's rows, on courses written by hand.

function course(id: number, fields: Partial<CourseSummary>): CourseSummary {
  return {
    id,
    schoolYearId: 1,
    schoolYear: '2026/2027',
    siteId: 1,
    site: 'Conservatoire',
    disciplineId: 1,
    discipline: 'Trompette',
    teacherId: null,
    teacher: '',
    label: `Cours ${id}`,
    kind: 'collectif',
    weekday: null,
    startTime: null,
    durationMinutes: null,
    schedule: '',
    room: '',
    capacity: 10,
    horairesAmenages: false,
    archived: false,
    effectif: 0,
    ...fields,
  }
}

const courses = [
  course(1, { label: 'Éveil musical', weekday: 3, startTime: '10:00', effectif: 8 }),
  course(2, { label: 'Chorale', weekday: 1, startTime: '18:00', effectif: 20 }),
  course(3, { label: 'Ensemble de cuivres', effectif: 3 }),
  course(4, { label: 'Danse Ad', weekday: 1, startTime: '09:30', effectif: 8 }),
]
const labels = (list: CourseSummary[]) => list.map((c) => c.label)

describe('the Cours list', () => {
  it('sorts labels in French order (É with E)', () => {
    expect(labels(sortCourses(courses))).toEqual([
      'Chorale',
      'Danse Ad',
      'Ensemble de cuivres',
      'Éveil musical',
    ])
  })

  it('sorts the timetable by day then hour, courses without a day last', () => {
    expect(labels(sortCourses(courses, 'schedule'))).toEqual([
      'Danse Ad',
      'Chorale',
      'Éveil musical',
      'Ensemble de cuivres',
    ])
  })

  it('sorts the effectif as numbers, descending when asked, ties by label A to Z', () => {
    expect(labels(sortCourses(courses, 'effectif', 'desc'))).toEqual([
      'Chorale',
      'Danse Ad',
      'Éveil musical',
      'Ensemble de cuivres',
    ])
  })

  it('exports each course with its effectif over its capacity and Ha', () => {
    const table = coursesTable(
      [course(5, { label: 'Trompette HA', effectif: 2, capacity: 3, horairesAmenages: true })],
      '2026/2027',
    )
    expect(table.name).toBe('cours-2026-2027')
    expect(table.rows).toEqual([
      ['Trompette HA', 'Trompette', '', '', '', 'Conservatoire', '2 / 3', 'Oui'],
    ])
  })
})
