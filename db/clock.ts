/** "Now", as the services see it: the server passes the system clock, tests pass one they move. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** The clock's time as an ISO string (UTC): all timestamps of the database use this form. */
export function isoNow(clock: Clock): string {
  return clock.now().toISOString()
}
