import { describe, expect, it } from 'vitest'
import { firstFreeLogin, loginStem } from '../../db/rules/logins.ts'
import { expectEach } from '../support/cases.ts'

describe('loginStem', () => {
  it('is the family name without accents, case, spaces or punctuation', () => {
    expectEach(loginStem, {
      DUPONT: 'dupont',
      'LE GALL': 'legall',
      LEFÈVRE: 'lefevre',
      "D'ARTAGNAN-Dumas": 'dartagnandumas',
      'Louis XIV 2': 'louisxiv',
    })
  })

  it('writes the ligatures out', () => {
    expectEach(loginStem, { CŒUR: 'coeur', Lætitia: 'laetitia' })
  })

  it('keeps 20 letters at most', () => {
    expectEach(loginStem, {
      'Müller-Lüdenscheidt Schwarzenegger': 'mullerludenscheidtsc',
      ABCDEFGHIJKLMNOPQRST: 'abcdefghijklmnopqrst',
    })
  })

  it('is "famille" when no letter is left', () => {
    for (const name of ['', '  ', '123', '王']) expect(loginStem(name), name).toBe('famille')
  })
})

describe('firstFreeLogin', () => {
  it('takes the first number not taken, from 1', () => {
    expect(firstFreeLogin('dupont', new Set())).toBe('dupont1')
    expect(firstFreeLogin('dupont', new Set(['dupont1', 'dupont2']))).toBe('dupont3')
    expect(firstFreeLogin('dupont', new Set(['dupont1', 'dupont3']))).toBe('dupont2')
    expect(firstFreeLogin('dupont', new Set(['dupont2', 'dupontel1', 'martin1']))).toBe('dupont1')
  })

  it('starts where the caller says every number below is taken', () => {
    expect(firstFreeLogin('dupont', new Set(['dupont1', 'dupont2', 'dupont4']), 3)).toBe('dupont3')
    expect(firstFreeLogin('dupont', new Set(['dupont3']), 3)).toBe('dupont4')
    expect(firstFreeLogin('dupont', new Set(), 0)).toBe('dupont1')
  })
})
