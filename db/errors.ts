/** Stable codes of the domain errors; the apps show the French text for each code. */
export type DomainErrorCode =
  | 'INVALID_CREDENTIALS'
  | 'NOT_FOUND'
  | 'SESSION_EXPIRED'
  | 'UNAUTHENTICATED'
  | 'VALIDATION'
  | 'CONFLICT'
  | 'THROTTLED'
  | 'LINK_EXPIRED'
  | 'SETUP_REQUIRED'
  | 'SMTP_FAILED'

/** An error of the domain: carries a stable code and a French message, never internals. */
export class DomainError extends Error {
  readonly code: DomainErrorCode
  readonly details: Record<string, string>

  constructor(code: DomainErrorCode, message: string, details: Record<string, string> = {}) {
    super(message)
    this.name = 'DomainError'
    this.code = code
    this.details = details
  }
}
