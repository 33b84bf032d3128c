import { describe, expect, it } from 'vitest'
import type { CourseSummaryView, CursusView } from '../../extranet/api/types.ts'
import { markLabel } from '../../db/rules/pedagogy.ts'
import {
  byYear,
  courseChoice,
  cycleChoices,
} from '../../renderer/src/pages/family/pupil-pedagogy/forms.ts'

// The choices of the back office's pupil forms (Inscrire à un cours, Changer de cycle), on values
// written by hand.

const trumpet: CourseSummaryView = {
  id: 7,
  schoolYearId: 3,
  schoolYear: '2026/2027',
  siteId: 1,
  site: 'Conservatoire',
  disciplineId: 1,
  discipline: 'Trompette',
  teacherId: 1,
  teacher: 'G. BRANTOME',
  label: 'Trompette',
  kind: 'individuel',
  weekday: 2,
  startTime: '17:30',
  durationMinutes: 45,
  schedule: 'mardi 17:30–18:15',
  room: 'Salle 3',
  capacity: 4,
  horairesAmenages: false,
  archived: false,
  effectif: 3,
}

const cycle = (id: number, cursusId: number, code: string, archived = false) => ({
  id,
  cursusId,
  code,
  label: '',
  position: id,
  nextCycleId: null,
  archived,
})
const cursus: CursusView[] = [
  {
    id: 1,
    departmentId: 1,
    name: 'Musique cursus diplômant',
    archived: false,
    cycles: [cycle(11, 1, '1C1'), cycle(12, 1, '1C2', true), cycle(13, 1, '1C3')],
  },
  {
    id: 2,
    departmentId: 2,
    name: 'Danse hors cursus',
    archived: false,
    cycles: [{ ...cycle(21, 2, 'Danse Ad'), label: 'Adultes' }],
  },
]

describe('courseChoice', () => {
  it('names the course, its teacher, its day and hour, and the seats taken', () => {
    expect(courseChoice(trumpet)).toEqual({
      value: 7,
      title: 'Trompette — G. BRANTOME — mardi 17:30 — 3/4 élèves',
    })
  })

  it('says when the course is full, and leaves out what is not set', () => {
    const full = {
      ...trumpet,
      teacher: '',
      weekday: null,
      startTime: null,
      effectif: 1,
      capacity: 1,
    }
    expect(courseChoice(full).title).toBe('Trompette — 1/1 élève, complet')
  })
})

describe('cycleChoices', () => {
  it('offers the cycles of the chosen cursus, archived ones left out', () => {
    expect(cycleChoices(cursus, 1, null)).toEqual([
      { value: 11, title: '1C1' },
      { value: 13, title: '1C3' },
    ])
    expect(cycleChoices(cursus, 2, null)).toEqual([{ value: 21, title: 'Danse Ad — Adultes' }])
    expect(cycleChoices(cursus, null, null)).toEqual([])
  })

  it('keeps the archived cycle the enrolment has', () => {
    expect(cycleChoices(cursus, 1, 12).map((c) => c.title)).toEqual(['1C1', '1C2', '1C3'])
  })

  it('keeps a cycle of another cursus, named with its cursus, for the server to refuse', () => {
    expect(cycleChoices(cursus, 2, 13)).toEqual([
      { value: 21, title: 'Danse Ad — Adultes' },
      { value: 13, title: '1C3 (Musique cursus diplômant)' },
    ])
  })
})

describe('byYear and markLabel', () => {
  it('groups lines by year in the order they come', () => {
    const line = (schoolYearId: number, schoolYear: string, n: number) => ({
      schoolYearId,
      schoolYear,
      n,
    })
    expect(
      byYear([line(2, '2025/2026', 1), line(2, '2025/2026', 2), line(1, '2024/2025', 3)]).map(
        (y) => [y.schoolYear, y.lines.map((l) => l.n)],
      ),
    ).toEqual([
      ['2025/2026', [1, 2]],
      ['2024/2025', [3]],
    ])
  })

  it('writes a mark the French way', () => {
    expect([markLabel(19.5), markLabel(12), markLabel(null)]).toEqual(['19,5/20', '12/20', ''])
  })
})
