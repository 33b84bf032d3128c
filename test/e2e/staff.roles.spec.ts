import { linkIn } from '../support/smtp.ts'
import {
  choosePassword,
  DEMO_PASSWORD,
  expect,
  expectAccessible,
  staffLogin,
  test,
} from './fixtures.ts'

test('the administrator creates a Secrétariat account; its mail link lets the new person choose a password; they log in without Paramètres', async ({
  page,
  browser,
  portee,
  smtp,
}) => {
  test.slow() // two people, two passwords hashed, three checks of accessibility
  await staffLogin(page, portee.staffUrl)
  await page.getByRole('link', { name: 'Paramètres' }).click()
  await page
    .getByRole('navigation', { name: 'Paramètres' })
    .getByRole('link', { name: 'Comptes', exact: true })
    .click()
  await expect(page.getByRole('heading', { name: 'Comptes du back office' })).toBeVisible()
  await expect(page.getByRole('row').filter({ hasText: 'Hélène VIDAL' })).toContainText('Direction')
  await expectAccessible(page)

  await page.getByRole('button', { name: 'Nouveau compte' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('Identifiant').fill('c.durand')
  await dialog.getByLabel('Nom', { exact: true }).fill('Claire DURAND')
  await dialog.getByLabel('E-mail').fill('claire.durand@example.org')
  await dialog.getByLabel('Conservatoire').check()
  await expectAccessible(page)
  await dialog.getByRole('button', { name: 'Créer le compte' }).click()
  await expect(page.getByRole('status')).toContainText('Le compte c.durand est créé')
  const row = page.getByRole('row').filter({ hasText: 'c.durand' })
  await expect(row).toContainText('Secrétariat')
  await expect(row).toContainText('Mot de passe pas encore choisi')

  const [mail] = await smtp.waitFor(1)
  expect(mail?.to).toEqual(['claire.durand@example.org'])
  const link = new URL(linkIn(mail))
  expect(link.pathname).toBe('/choisir-mot-de-passe')

  // The new person, in a browser of their own.
  const context = await browser.newContext()
  const newcomer = await context.newPage()
  await newcomer.goto(`${portee.staffUrl}${link.pathname}${link.search}`)
  await expect(newcomer.getByText('identifiant c.durand')).toBeVisible()
  await expectAccessible(newcomer)
  await choosePassword(newcomer, 'court')
  await expect(newcomer.getByText(/12 caractères/).first()).toBeVisible()
  await choosePassword(newcomer, 'Quatre flûtes et un basson')
  await expect(newcomer.getByText('Votre mot de passe est enregistré')).toBeVisible()
  await expect(newcomer.getByLabel('Identifiant')).toHaveValue('c.durand')
  await newcomer.getByLabel('Mot de passe', { exact: true }).fill('Quatre flûtes et un basson')
  await newcomer.getByRole('button', { name: 'Se connecter' }).click()
  await expect(newcomer.getByRole('heading', { name: 'Familles' })).toBeVisible()
  const menu = newcomer.getByRole('navigation', { name: 'Menu principal' })
  await expect(menu.getByRole('link', { name: /Courriels/ })).toBeVisible()
  await expect(menu.getByRole('link', { name: 'Paramètres' })).toHaveCount(0)
  // Typed by hand, the address of Paramètres leads back to Familles, which says why; the next
  // page no longer does.
  await newcomer.goto(`${portee.staffUrl}/parametres`)
  await expect(newcomer.getByRole('heading', { name: 'Familles' })).toBeVisible()
  const refused = newcomer.getByRole('alert').filter({ hasText: 'Votre rôle ne permet pas' })
  await expect(refused).toHaveText('Votre rôle ne permet pas d’ouvrir cette page : voici la vôtre.')
  await menu.getByRole('link', { name: /Courriels/ }).click()
  await expect(refused).toHaveCount(0)
  await context.close()

  // The administrator sees the account ready.
  await page.reload()
  await expect(page.getByRole('row').filter({ hasText: 'c.durand' })).toContainText('Actif')
})

test('an Enseignant account is told there is nothing for them in the back office yet', async ({
  page,
  portee,
}) => {
  await page.goto(portee.staffUrl)
  await page.getByLabel('Identifiant').fill('enseignant')
  await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await expect(page.getByText('Votre rôle (Enseignant) ne donne encore accès')).toBeVisible()
  await expect(
    page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link'),
  ).toHaveCount(0)
  await expectAccessible(page)
})
