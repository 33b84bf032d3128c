import { freePort, invoiceFor, familyOfLogin, openPayfip } from '../support/billing-payfip.ts'
import { payfipConfig } from '../../extranet/server/config.ts'
import { expect, expectAccessible, familyLogin, familyMenu, test } from './fixtures.ts'

// abolant1 on a phone pays an invoice online through the PayFiP simulator (DEMO's), sees the
// payment accepted, the balance at 0,00 € and gets the receipt mail. Needs the Facturation page of
// the PDF part (BillingPage.vue showing OnlinePayment.vue on each invoice with something left).

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
    await openPayfip(portee)
    const invoice = await invoiceFor(portee, await familyOfLogin(portee, 'abolant1'), 9324)
    await page.goto(portee.portalUrl)
    await familyLogin(page, 'Conservatoire', 'abolant1')
    await expect(page.getByRole('heading', { name: /^Bonjour/ })).toBeVisible()
    await familyMenu(page, 'Facturation')
    await page.getByRole('button', { name: /^Paiement en ligne de 93,24 €/ }).click()

    // PayFiP's page (the simulator's): the amount, and the payer's choice.
    await expect(page.getByRole('heading', { name: /Paiement PayFiP/ })).toBeVisible()
    await expect(page.getByText('93,24 €')).toBeVisible()
    await page.getByRole('button', { name: 'Carte acceptée' }).click()

    await expect(page).toHaveURL(/\/facturation\/paiement\?idop=/)
    await expect(page.getByText(/^Paiement accepté : reçu n° \d{4}-R-\d{6}$/)).toBeVisible()
    await expectAccessible(page)
    await page.getByRole('link', { name: 'Retour à Facturation' }).click()
    await expect(page).toHaveURL(/\/facturation$/)
    await expect(page.getByText('Solde', { exact: false }).first()).toBeVisible()
    await expect(page.getByText('0,00 €').first()).toBeVisible()
    await expect(page.getByRole('button', { name: /^Paiement en ligne/ })).toHaveCount(0)

    const subject = `Paiement en ligne reçu — facture ${invoice.number}`
    await expect.poll(() => smtp.mails.some((m) => m.subject === subject)).toBe(true)
    const receipt = smtp.mails.find((m) => m.subject === subject)
    expect(receipt?.to).toEqual(['jocelyne.abolant@example.org'])
    expect(receipt?.text).toContain('93,24 €')
    expect(receipt?.text).toMatch(/reçu n° \d{4}-R-\d{6}/)
  },
)
