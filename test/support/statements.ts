// Counting the SQL statements of a request, on the connection itself (knex's statements and the
// prepared ones alike, BEGIN and COMMIT included): the tests that prove a page's cost does not grow.
import { afterAll, beforeAll, expect } from 'vitest'
import { statementCounter } from '../../db/connection.ts'
import type { Client } from './api.ts'

/** Counts statements for the whole test file: call it before the hooks that start its server. */
export function countStatements(): void {
  beforeAll(() => {
    statementCounter.enabled = true
  })
  afterAll(() => {
    statementCounter.enabled = false
  })
}

/** The statements `run` caused. */
export async function statementsOf(run: () => Promise<unknown>): Promise<number> {
  const before = statementCounter.count
  await run()
  return statementCounter.count - before
}

/**
 * The statements of a GET of `url`, answered 200, the session remembered (the same GET once before:
 * SessionMemory, session-memory.test.ts): the page's own, every time the same.
 */
export async function statementsOfGet(client: Client, url: string): Promise<number> {
  expect((await client.get(url)).statusCode, url).toBe(200)
  let status = 0
  const statements = await statementsOf(async () => {
    status = (await client.get(url)).statusCode
  })
  expect(status, url).toBe(200)
  // Every page reads in a transaction: none counted means nothing was counted (countStatements).
  expect(statements, `${url}: statements counted`).toBeGreaterThan(0)
  return statements
}
