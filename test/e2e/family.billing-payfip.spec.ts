import { euros } from '../../db/rules/billing.ts'
import { freePort, familyOfLogin } from '../support/billing-payfip.ts'
import { payfipConfig } from '../../extranet/server/config.ts'
import { expect, expectAccessible, familyLogin, familyMenu, test } from './fixtures.ts'

// The journey on the demo: abolant1 on a phone opens Facturation, opens the demo's unpaid
// invoice as a PDF, pays it online through the PayFiP simulator (DEMO's, numcli 123456), sees the
// payment accepted, the balance at 0,00 € and gets the receipt mail.

test.use({ viewport: { width: 360, height: 740 } })

// The server listens on a port chosen beforehand: PUBLIC_URL (where PayFiP calls back, and where
// the simulator lives) is then the very address the browser opens.
const payTest = test.extend({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  serverOptions: async ({}, use) => {
    const port = await freePort()
    const publicUrl = `http://127.0.0.1:${port}`
    await use({
      config: (c) => ({
        ...c,
        portal: { ...c.portal, port },
        publicUrl,
        payfip: payfipConfig({ DEMO: '1' }, publicUrl),
      }),
    })
  },
})

payTest(
  'abolant1 pays an invoice online with a card the simulator accepts',
  async ({ page, portee, smtp }) => {
    test.slow() // an axe-core check, a PDF, the provider's page and back
    const family = await familyOfLogin(portee, 'abolant1')
    const invoice = (await portee
      .db('invoices')
      .where({ family_id: family, kind: 'facture' })
      .first('id', 'number', 'total_cents')) as { id: number; number: string; total_cents: number }
    const amount = euros(invoice.total_cents)
    await page.goto(portee.portalUrl)
    await familyLogin(page, 'Conservatoire', 'abolant1')
    await expect(page.getByRole('heading', { name: /^Bonjour/ })).toBeVisible()
    await familyMenu(page, 'Facturation')
    const totals = page.getByRole('region', { name: 'Totaux — Cotisations' })
    await expect(totals).toContainText(`Solde${amount}`)
    const [pdf] = await Promise.all([
      page.context().waitForEvent('response', (r) => r.url().includes('/api/family/invoices/')),
      page.getByRole('link', { name: `Ouvrir la facture ${invoice.number} (PDF)` }).click(),
    ])
    expect(pdf.status()).toBe(200)
    expect(pdf.headers()['content-type']).toBe('application/pdf')
    await page
      .getByRole('button', { name: `Paiement en ligne de ${amount} — facture ${invoice.number}` })
      .click()

    // PayFiP's page (the simulator's): the amount, and the payer's choice.
    await expect(page.getByRole('heading', { name: /Paiement PayFiP/ })).toBeVisible()
    await expect(page.getByText(amount)).toBeVisible()
    await page.getByRole('button', { name: 'Carte acceptée' }).click()

    await expect(page).toHaveURL(/\/facturation\/paiement\?idop=/)
    await expect(page.getByText(/^Paiement accepté : reçu n° \d{4}-R-\d{6}$/)).toBeVisible()
    await expectAccessible(page)
    await page.getByRole('link', { name: 'Retour à Facturation' }).click()
    await expect(page).toHaveURL(/\/facturation$/)
    await expect(totals).toContainText('Solde0,00 €')
    await expect(page.getByRole('button', { name: /^Paiement en ligne/ })).toHaveCount(0)

    const subject = `Paiement en ligne reçu — facture ${invoice.number}`
    await expect.poll(() => smtp.mails.some((m) => m.subject === subject)).toBe(true)
    const receipt = smtp.mails.find((m) => m.subject === subject)
    expect(receipt?.to).toEqual(['jocelyne.abolant@example.org'])
    expect(receipt?.text).toContain(amount)
    expect(receipt?.text).toMatch(/reçu n° \d{4}-R-\d{6}/)
  },
)
