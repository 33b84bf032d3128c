/** The stable codes of every error the API answers; each app shows the French text that comes with it. */
export type ErrorCode =
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
  | 'FORBIDDEN'
  | 'INTERNAL'
