import { expect, expectAccessible, openFamily, staffLogin, test } from './fixtures.ts'

// "Paramètres" → "Établissements scolaires": the list staff keep, then chosen on a pupil's form.

test('the administrator keeps the list of schools; a pupil’s school is chosen from it', async ({
  page,
  portee,
}) => {
  await staffLogin(page, portee.staffUrl)
  await page.goto(`${portee.staffUrl}/parametres/etablissements`)
  await expect(page.getByRole('heading', { name: 'Établissements scolaires' })).toBeVisible()
  const table = page.getByRole('table', { name: 'Établissements scolaires' })
  await expect(table.getByRole('row')).toHaveCount(5)
  await expectAccessible(page)

  await page.getByLabel('Nom de l’établissement').fill('Collège Jean Moulin')
  await page.getByRole('button', { name: 'Ajouter' }).click()
  await expect(page.getByText('Commune : ce champ est obligatoire.')).toBeVisible()
  await page.getByLabel('Commune').fill('fouesnant')
  await page.getByRole('button', { name: 'Ajouter' }).click()
  await expect(
    page.getByRole('status').filter({ hasText: 'Collège Jean Moulin — FOUESNANT est ajouté' }),
  ).toBeVisible()
  await expect(table.getByRole('row').nth(2)).toContainText('Collège Jean Moulin')

  await page.getByRole('button', { name: 'Modifier Lycée des Maures — COGOLIN' }).click()
  await page.getByLabel('Nom de l’établissement').fill('Lycée du Golfe')
  await page.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'est enregistré' })).toBeVisible()
  await expect(table).toContainText('Lycée du Golfe')
  await expect(table).not.toContainText('Lycée des Maures')

  // Adrien ABOLANT had chosen the Lycée des Maures: his record follows the new name, and his form
  // offers the list.
  await page.getByRole('link', { name: 'Familles' }).first().click()
  await openFamily(page, 'abolant', 'ABOLANT')
  await page.getByRole('link', { name: 'Élèves' }).click()
  await page
    .getByRole('link', { name: /ABOLANT Adrien/ })
    .first()
    .click()
  const school = page.getByLabel('Établissement scolaire', { exact: true })
  await expect(school.locator('option:checked')).toHaveText('Lycée du Golfe — COGOLIN')
  await school.selectOption({ label: 'Collège Jean Moulin — FOUESNANT' })
  await page.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'est enregistrée' })).toBeVisible()
  const adrien = await portee.db('pupils').where({ first_name: 'Adrien' }).first()
  expect(adrien.school_name).toBe('Collège Jean Moulin — FOUESNANT')
})
