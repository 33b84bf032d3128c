import type { Page } from '@playwright/test'
import {
  billAbolant,
  guardianOf,
  issue,
  setBillingSettings,
  withoutDemoBilling,
} from '../support/billing-pdf.ts'
import { expect, expectAccessible, familyLogin, familyMenu, test } from './fixtures.ts'

// « Facturation » on a small phone (seeds 002 and 004): the account's lines as cards, the totals
// in French, each line's invoice or receipt opened as a PDF; only the responsable 1 pays online.
test.use({ viewport: { width: 360, height: 740 } })

async function openBilling(page: Page, url: string, identifiant: string): Promise<void> {
  await page.goto(url)
  await familyLogin(page, 'Conservatoire', identifiant)
  await expect(page.getByRole('heading', { name: /^Bonjour/ })).toBeVisible()
  await familyMenu(page, 'Facturation')
  await expect(page.getByRole('heading', { name: 'Facturation', level: 1 })).toBeVisible()
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const width = await page.locator('html').evaluate((html) => html.scrollWidth)
  expect(width).toBeLessThanOrEqual(360)
}

test('abolant1 reads the account and its totals, and opens the invoice as a PDF', async ({
  page,
  portee,
}) => {
  await withoutDemoBilling(portee.db)
  await billAbolant(portee.db, portee.clock)
  await openBilling(page, portee.portalUrl, 'abolant1')
  const table = page.getByRole('table', { name: 'Facturation cotisations' })
  const openInvoice = page.getByRole('link', { name: 'Ouvrir la facture 2026-F-000001 (PDF)' })
  const invoice = table.getByRole('row').filter({ has: openInvoice })
  await expect(invoice).toContainText('FACTURE')
  await expect(invoice).toContainText('254,00 €')
  const openReceipt = page.getByRole('link', { name: 'Ouvrir le reçu 2026-R-000001 (PDF)' })
  const cheque = table.getByRole('row').filter({ has: openReceipt })
  await expect(cheque).toContainText('Chèque')
  await expect(cheque).toContainText('2026-F-000001')
  await expect(cheque).toContainText('10/10/2026')
  await expect(cheque).toContainText('84,68 €')
  await expect(cheque.getByText('Oui')).toBeAttached()
  // A card: the column's name beside each value.
  await expect(invoice.getByText('Numéro d’opération')).toBeVisible()
  const totals = page.getByRole('region', { name: 'Totaux — Cotisations' })
  await expect(totals).toContainText('Montant total facturé254,00 €')
  await expect(totals).toContainText('Montant total réglé84,68 €')
  await expect(totals).toContainText('Solde169,32 €')
  await expectNoSidewaysScroll(page)
  await expectAccessible(page)

  const [response] = await Promise.all([
    page.context().waitForEvent('response', (r) => r.url().includes('/api/family/invoices/')),
    openInvoice.click(),
  ])
  expect(response.status()).toBe(200)
  expect(response.headers()['content-type']).toBe('application/pdf')
  expect(
    await table.getByRole('link', { name: 'Ouvrir le reçu 2026-R-000001 (PDF)' }),
  ).toHaveAttribute('href', /^\/api\/family\/payments\/\d+\/pdf$/)

  await page
    .getByRole('navigation', { name: 'Comptes de facturation' })
    .getByRole('link', { name: 'Locations' })
    .click()
  const rentals = page.getByRole('table', { name: 'Facturation locations' })
  await expect(rentals.getByRole('row').filter({ hasText: '2026-F-000002' })).toContainText(
    '90,00 €',
  )
  await expect(page.getByRole('region', { name: 'Totaux — Locations' })).toContainText(
    'Solde90,00 €',
  )
})

test('guardian 2 reads why online payment is not for them', async ({ page, portee }) => {
  await withoutDemoBilling(portee.db)
  await setBillingSettings(portee.db, { mode: 'tresor_public', payfipNumcli: '012345' })
  const { familyId } = await guardianOf(portee.db, 'dupont1')
  await issue(portee.db, portee.clock, {
    familyId,
    period: 'annee',
    lines: [{ category: 'cotisation', label: 'Piano — DUPONT Léa', amountCents: 9_324 }],
    instalments: 1,
  })
  await openBilling(page, portee.portalUrl, 'dupont2')
  await expect(
    page.getByText('Seul le responsable 1 (DUPONT Gérard) peut régler les factures en ligne.'),
  ).toBeVisible()
  await expect(page.getByRole('region', { name: 'Totaux — Cotisations' })).toContainText(
    'Solde93,24 €',
  )
  await expectAccessible(page)
})
