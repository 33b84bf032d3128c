import { describe, expect, it } from 'vitest'
import {
  dateRefusal,
  nextCycle,
  PEDAGOGY_MESSAGES,
  parisDay,
  parseDay,
  parseTime,
  periodsOverlap,
  sameDayNextYear,
  schoolYearLabel,
  slotLabel,
  teacherShortName,
  weekdayLabel,
  type CycleStep,
} from '../../db/rules/pedagogy.ts'

describe('the timetable of a course', () => {
  it('names the days lundi … dimanche', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(weekdayLabel)).toEqual([
      'lundi',
      'mardi',
      'mercredi',
      'jeudi',
      'vendredi',
      'samedi',
      'dimanche',
    ])
    expect(weekdayLabel(0)).toBe('')
    expect(weekdayLabel(null)).toBe('')
  })

  it('reads the times staff type as HH:MM', () => {
    expect(['17:30', '17h30', '17h', '9:05', '9 h 05', '0930', '00:00'].map(parseTime)).toEqual([
      '17:30',
      '17:30',
      '17:00',
      '09:05',
      '09:05',
      '09:30',
      '00:00',
    ])
    expect(['24:00', '17:60', '17:3', 'midi', '', 1730].map(parseTime)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ])
  })

  it('says "jour et horaire" with the end of the course', () => {
    expect(slotLabel(2, '17:30', 45)).toBe('mardi 17:30–18:15')
    expect(slotLabel(6, '23:30', 60)).toBe('samedi 23:30–00:30')
    expect(slotLabel(null, null, null)).toBe('')
  })
})

describe('the dates of a school year', () => {
  it('reads French and ISO dates, future ones too, and refuses what is not a day', () => {
    expect(parseDay('04/07/2027')).toBe('2027-07-04')
    expect(parseDay('4.7.2027')).toBe('2027-07-04')
    expect(parseDay('2027-07-04')).toBe('2027-07-04')
    expect(parseDay('29/02/2028')).toBe('2028-02-29')
    expect(['29/02/2027', '31/04/2026', '2026-13-01', 'demain', '', null].map(parseDay)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ])
  })

  it('takes today as it is in France, winter and summer time alike', () => {
    expect(parisDay(new Date('2026-12-31T22:59:00Z'))).toBe('2026-12-31')
    expect(parisDay(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01')
    expect(parisDay(new Date('2027-07-01T21:59:00Z'))).toBe('2027-07-01')
    expect(parisDay(new Date('2027-07-01T22:00:00Z'))).toBe('2027-07-02')
  })

  it('labels a year, tells overlaps, goes a year further', () => {
    expect(schoolYearLabel('2025-09-01', '2026-07-04')).toBe('2025/2026')
    const y = { startsOn: '2025-09-01', endsOn: '2026-07-04' }
    expect(periodsOverlap(y, { startsOn: '2026-07-04', endsOn: '2027-07-01' })).toBe(true)
    expect(periodsOverlap(y, { startsOn: '2026-07-05', endsOn: '2027-07-01' })).toBe(false)
    expect(sameDayNextYear('2025-09-01')).toBe('2026-09-01')
    expect(sameDayNextYear('2028-02-29')).toBe('2029-02-28')
  })
})

describe('the cycles of a cursus', () => {
  const cycle = (id: number, position: number, extra: Partial<CycleStep> = {}): CycleStep => ({
    id,
    cursusId: 1,
    position,
    nextCycleId: null,
    archived: false,
    ...extra,
  })
  const cycles = [
    cycle(3, 3),
    cycle(1, 1),
    cycle(2, 2, { archived: true }),
    cycle(4, 4, { nextCycleId: 6 }),
    cycle(5, 5),
    cycle(6, 6),
    cycle(7, 1, { cursusId: 2 }),
  ]
  it('follow their order, skip the archived, obey a named next, end after the last', () => {
    expect(nextCycle(cycles, 1)?.id).toBe(3)
    expect(nextCycle(cycles, 3)?.id).toBe(4)
    expect(nextCycle(cycles, 4)?.id).toBe(6)
    expect(nextCycle(cycles, 5)?.id).toBe(6)
    expect(nextCycle(cycles, 6)).toBe(null)
    expect(nextCycle(cycles, 7)).toBe(null)
    expect(nextCycle(cycles, 99)).toBe(null)
  })
})

it('names a teacher "G. BRANTOME"', () => {
  expect(teacherShortName('gilles', 'BRANTOME')).toBe('G. BRANTOME')
  expect(teacherShortName('', 'BAMELONG')).toBe('BAMELONG')
})

describe('dateRefusal', () => {
  it('asks for a date left empty, and says a text is no date', () => {
    expect(['', '   ', undefined, null].map(dateRefusal)).toEqual(
      Array(4).fill(PEDAGOGY_MESSAGES.required),
    )
    expect(['juillet', '31/02/2027'].map(dateRefusal)).toEqual([
      PEDAGOGY_MESSAGES.notADate,
      PEDAGOGY_MESSAGES.notADate,
    ])
  })
})
