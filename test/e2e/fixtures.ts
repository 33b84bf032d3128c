import { AxeBuilder } from '@axe-core/playwright'
import { test as base, expect, type Page } from '@playwright/test'
import { startTestServer, type TestServer, type TestServerOptions } from '../support/server.ts'

export { expect }
export const DEMO_PASSWORD = 'Portee-Demo-2026'

interface Fixtures {
  serverOptions: TestServerOptions
  /** A Portée server of this test's own: its DATA_DIR, its database, its listeners. */
  portee: TestServer
}

export const test = base.extend<Fixtures>({
  serverOptions: [{}, { option: true }],
  portee: async ({ serverOptions }, use) => {
    const server = await startTestServer({ demoFamilies: 60, ...serverOptions, listen: true })
    await use(server)
    await server.close()
  },
})

/** axe-core finds no WCAG 2.1 A/AA violation on the page as it stands. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  )
  expect(summary).toEqual([])
}
