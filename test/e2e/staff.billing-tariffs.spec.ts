import { clearDemoBilling } from '../support/billing.ts'
import { expect, expectAccessible, test, DEMO_PASSWORD } from './fixtures.ts'

// Comptabilité sets 2026/2027's tariffs (a bracket, the cursus's price for residents) and sees the
// price in the simulation of the ABOLANT family (no quotient on record: the highest bracket).

test('comptabilité sets a price and sees it in a family’s simulation', async ({ page, portee }) => {
  // The demo billed its year: this spec starts billing from nothing.
  await clearDemoBilling(portee.db, { settings: true })
  const family = await portee.db('families').where({ name: 'ABOLANT' }).first<{ id: number }>('id')
  await page.goto(portee.staffUrl)
  await page.getByLabel('Identifiant').fill('comptabilite')
  await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await expect(page.getByRole('heading', { name: 'Familles' })).toBeVisible()

  await page.goto(`${portee.staffUrl}/facturation/tarifs`)
  await expect(page.getByRole('heading', { name: 'Tarifs' })).toBeVisible()
  await expect(page.getByLabel('Année scolaire')).toHaveValue(/\d+/)
  await page.getByLabel('Libellé de la tranche').fill('Tranche A')
  await page.getByLabel('À partir d’un quotient de (€)').fill('0')
  await page.getByRole('button', { name: 'Ajouter la tranche' }).click()
  await expect(page.getByRole('status')).toContainText('La tranche Tranche A est enregistrée.')
  await page
    .getByLabel('Cursus', { exact: true })
    .selectOption({ label: 'Musique cursus diplômant' })
  await page.getByRole('button', { name: 'Ajouter le tarif' }).click()
  await expect(page.getByRole('status')).toContainText('Le tarif est ajouté')
  const price = page.getByLabel('Prix Musique cursus diplômant, Tranche A, commune')
  await price.fill('150,00')
  await price.press('Enter')
  await expect(page.getByRole('status')).toContainText('Prix enregistré')
  await expectAccessible(page)

  await page.goto(`${portee.staffUrl}/familles/${family.id}/facturation`)
  const simulation = page.getByRole('table', { name: /Simulation de la facturation 2026\/2027/ })
  const line = simulation
    .getByRole('row')
    .filter({ hasText: 'Musique cursus diplômant — ABOLANT Adrien' })
  await expect(line).toContainText('Tranche A (quotient familial non fourni')
  await expect(line).toContainText('150,00 €')
  await expect(simulation.getByRole('row', { name: 'Total 150,00 €', exact: true })).toBeVisible()
  await expectAccessible(page)
})
