import type { ErrorCode } from './rules/error-codes.ts'

/** Stable codes of the domain errors (the API's, less those only the server gives). */
export type DomainErrorCode = Exclude<ErrorCode, 'FORBIDDEN' | 'INTERNAL'>

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
