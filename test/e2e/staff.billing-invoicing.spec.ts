import { clearDemoBilling } from '../support/billing.ts'
import { demoGrid } from '../support/billing-invoicing.ts'
import { DEMO_PASSWORD, expect, expectAccessible, familyTab, test } from './fixtures.ts'

// Comptabilité bills a family from its file (« Facturer cette famille », with the tariffs of
// demoGrid), opens the invoice and records a cheque: the account's balance goes down by as much.

test('comptabilité bills a family and records a payment; the balance changes', async ({
  page,
  portee,
}) => {
  // The demo billed its year: this spec starts billing from nothing.
  await clearDemoBilling(portee.db, { settings: true })
  const year = await portee.db('school_years').where({ is_current: true }).first('id')
  await demoGrid(portee.db, year.id)
  const family = await portee
    .db('guardians as g')
    .join('families as f', 'f.id', 'g.family_id')
    .where({ 'g.login': 'abolant1' })
    .first<{ id: number; name: string }>('f.id', 'f.name')

  await page.goto(portee.staffUrl)
  await page.getByLabel('Identifiant').fill('comptabilite')
  await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await expect(page.getByRole('heading', { name: 'Familles' })).toBeVisible()
  await page.goto(`${portee.staffUrl}/familles/${family.id}/facturation`)
  await expect(familyTab(page, 'Facturation')).toHaveAttribute('aria-current', 'page')
  const cotisations = page.getByRole('table', { name: 'Facturation cotisations' })
  await expect(cotisations).toContainText('Aucune facture.')

  await page.getByRole('button', { name: 'Facturer cette famille' }).click()
  const dialog = page.getByRole('dialog', { name: 'Facturer cette famille' })
  await dialog.getByLabel('Première échéance').fill('05/10/2026')
  await dialog.getByRole('button', { name: 'Facturer cette famille' }).click()
  await expect(dialog.getByRole('status')).toContainText('Facturation terminée.')
  await expect(dialog.getByRole('status')).toContainText('1 familles sur 1 — 1 factures émises')
  await dialog.getByRole('button', { name: 'Fermer' }).click()

  const row = cotisations.getByRole('row').filter({ hasText: /\d{4}-F-\d{6}/ })
  await expect(row).toHaveCount(1)
  const billed = (await row.getByRole('cell').nth(4).textContent())?.trim() ?? ''
  expect(billed).toMatch(/^\d[\d ]*,\d\d €$/)
  await expect(cotisations.getByRole('row').filter({ hasText: 'Solde' })).toContainText(billed)
  await expectAccessible(page)

  await row.getByRole('button', { name: /^Détail de / }).click()
  const invoice = page.getByRole('dialog', { name: /^FACTURE \d{4}-F-\d{6}$/ })
  await invoice.getByRole('button', { name: 'Enregistrer un règlement' }).click()
  const payment = page.getByRole('dialog', { name: /^Enregistrer un règlement/ })
  await payment.getByLabel('Montant (€)').fill('50,00')
  await payment.getByLabel('Numéro d’opération').fill('Chèque 0012345')
  await payment.getByRole('button', { name: 'Enregistrer le règlement' }).click()
  await expect(invoice.getByRole('status')).toContainText('Le règlement est enregistré : reçu')
  await expect(invoice.getByRole('table', { name: 'Règlements' })).toContainText('50,00 €')
  await invoice.getByRole('button', { name: 'Fermer' }).click()

  const cents = (text: string) => Number(text.replace(/[^\d]/g, ''))
  const expected = cents(billed) - 5000
  const euros = `${Math.floor(expected / 100)
    .toLocaleString('fr-FR')
    .replace(/\s/g, ' ')},${String(expected % 100).padStart(2, '0')} €`
  await expect(cotisations.getByRole('row').filter({ hasText: 'Solde' })).toContainText(euros)
  await expect(
    cotisations.getByRole('row').filter({ hasText: 'Montant total réglé' }),
  ).toContainText('50,00 €')
})
