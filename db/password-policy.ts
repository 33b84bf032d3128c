import { dictionary } from '@zxcvbn-ts/language-common'
import { passwordShapeProblems } from './rules/password-rules.ts'
import { DomainError } from './errors.ts'

/** Common passwords (zxcvbn-ts's list, plus French ones), folded to lower case. */
const COMMON = new Set<string>([
  ...(dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()),
  'motdepasse',
  'azertyuiop',
  'azertyuiop123',
  'azerty123456',
  'conservatoire',
  'bonjour',
  'soleil',
  'doudou',
  'chouchou',
  'loulou',
  'marseille',
  'jetaime',
])

/**
 * A password whose letters, once digits and symbols at its ends are removed, are a common one,
 * with or without the spaces between them ("Mot de passe 2024").
 */
export function isCommonPassword(password: string): boolean {
  const folded = password.normalize('NFC').toLowerCase()
  const core = folded.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '')
  return [folded, core].some((text) => COMMON.has(text) || COMMON.has(text.replace(/\s+/g, '')))
}

/** Every reason to refuse a new password, in French; empty when it is acceptable. */
export function passwordProblems(password: string, context: { login?: string } = {}): string[] {
  const problems = passwordShapeProblems(password, context)
  if (isCommonPassword(password)) {
    problems.push('Ce mot de passe fait partie des plus courants : choisissez-en un autre.')
  }
  return problems
}

/** Throws a VALIDATION error keyed on `field` when the password is refused. */
export function assertAcceptablePassword(
  password: string,
  confirmation: string,
  context: { login?: string } = {},
): void {
  const problems = passwordProblems(password, context)
  if (problems.length) {
    throw new DomainError('VALIDATION', problems.join(' '), { password: problems.join(' ') })
  }
  if (password !== confirmation) {
    const message = 'Les deux mots de passe saisis ne sont pas identiques.'
    throw new DomainError('VALIDATION', message, { confirmation: message })
  }
}
