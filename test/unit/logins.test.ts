import { describe, expect, it } from 'vitest'
import { firstFreeLogin, loginStem } from '../../db/rules/logins.ts'

describe('loginStem', () => {
  it('is the family name without accents, case, spaces or punctuation', () => {
    expect(loginStem('DUPONT')).toBe('dupont')
    expect(loginStem('LE GALL')).toBe('legall')
    expect(loginStem('LEFÈVRE')).toBe('lefevre')
    expect(loginStem("D'ARTAGNAN-Dumas")).toBe('dartagnandumas')
    expect(loginStem('Louis XIV 2')).toBe('louisxiv')
  })

  it('writes the ligatures out', () => {
    expect(loginStem('CŒUR')).toBe('coeur')
    expect(loginStem('Lætitia')).toBe('laetitia')
  })

  it('keeps 20 letters at most', () => {
    expect(loginStem('Müller-Lüdenscheidt Schwarzenegger')).toBe('mullerludenscheidtsc')
    expect(loginStem('ABCDEFGHIJKLMNOPQRST')).toBe('abcdefghijklmnopqrst')
  })

  it('is "famille" when no letter is left', () => {
    expect(loginStem('')).toBe('famille')
    expect(loginStem('  ')).toBe('famille')
    expect(loginStem('123')).toBe('famille')
    expect(loginStem('王')).toBe('famille')
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
