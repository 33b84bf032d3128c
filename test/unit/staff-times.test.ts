import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { day, hour } from '../../renderer/src/pages/reenrolment/review/format.ts'
import { dateTime } from '../../renderer/src/format.ts'

// The back office says times in the conservatoire's time zone, whatever the computer's (here one
// in New York): a document sent at 07:00 in Paris reads 07:00 on the family's page, in the mail
// and on the review page alike.
const zone = process.env['TZ']
beforeAll(() => {
  process.env['TZ'] = 'America/New_York'
})
afterAll(() => {
  if (zone === undefined) delete process.env['TZ']
  else process.env['TZ'] = zone
})

describe('times in the back office', () => {
  it('are read in Paris, winter and summer', () => {
    // The computer's own zone is another: a time formatted without Paris would say 01:00.
    expect(new Date('2026-11-27T06:00:00.000Z').getHours()).toBe(1)
    expect(dateTime('2026-11-27T06:00:00.000Z')).toBe('27/11/2026 07:00')
    expect(dateTime('2027-06-30T21:30:00.000Z')).toBe('30/06/2027 23:30')
    expect([day('2026-12-31T23:15:00.000Z'), hour('2026-12-31T23:15:00.000Z')]).toEqual([
      '01/01/2027',
      '00:15',
    ])
    expect(dateTime(null)).toBe('')
  })
})
