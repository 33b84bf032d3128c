import { DEMO_PASSWORD, expect, test } from './fixtures.ts'

// One bcrypt worker and two places to wait: three other passwords fill the hashing queue.
test.use({
  serverOptions: {
    config: (c) => ({ ...c, hashQueue: { maxQueued: 2, maxWaitMs: 60_000, retryAfterSeconds: 1 } }),
  },
})

test('in a login storm, the login page says the server is busy and tries again by itself', async ({
  page,
  portee,
}) => {
  await page.goto(`${portee.portalUrl}/connexion`)
  await page.getByLabel('Site').selectOption({ label: 'Conservatoire' })
  await page.getByLabel('Identifiant').fill('dupont1')
  await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORD)
  const others = Promise.all(
    ['une famille', 'une autre', 'encore une'].map((p) => portee.hasher.hash(p)),
  )
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/family/session'))
  await page.getByRole('button', { name: 'Se connecter' }).click()

  const busy = await answer
  expect(busy.status()).toBe(503)
  expect(busy.headers()['retry-after']).toBe('1')
  await expect(
    page.getByRole('status').filter({ hasText: 'Le serveur est très sollicité en ce moment.' }),
  ).toHaveText(
    'Le serveur est très sollicité en ce moment. Nouvel essai automatique dans quelques secondes…',
  )
  await others
  await expect(page.getByRole('heading', { name: 'Bonjour Monsieur DUPONT Gérard' })).toBeVisible()
})
