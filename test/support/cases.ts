import { expect } from 'vitest'

/**
 * A table of cases, each input written as a key with what `fn` gives for it: exactly that value
 * (toBe). A failure names the input.
 */
export function expectEach(fn: (input: string) => string, cases: Record<string, string>): void {
  for (const [input, expected] of Object.entries(cases)) expect(fn(input), input).toBe(expected)
}
