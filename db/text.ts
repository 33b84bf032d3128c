/** Escapes the wildcards of a LIKE pattern (used with ESCAPE '\'). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** Current time as an ISO string (UTC); all timestamps of the database use this form. */
export function nowIso(): string {
  return new Date().toISOString()
}
