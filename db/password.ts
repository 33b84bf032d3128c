import { createHash } from 'node:crypto'

/** Hashes and checks passwords; the server's implementation runs bcrypt in worker threads. */
export interface PasswordHasher {
  hash(password: string): Promise<string>
  /** With no hash (unknown account), compares against a dummy one so that the time is the same
   * as for a wrong password, and answers false. */
  verify(password: string, hash: string | null): Promise<boolean>
}

export const BCRYPT_COST = 12

/**
 * bcrypt reads at most 72 bytes: to take every character of a long password into account
 * (without silent truncation), the password is first reduced to its SHA-256 in base64
 * (44 bytes). Unicode is normalised (NFC) so that "é" typed on any system is the same password.
 */
export function prehashPassword(password: string): string {
  return createHash('sha256').update(password.normalize('NFC'), 'utf8').digest('base64')
}
