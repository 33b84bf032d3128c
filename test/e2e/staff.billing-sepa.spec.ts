import { clearDemoBilling } from '../support/billing.ts'
import fs from 'node:fs'
import {
  directDebitInvoice,
  familyOf,
  nextMonth,
  setCreditor,
  xsdErrors,
} from '../support/billing-sepa.ts'
import { DEMO_PASSWORD, expect, expectAccessible, familyTab, openFamily, test } from './fixtures.ts'

// SEPA direct debit in the back office: Comptabilité adds the mandate ABOLANT signed on the
// family's Facturation tab, then exports next month's debits from « Facturation → Prélèvements »:
// the file downloaded is valid against the pain.008.001.02 XSD, and the export is listed.

test('comptabilité adds a mandate to a family and exports a month of direct debits', async ({
  page,
  portee,
}) => {
  // The demo billed its year: this spec starts billing from nothing.
  await clearDemoBilling(portee.db)
  test.slow()
  const month = nextMonth(portee.clock)
  await setCreditor(portee.db)
  const abolant = await familyOf(portee.db, 1, 'abolant1')
  const invoice = await directDebitInvoice(portee.db, portee.clock, {
    familyId: abolant,
    month,
    amountCents: 45000,
  })

  await page.goto(portee.staffUrl)
  await page.getByLabel('Identifiant').fill('comptabilite')
  await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await expect(page.getByRole('heading', { name: 'Familles' })).toBeVisible()
  await openFamily(page, 'abolant', 'ABOLANT')
  await familyTab(page, 'Facturation').click()

  await page.getByRole('button', { name: 'Ajouter un mandat' }).click()
  const form = page.getByRole('dialog')
  await form.getByLabel('Titulaire du compte').fill('Jocelyne Abolant')
  await form.getByLabel('IBAN').fill('fr1420041010050500013m02607')
  await form.getByLabel('BIC').fill('PSSTFRPPPAR')
  await form.getByLabel('Date de signature').fill('01/09/2026')
  await form.getByRole('button', { name: 'Enregistrer le mandat' }).click()
  await expect(form.getByRole('alert').first()).toHaveText('Cet IBAN n’est pas valide.')
  await form.getByLabel('IBAN').fill('fr1420041010050500013m02606')
  await form.getByLabel('BIC').click() // the IBAN is shown grouped by 4 once typed
  await expect(form.getByLabel('IBAN')).toHaveValue('FR14 2004 1010 0505 0001 3M02 606')
  await form.getByRole('button', { name: 'Enregistrer le mandat' }).click()
  await expect(page.getByText(`Le mandat PORTEE-${abolant}-1 est enregistré.`)).toBeVisible()
  const mandates = page.getByRole('table', { name: 'Mandats de prélèvement SEPA' })
  const row = mandates.getByRole('row', { name: new RegExp(`PORTEE-${abolant}-1`) })
  await expect(row).toContainText('FR14 •••• •••• •••• •••• •••2 606')
  await expect(row).toContainText('En vigueur')
  await expect(row).toContainText('Premier prélèvement')
  await expectAccessible(page)

  await page
    .getByRole('navigation', { name: 'Menu principal' })
    .getByRole('link', { name: 'Facturation' })
    .click()
  await page
    .getByRole('navigation', { name: 'Facturation' })
    .getByRole('link', { name: 'Prélèvements' })
    .click()
  await expect(page.getByLabel('Mois des échéances')).toHaveValue(month)
  await expect(page.getByText('1 prélèvement à exporter, pour un total de 45,00 €.')).toBeVisible()
  const lines = page.getByRole('table', { name: `Prélèvements à exporter pour ${month}` })
  await expect(lines.getByRole('row', { name: new RegExp(invoice.number) })).toContainText(
    'ABOLANT',
  )
  await expectAccessible(page)

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Exporter le fichier SEPA' }).click(),
  ])
  expect(download.suggestedFilename()).toMatch(new RegExp(`^prelevements-${month}-\\d{5}\\.xml$`))
  const xml = fs.readFileSync(await download.path(), 'utf8')
  expect(await xsdErrors(xml)).toEqual([])
  expect(xml).toContain('<InstdAmt Ccy="EUR">45.00</InstdAmt>')
  expect(xml).toContain(`<MndtId>PORTEE-${abolant}-1</MndtId>`)
  await expect(page.getByText('Rien à prélever pour ce mois.')).toBeVisible()
  const exports = page.getByRole('table', { name: 'Exports SEPA déjà faits' })
  await expect(exports.getByRole('row')).toHaveCount(2)
  await expect(exports).toContainText('45,00 €')
  await expect(
    exports.getByRole('button', { name: /^Télécharger le fichier PORTEE-SDD-/ }),
  ).toBeVisible()
})
