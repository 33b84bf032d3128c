import { expect, expectAccessible, staffLogin, test } from './fixtures.ts'

// Paramètres → Facturation (Administrateur): the billing mode, PayFiP's client number and mode
// (test and production both reachable), the SEPA creditor, checked before it is saved.

test('the administrator sets PayFiP and the SEPA creditor in Paramètres → Facturation', async ({
  page,
  portee,
}) => {
  await staffLogin(page, portee.staffUrl)
  await page.getByRole('link', { name: 'Paramètres' }).first().click()
  await page
    .getByRole('navigation', { name: 'Paramètres' })
    .getByRole('link', { name: 'Facturation' })
    .click()
  await expect(page.getByRole('heading', { name: 'Facturation' })).toBeVisible()
  await page.getByLabel('Trésor Public (avis des sommes à payer)').check()
  await expect(page.getByLabel('Titre des factures')).toHaveValue('AVIS DES SOMMES A PAYER')
  await page.getByLabel('Numéro client PayFiP').fill('12345')
  await page.getByLabel('IBAN du créancier').fill('FR76 3000 6000 0112 3456 7890 188')
  await page.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(page.getByText('Le numéro client PayFiP compte 6 chiffres.')).toBeVisible()
  await expect(page.getByText('Cet IBAN n’est pas valide.')).toBeVisible()

  await page.getByLabel('Numéro client PayFiP').fill('123456')
  await page.getByLabel('Production').check()
  await page.getByLabel('Identifiant créancier SEPA (ICS)').fill('FR12ZZZ123456')
  await page.getByLabel('Nom du créancier').fill('Conservatoire du Golfe')
  await page.getByLabel('IBAN du créancier').fill('FR76 3000 6000 0112 3456 7890 189')
  await page.getByLabel('BIC du créancier').fill('AGRIFRPP')
  await page.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(
    page.getByRole('status').filter({ hasText: 'Les paramètres de facturation sont enregistrés.' }),
  ).toBeVisible()
  await expect(page.getByLabel('IBAN du créancier')).toHaveValue('FR7630006000011234567890189')
  await expectAccessible(page)
  const saved = await portee.db('billing_settings').where({ id: 1 }).first()
  expect(saved).toMatchObject({
    mode: 'tresor_public',
    payfip_numcli: '123456',
    payfip_saisie: 'W',
  })

  // Back to the test mode: both are reachable.
  await page.getByLabel('Test (aucun débit réel)').check()
  await page.getByRole('button', { name: 'Enregistrer' }).click()
  await expect
    .poll(async () => (await portee.db('billing_settings').first()).payfip_saisie)
    .toBe('T')
})
