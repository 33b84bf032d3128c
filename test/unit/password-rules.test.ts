import { describe, expect, it } from 'vitest'
import {
  passwordEntropyBits,
  passwordLength,
  passwordShapeProblems,
} from '../../db/rules/password-rules.ts'

const TOO_PREDICTABLE =
  'Ce mot de passe est trop prévisible : allongez-le, ou mêlez lettres, chiffres et symboles.'
const CONTAINS_LOGIN = 'Le mot de passe ne doit pas contenir votre identifiant.'

describe('passwordLength', () => {
  it('counts characters, not UTF-16 units', () => {
    expect(passwordLength('abc')).toBe(3)
    expect(passwordLength('é')).toBe(1) // composed: U+00E9
    expect(passwordLength('e\u0301')).toBe(1) // decomposed: e + combining acute accent
    expect(passwordLength('🎻')).toBe(1) // two UTF-16 units
    expect(passwordLength('Clé 🎻 sol')).toBe(9)
  })
})

describe('passwordEntropyBits, by the CNIL formula: length × log2(alphabet)', () => {
  it('counts the alphabet of the kinds of characters used', () => {
    // 12 × log2(26) = 12 × 4.7004 = 56.405
    expect(passwordEntropyBits('abcdefghijkl')).toBeCloseTo(56.405, 2)
    // 12 × log2(52) = 12 × 5.7004 = 68.405
    expect(passwordEntropyBits('abcdefGHIJKL')).toBeCloseTo(68.405, 2)
    // 16 × log2(10) = 16 × 3.3219 = 53.151
    expect(passwordEntropyBits('1234567890123456')).toBeCloseTo(53.151, 2)
    // 12 × log2(33) = 12 × 5.0444 = 60.532: ASCII symbols and the space
    expect(passwordEntropyBits('!#$%& ()*+,-')).toBeCloseTo(60.532, 2)
    // 26 characters × log2(26 + 26 + 33 + 40) = 26 × log2(125) = 26 × 6.9658 = 181.110
    expect(passwordEntropyBits('Trois pianos à queue verts')).toBeCloseTo(181.11, 2)
    // 12 × log2(40) = 12 × 5.3219 = 63.863: any other character
    expect(passwordEntropyBits('éèêëàâîïôûùç')).toBeCloseTo(63.863, 2)
  })

  it('is 0 for nothing', () => {
    expect(passwordEntropyBits('')).toBe(0)
  })
})

describe('passwordShapeProblems', () => {
  it('takes 12 characters and refuses 11', () => {
    expect(passwordShapeProblems('k7#pQ2vL9!xW')).toEqual([])
    expect(passwordShapeProblems('k7#pQ2vL9!x')).toEqual([
      'Le mot de passe doit compter au moins 12 caractères (il en a 11).',
    ])
  })

  it('takes 64 characters and refuses 65', () => {
    expect(passwordShapeProblems('abcdefgh'.repeat(8))).toEqual([])
    expect(passwordShapeProblems(`${'abcdefgh'.repeat(8)}i`)).toEqual([
      'Le mot de passe doit compter au plus 64 caractères (il en a 65).',
    ])
  })

  it('counts an accented letter and an emoji as one character each', () => {
    // 11 characters, 12 UTF-16 units: too short.
    expect(passwordShapeProblems('Cle\u0301 de sol!')).toEqual([
      'Le mot de passe doit compter au moins 12 caractères (il en a 11).',
    ])
    expect(passwordShapeProblems('🎻Violon 123')).toEqual([
      'Le mot de passe doit compter au moins 12 caractères (il en a 11).',
    ])
    // 12 characters, 13 UTF-16 units: long enough.
    expect(passwordShapeProblems('Clé de sol 2')).toEqual([])
    expect(passwordShapeProblems('🎻Violon 1234')).toEqual([])
    // 64 characters of which one emoji (65 UTF-16 units): not too long.
    expect(passwordShapeProblems(`🎻${'abcdefgh'.repeat(7)}abcdefg`)).toEqual([])
  })

  it('refuses just under 50 bits of entropy and takes just over', () => {
    // Digits only: 15 × log2(10) = 49.83 bits; 16 × log2(10) = 53.15 bits.
    expect(passwordShapeProblems('820461739528174')).toEqual([TOO_PREDICTABLE])
    expect(passwordShapeProblems('8204617395281746')).toEqual([])
  })

  it('refuses fewer than 5 different characters, whatever the case', () => {
    expect(passwordShapeProblems('abcdabcdabcd')).toEqual([TOO_PREDICTABLE])
    expect(passwordShapeProblems('aAbBcCdDaAbB')).toEqual([TOO_PREDICTABLE])
    expect(passwordShapeProblems('abcdeabcdeab')).toEqual([])
  })

  it('refuses a password that holds the identifiant, whatever the case', () => {
    expect(passwordShapeProblems('Mon DUPONT1 chéri', { login: 'dupont1' })).toEqual([
      CONTAINS_LOGIN,
    ])
    expect(passwordShapeProblems('Mon dupont1 chéri', { login: ' Dupont1 ' })).toEqual([
      CONTAINS_LOGIN,
    ])
    expect(passwordShapeProblems('Mon dupont chéri', { login: 'dupont1' })).toEqual([])
  })

  it('checks the identifiant from 3 characters only', () => {
    expect(passwordShapeProblems('abricot et banane', { login: 'abr' })).toEqual([CONTAINS_LOGIN])
    expect(passwordShapeProblems('abricot et banane', { login: 'ab' })).toEqual([])
  })

  it('tells every problem at once', () => {
    expect(passwordShapeProblems('dupont1', { login: 'dupont1' })).toEqual([
      'Le mot de passe doit compter au moins 12 caractères (il en a 7).',
      CONTAINS_LOGIN,
    ])
  })
})
