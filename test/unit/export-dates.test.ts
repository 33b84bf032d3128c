import { describe, expect, it } from 'vitest'
import { frenchDateTime } from '../../extranet/server/exports.ts'

describe('the dates of an export', () => {
  it('are written as in France, in its time zone, winter and summer alike', () => {
    expect(frenchDateTime('2026-11-25T13:03:00.000Z')).toBe('25/11/2026 14:03')
    expect(frenchDateTime('2027-06-30T22:30:00.000Z')).toBe('01/07/2027 00:30')
    expect(frenchDateTime(null)).toBe('')
  })
})
