import type { Clock } from '../../db/clock.ts'

/**
 * A clock that tests move: it runs with real time, plus what the test has added. Timestamps
 * written with it stay in order with real ones, and no test sleeps to wait for a timeout.
 */
export class TestClock implements Clock {
  private offsetMs = 0

  now(): Date {
    return new Date(Date.now() + this.offsetMs)
  }

  /** Moves time forward. */
  advance(ms: number): void {
    this.offsetMs += ms
  }
}

export const MINUTE = 60_000
