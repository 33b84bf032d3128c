import { describe, expect, it } from 'vitest'
import {
  courseRoute,
  markAndMention,
  markLabel,
  resultLabel,
} from '../../extranet/web/src/pedagogy/format.ts'

describe('how the family’s course pages word a follow-up', () => {
  it('writes a mark out of 20 with a French decimal comma', () => {
    expect(markLabel(15.5)).toBe('15,5/20')
    expect(markLabel(12)).toBe('12/20')
    expect(markLabel(null)).toBe('')
  })

  it('joins the mark and the mention, either one alone', () => {
    expect(markAndMention({ mark: 16, mention: 'Très bien' })).toBe('16/20 — Très bien')
    expect(markAndMention({ mark: null, mention: 'Bien' })).toBe('Bien')
    expect(markAndMention({ mark: 9, mention: '' })).toBe('9/20')
  })

  it('says an end-of-cycle result with its cycle; nothing without a result', () => {
    const exam = { result: 'admis' as const, cycle: '1C2', mark: 16, mention: 'Très bien' }
    expect(resultLabel(exam)).toBe('Admis en fin de 1C2 — 16/20 — Très bien')
    expect(resultLabel({ ...exam, result: 'non_admis', cycle: '', mark: null, mention: '' })).toBe(
      'Non admis',
    )
    expect(resultLabel({ ...exam, result: null })).toBe('')
  })

  it('opens a course from the Historique with ?depuis=historique, from Cours without', () => {
    expect(courseRoute(3, 41, 'cours')).toEqual({
      name: 'eleve-cours-detail',
      params: { id: 3, enrolmentId: 41 },
      query: {},
    })
    expect(courseRoute(3, 41, 'historique', 'commentaires')).toEqual({
      name: 'eleve-cours-detail',
      params: { id: 3, enrolmentId: 41 },
      query: { depuis: 'historique', onglet: 'commentaires' },
    })
  })
})
