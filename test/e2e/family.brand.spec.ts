import { expect, expectAccessible, familyLogin, test } from './fixtures.ts'

test('the login page shows the conservatoire’s name and logo', async ({ page, portee }) => {
  await page.goto(portee.portalUrl)
  await expect(page.getByText('Conservatoire de musique, danse et théâtre du Golfe')).toBeVisible()
  const logo = page.getByRole('img', { name: 'Logo du conservatoire' })
  await expect(logo).toBeVisible()
  await expect
    .poll(() => logo.evaluate((img) => (img as { naturalWidth: number }).naturalWidth))
    .toBe(120)
  await expectAccessible(page)
  await page.screenshot({ path: 'test-results/family-login.png', fullPage: true })
})

test('the app bar and the Accueil show the conservatoire, its text and its contact', async ({
  page,
  portee,
}) => {
  await page.goto(portee.portalUrl)
  await familyLogin(page, 'Antenne de Sainte-Maxime', 'torrice1')
  await expect(page.getByRole('heading', { name: 'Bonjour Madame TORRICE Emilie' })).toBeVisible()
  await expect(page.getByText('Antenne de Sainte-Maxime - Accueil')).toBeVisible()
  await expect(
    page.getByRole('banner').getByRole('img', { name: 'Logo du conservatoire' }),
  ).toBeVisible()
  await expect(page.getByRole('link', { name: 'dpo@example.org' })).toBeVisible()
  await expectAccessible(page)
  await page.screenshot({ path: 'test-results/family-home.png', fullPage: true })
})

test.describe('before any site is open', () => {
  test.use({ serverOptions: { demoFamilies: 0, config: (c) => ({ ...c, demo: false }) } })

  test('the login page says the extranet is not open yet', async ({ page, portee }) => {
    await page.goto(portee.portalUrl)
    await expect(page.getByRole('status')).toContainText(
      'L’extranet n’est pas encore ouvert : le conservatoire termine sa mise en service.',
    )
    await expect(page.getByRole('button', { name: 'Se connecter' })).toHaveCount(0)
    await expectAccessible(page)
  })
})
