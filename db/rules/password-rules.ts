// The password policy (CNIL deliberation 2022-100, case with access restriction; OWASP ASVS 5.0):
// 12 to 64 characters, any characters, at least 50 bits of entropy by the CNIL's count, no rule of
// "one upper case, one digit". Shared by the server (which decides) and the apps (which explain).

export const PASSWORD_MIN_LENGTH = 12
export const PASSWORD_MAX_LENGTH = 64
export const PASSWORD_MIN_ENTROPY_BITS = 50

/** The rules as shown next to the password fields. */
export const PASSWORD_RULES_TEXT =
  'De 12 à 64 caractères, tous permis (espaces, accents…). Une phrase de plusieurs mots est idéale. ' +
  'Évitez les mots de passe courants et votre identifiant.'

/** Characters, not UTF-16 units: "é" and "🎻" count one each. */
export function passwordLength(password: string): number {
  return [...password.normalize('NFC')].length
}

/**
 * The CNIL's entropy: length × log2(size of the alphabet of the character kinds used).
 * Kinds: lower case (26), upper case (26), digits (10), ASCII symbols and space (33),
 * any other character (accented letters, other scripts, emoji: counted as 40).
 */
export function passwordEntropyBits(password: string): number {
  const chars = [...password.normalize('NFC')]
  let alphabet = 0
  if (chars.some((c) => /[a-z]/.test(c))) alphabet += 26
  if (chars.some((c) => /[A-Z]/.test(c))) alphabet += 26
  if (chars.some((c) => /[0-9]/.test(c))) alphabet += 10
  if (chars.some((c) => /[ !-/:-@[-`{-~]/.test(c))) alphabet += 33
  if (chars.some((c) => !/[ -~]/.test(c))) alphabet += 40
  return alphabet === 0 ? 0 : chars.length * Math.log2(alphabet)
}

/** What is wrong with a password on its own (the server also checks the list of common ones). */
export function passwordShapeProblems(
  password: string,
  context: { login?: string } = {},
): string[] {
  const problems: string[] = []
  const length = passwordLength(password)
  if (length < PASSWORD_MIN_LENGTH) {
    problems.push(
      `Le mot de passe doit compter au moins ${PASSWORD_MIN_LENGTH} caractères (il en a ${length}).`,
    )
  } else if (length > PASSWORD_MAX_LENGTH) {
    problems.push(
      `Le mot de passe doit compter au plus ${PASSWORD_MAX_LENGTH} caractères (il en a ${length}).`,
    )
  } else if (
    new Set(password.toLowerCase()).size < 5 ||
    passwordEntropyBits(password) < PASSWORD_MIN_ENTROPY_BITS
  ) {
    problems.push(
      'Ce mot de passe est trop prévisible : allongez-le, ou mêlez lettres, chiffres et symboles.',
    )
  }
  const login = context.login?.trim().toLowerCase()
  if (login && login.length >= 3 && password.toLowerCase().includes(login)) {
    problems.push('Le mot de passe ne doit pas contenir votre identifiant.')
  }
  return problems
}
