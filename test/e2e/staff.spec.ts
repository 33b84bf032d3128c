import { expect, expectAccessible, familyTab, openFamily, staffLogin, test } from './fixtures.ts'

test('a wrong staff password gets a clear French message', async ({ page, portee }) => {
  await page.goto(portee.staffUrl)
  await expect(page.getByRole('heading', { name: /Connexion/ })).toBeVisible()
  await expectAccessible(page)
  await page.getByLabel('Identifiant').fill('admin')
  await page.getByLabel('Mot de passe', { exact: true }).fill('mauvais')
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await expect(
    page
      .getByRole('alert')
      .filter({ hasText: 'Identifiant ou mot de passe incorrect. Vérifiez votre saisie.' }),
  ).toBeVisible()
})

test('the secretariat searches the families and opens one', async ({ page, portee }) => {
  await staffLogin(page, portee.staffUrl)
  const table = page.getByRole('table', { name: 'Familles' })
  await expect(table.getByRole('row')).toHaveCount(26) // header + 25
  const pages = page.getByRole('navigation', { name: 'Pages de la liste' })
  await expect(pages.getByText('60 familles')).toBeVisible()
  await expectAccessible(page)

  await page.getByLabel('Rechercher', { exact: true }).fill('LEA')
  await expect(table.getByRole('row').filter({ hasText: 'Jocelyne' })).toHaveCount(0)
  await expect(table.getByRole('row').filter({ hasText: 'Léa DUPONT' })).toContainText('dupont1')
  await expect(table.getByRole('row').filter({ hasText: 'DUPONT Marc' })).toHaveCount(0)

  await page.getByLabel('Rechercher', { exact: true }).fill('jocelyne')
  await expect(table.getByRole('row')).toHaveCount(2)
  await table.getByRole('link', { name: 'ABOLANT' }).click()
  await expect(page.getByRole('heading', { name: /Famille ABOLANT/ })).toBeVisible()
  await expect(page.getByText('Responsable 1 : Madame ABOLANT Jocelyne')).toBeVisible()
  await expect(page.getByText('Cadre de la fonction publique')).toBeVisible()
  await expectAccessible(page)
  await familyTab(page, 'Élèves').click()
  const pupils = page.getByRole('table', { name: 'Élèves de la famille' })
  await expect(pupils.getByRole('row').filter({ hasText: 'Adrien' })).toContainText('14/09/1995')
  await expect(pupils.getByRole('row').filter({ hasText: 'Adrien' })).toContainText('Meaux (77)')
  await expectAccessible(page)

  await page.getByRole('link', { name: /Retour à la liste/ }).click()
  await expect(page.getByLabel('Rechercher', { exact: true })).toHaveValue('jocelyne')
})

test('the search ignores accents and case and matches identifiants', async ({ page, portee }) => {
  const accented = await portee
    .db('families')
    .where('name', 'like', '%É%')
    .first<{ name: string } | undefined>()
  if (!accented) throw new Error('the demo has accented family names')
  await staffLogin(page, portee.staffUrl)
  const table = page.getByRole('table', { name: 'Familles' })
  const plain = accented.name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
  await page.getByLabel('Rechercher', { exact: true }).fill(plain)
  await expect(table.getByRole('link', { name: accented.name }).first()).toBeVisible()
  await page.getByLabel('Rechercher', { exact: true }).fill('TORRICE1')
  await expect(table.getByRole('row')).toHaveCount(2)
  await expect(table.getByRole('row').nth(1)).toContainText('Antenne de Sainte-Maxime')
})

test('the list is paginated by the server', async ({ page, portee }) => {
  await staffLogin(page, portee.staffUrl)
  const table = page.getByRole('table', { name: 'Familles' })
  // A family's row, not the empty row shown while the page loads.
  await expect(table.getByRole('row').nth(1)).toHaveText(/[A-Z]{2}/)
  const firstPage = (await table.getByRole('row').nth(1).textContent()) ?? ''
  await page.getByRole('button', { name: 'Page suivante' }).click()
  await expect(page).toHaveURL(/apres=/)
  await expect(table.getByRole('row').nth(1)).not.toHaveText(firstPage)
  await expect(table.getByRole('row').nth(1)).toHaveText(/[A-Z]{2}/)
})

test('Déconnexion ends the staff session', async ({ page, portee }) => {
  await staffLogin(page, portee.staffUrl)
  await page.getByRole('button', { name: 'Déconnexion' }).click()
  await expect(page.getByRole('heading', { name: /Connexion/ })).toBeVisible()
  await page.goto(`${portee.staffUrl}/familles`)
  await expect(page.getByRole('heading', { name: /Connexion/ })).toBeVisible()
})

test('the family’s tabs are addresses: the back button goes back from tab to tab', async ({
  page,
  portee,
}) => {
  await staffLogin(page, portee.staffUrl)
  await openFamily(page, 'abolant', 'ABOLANT')
  await expect(familyTab(page, 'Responsables')).toHaveAttribute('aria-current', 'page')
  await familyTab(page, 'Élèves').click()
  await expect(page.getByRole('table', { name: 'Élèves de la famille' })).toBeVisible()
  await familyTab(page, 'Journal des modifications').click()
  await expect(
    page.getByRole('heading', { name: 'Journal des modifications', exact: true }),
  ).toBeVisible()
  await expect(familyTab(page, 'Journal des modifications')).toHaveAttribute('aria-current', 'page')

  await page.goBack()
  await expect(page.getByRole('table', { name: 'Élèves de la famille' })).toBeVisible()
  await expect(familyTab(page, 'Élèves')).toHaveAttribute('aria-current', 'page')
  await expect(familyTab(page, 'Journal des modifications')).not.toHaveAttribute('aria-current')
  await page.goBack()
  await expect(page.getByText('Responsable 1 : Madame ABOLANT Jocelyne')).toBeVisible()
  await expect(familyTab(page, 'Responsables')).toHaveAttribute('aria-current', 'page')
  await page.goForward()
  await expect(page.getByRole('table', { name: 'Élèves de la famille' })).toBeVisible()
  // The address of a tab opens that tab.
  await page.reload()
  await expect(page.getByRole('table', { name: 'Élèves de la famille' })).toBeVisible()
})
