import { describe, expect, it } from 'vitest'
import { parisDateTimeLabel, parisDayAndTime, parisInstant } from '../../db/rules/campaigns.ts'

// A campaign's dates are typed as a day and a time in France, and kept as UTC instants: summer
// and winter time, and the night the clocks go forward.

describe('the dates of a campaign', () => {
  it('reads a day and time in Paris as the instant it is', () => {
    expect(parisInstant('2027-05-01', '18:00')).toBe('2027-05-01T16:00:00.000Z')
    expect(parisInstant('2027-01-15', '09:00')).toBe('2027-01-15T08:00:00.000Z')
    expect(parisInstant('2027-03-28', '04:00')).toBe('2027-03-28T02:00:00.000Z')
    expect(parisInstant('2027-10-31', '12:00')).toBe('2027-10-31T11:00:00.000Z')
  })

  it('says an instant as the day and time of Paris', () => {
    expect(parisDayAndTime('2027-05-01T16:00:00.000Z')).toEqual({
      day: '01/05/2027',
      time: '18:00',
    })
    expect(parisDayAndTime('2026-12-31T23:30:00.000Z')).toEqual({
      day: '01/01/2027',
      time: '00:30',
    })
    expect(parisDateTimeLabel('2027-06-30T16:00:00.000Z')).toBe('30/06/2027 à 18:00')
    expect(parisDateTimeLabel(null)).toBe('')
  })
})
