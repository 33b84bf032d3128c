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

  it('says every instant as Intl does in Paris: around each change of hour, and far from them', () => {
    const intl = (options: Intl.DateTimeFormatOptions) =>
      new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', ...options })
    const day = intl({ day: '2-digit', month: '2-digit', year: 'numeric' })
    const time = intl({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    const instants: number[] = []
    // Every 7 minutes over the nights the clocks changed or will (2025–2028), 01:00 UTC both.
    for (const night of ['2025-03-30', '2025-10-26', '2026-03-29', '2026-10-25', '2028-03-26']) {
      const start = Date.parse(`${night}T00:00:00.000Z`)
      for (let t = start - 3_600_000; t < start + 3 * 3_600_000; t += 7 * 60_000) instants.push(t)
    }
    // The last millisecond before a change, and the first at it.
    instants.push(Date.parse('2026-03-29T00:59:59.999Z'), Date.parse('2026-03-29T01:00:00.000Z'))
    instants.push(Date.parse('2026-10-25T00:59:59.999Z'), Date.parse('2026-10-25T01:00:00.000Z'))
    // Every minute of the hour Paris left its mean time (+0:09:21), at 23:50:39 UTC: an hour
    // that holds a change not on the hour.
    for (let m = 0; m < 60; m++) instants.push(Date.parse('1911-03-10T23:00:00.000Z') + m * 60_000)
    // Instants spread over 1980–2100, each asked twice (the second time from what was kept).
    for (let t = Date.parse('1980-01-01'); t < Date.parse('2100-01-01'); t += 86_400_000 * 37.3)
      instants.push(Math.round(t), Math.round(t))
    for (const t of instants) {
      const date = new Date(t)
      expect([date.toISOString(), parisDayAndTime(date.toISOString())]).toEqual([
        date.toISOString(),
        { day: day.format(date), time: time.format(date) },
      ])
    }
  })
})
