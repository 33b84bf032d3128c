import { AxeBuilder } from '@axe-core/playwright'
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test'
import { startTestServer, type TestServer, type TestServerOptions } from '../support/server.ts'
import { startSmtpCatcher, type SmtpCatcher } from '../support/smtp.ts'

export { expect }
export const DEMO_PASSWORD = 'Portee-Demo-2026'

interface Fixtures {
  serverOptions: TestServerOptions
  /** The SMTP server that catches this test's mails. */
  smtp: SmtpCatcher
  /** A Portée server of this test's own: its DATA_DIR, its database, its listeners. */
  portee: TestServer
  /** What the browser refused under the pages' Content-Security-Policy: nothing, in every test. */
  cspViolations: string[]
}

export const test = base.extend<Fixtures>({
  serverOptions: [{}, { option: true }],
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  smtp: async ({}, use) => {
    const catcher = await startSmtpCatcher()
    await use(catcher)
    await catcher.close()
  },
  portee: async ({ serverOptions, smtp }, use) => {
    const configure = serverOptions.config ?? ((c) => c)
    const server = await startTestServer({
      demoFamilies: 60,
      ...serverOptions,
      config: (c) =>
        configure({
          ...c,
          smtpUrl: smtp.url,
          mail: { pollMs: 50, retryDelaysMs: [200], maxAttempts: 3 },
        }),
      listen: true,
    })
    await use(server)
    await server.close()
  },
  cspViolations: [
    async ({ page }, use) => {
      const violations: string[] = []
      page.on('console', (message) => {
        if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text())
      })
      await use(violations)
      expect(violations).toEqual([])
    },
    { auto: true },
  ],
})

/**
 * axe-core finds no WCAG 2.1 A/AA violation on the page as it stands, once its transitions are
 * over (a message fading in is measured at its final colours, not halfway).
 */
export async function expectAccessible(page: Page): Promise<void> {
  // Runs in the page (the tests are type-checked without the DOM's types). A spinner's endless
  // animation is not waited for.
  type Running = { playState: string; effect: { getTiming(): { iterations?: number } } | null }
  type Document = { getAnimations(): Running[] }
  await page.waitForFunction(() =>
    (globalThis as unknown as { document: Document }).document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
  )
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  )
  expect(summary).toEqual([])
}

/** The path of a mail's link, opened on this test's own server (PUBLIC_URL is tested elsewhere). */
export function onServer(server: TestServer, link: string): string {
  const url = new URL(link)
  return `${server.portalUrl}${url.pathname}${url.search}`
}

/** Fills the family login form of the seeds (Site, Identifiant, Mot de passe) and sends it. */
export async function familyLogin(
  page: Page,
  site: string,
  identifiant: string,
  password = DEMO_PASSWORD,
): Promise<void> {
  await page.getByLabel('Site').selectOption({ label: site })
  await page.getByLabel('Identifiant').fill(identifiant)
  await page.getByLabel('Mot de passe', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Se connecter' }).click()
}

/** In the family app on a phone: opens the drawer, then a menu (a link, or Déconnexion). */
export async function familyMenu(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Menu' }).click()
  const menu = page.getByRole('navigation', { name: 'Menu principal' })
  if (name === 'Déconnexion') await menu.getByRole('button', { name }).click()
  else await menu.getByRole('link', { name, exact: true }).click()
}

/** Fills « Nouveau mot de passe » and its confirmation, then sends with « Enregistrer ». */
export async function choosePassword(
  page: Page,
  password: string,
  confirmation = password,
): Promise<void> {
  await page.getByLabel('Nouveau mot de passe', { exact: true }).fill(password)
  await page.getByLabel('Confirmer le nouveau mot de passe', { exact: true }).fill(confirmation)
  await page.getByRole('button', { name: 'Enregistrer' }).click()
}

/** Logs in to the back office as the demo administrator. */
export async function staffLogin(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await page.getByLabel('Identifiant').fill('admin')
  await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await expect(page.getByRole('heading', { name: 'Familles' })).toBeVisible()
}

/** Opens a family from the back office's list: searched, then its name clicked. */
export async function openFamily(page: Page, search: string, name: string): Promise<void> {
  await page.getByLabel('Rechercher', { exact: true }).fill(search)
  await page
    .getByRole('table', { name: 'Familles' })
    .getByRole('link', { name, exact: true })
    .first()
    .click()
  await expect(page.getByRole('heading', { name: `Famille ${name}` })).toBeVisible()
}

/** A tab of the family's page in the back office (Responsables, Élèves, Journal des modifications). */
export function familyTab(page: Page, name: string) {
  return page
    .getByRole('navigation', { name: 'Dossier de la famille' })
    .getByRole('link', { name, exact: true })
}

/** A tab of a pupil's file (Identité, Cours…), in either app. */
export function pupilTab(page: Page, name: string) {
  return page
    .getByRole('navigation', { name: 'Dossier de l’élève' })
    .getByRole('link', { name, exact: true })
}

/** The id of a site, found by its name in the list the login page shows. */
export async function siteId(
  request: APIRequestContext,
  portalUrl: string,
  name: string,
): Promise<number> {
  const sites = (await (await request.get(`${portalUrl}/api/family/sites`)).json()) as {
    id: number
    name: string
  }[]
  const site = sites.find((s) => s.name === name)
  if (!site) throw new Error(`No site named ${name}`)
  return site.id
}

/** Logs a guardian in through the extranet's API, in a browser context of their own. */
export async function familySession(
  request: APIRequestContext,
  portalUrl: string,
  site: string,
  login: string,
): Promise<void> {
  const answer = await request.post(`${portalUrl}/api/family/session`, {
    data: { siteId: await siteId(request, portalUrl, site), login, password: DEMO_PASSWORD },
  })
  expect(answer.status()).toBe(204)
}
