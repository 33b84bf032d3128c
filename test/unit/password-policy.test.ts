import { describe, expect, it } from 'vitest'
import { DomainError } from '../../db/errors.ts'
import {
  assertAcceptablePassword,
  isCommonPassword,
  passwordProblems,
} from '../../db/password-policy.ts'

const COMMON = 'Ce mot de passe fait partie des plus courants : choisissez-en un autre.'

describe('isCommonPassword', () => {
  it('knows the common passwords, in English and in French, whatever the case', () => {
    for (const password of ['password', 'iloveyou', 'azerty', 'MotDePasse', 'SOLEIL', 'jetaime']) {
      expect(isCommonPassword(password), password).toBe(true)
    }
  })

  it('sees them through digits and symbols around them', () => {
    for (const password of [
      'motdepasse123!',
      '2024Soleil!',
      '!!Conservatoire2026',
      'Marseille13',
      '***azerty***',
    ]) {
      expect(isCommonPassword(password), password).toBe(true)
    }
  })

  it('sees them through spaces', () => {
    expect(isCommonPassword('mot de passe')).toBe(true)
    expect(isCommonPassword('Mot de passe 2024')).toBe(true)
    expect(isCommonPassword('2024 : mot de passe !')).toBe(true)
  })

  it('leaves the others alone', () => {
    for (const password of [
      'Trois pianos à queue verts',
      'soleil de minuit sur la baie',
      'k7#pQ2vL9!xW',
    ]) {
      expect(isCommonPassword(password), password).toBe(false)
    }
  })
})

describe('passwordProblems', () => {
  it('adds the common password to the shape problems', () => {
    expect(passwordProblems('Motdepasse2024')).toEqual([COMMON])
    expect(passwordProblems('Trois pianos à queue verts')).toEqual([])
  })
})

describe('assertAcceptablePassword', () => {
  it('throws a VALIDATION error on the password field, in French', () => {
    try {
      assertAcceptablePassword('Motdepasse2024', 'Motdepasse2024')
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError)
      expect(err).toMatchObject({ code: 'VALIDATION', details: { password: COMMON } })
    }
  })

  it('throws on the confirmation field when the two differ', () => {
    try {
      assertAcceptablePassword('Trois pianos à queue verts', 'Trois pianos à queue vert')
      expect.unreachable()
    } catch (err) {
      expect(err).toMatchObject({
        code: 'VALIDATION',
        details: { confirmation: 'Les deux mots de passe saisis ne sont pas identiques.' },
      })
    }
  })

  it('accepts a good password typed twice', () => {
    expect(() =>
      assertAcceptablePassword('Trois pianos à queue verts', 'Trois pianos à queue verts', {
        login: 'dupont1',
      }),
    ).not.toThrow()
  })
})
