import fs from 'node:fs'
import type { Page } from '@playwright/test'
import { expect, expectAccessible, familyLogin, familyMenu, pupilTab, test } from './fixtures.ts'

// The pupil's tab Documents on a small phone (seed 004 « Mes documents »): the attestations
// d'inscription, one per school year, downloaded as a PDF; the documents the family gave for its
// réinscription, as cards.
test.use({ viewport: { width: 360, height: 740 } })

async function openDocuments(page: Page, url: string, identifiant: string, pupil?: string) {
  await page.goto(url)
  await familyLogin(page, 'Conservatoire', identifiant)
  await expect(page.getByRole('heading', { name: /^Bonjour/ })).toBeVisible()
  await familyMenu(page, 'Élèves')
  if (pupil) await page.getByLabel('Élève', { exact: true }).selectOption({ label: pupil })
  await pupilTab(page, 'Documents').click()
  await expect(page).toHaveURL(/\/documents$/)
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const width = await page.locator('html').evaluate((html) => html.scrollWidth)
  expect(width).toBeLessThanOrEqual(360)
}

test('the attestation d’inscription of each year is listed and downloads as a PDF', async ({
  page,
  portee,
}) => {
  await openDocuments(page, portee.portalUrl, 'abolant1')
  const attestations = page.getByRole('region', { name: 'Attestations d’inscription' })
  await expect(attestations.getByRole('link')).toHaveText([
    'Attestation d’inscription 2026/2027',
    'Attestation d’inscription 2025/2026',
    'Attestation d’inscription 2024/2025',
  ])
  await expect(page.getByText('Aucun document fourni en ligne pour cet élève.')).toBeVisible()
  await expectNoSidewaysScroll(page)
  await expectAccessible(page)
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    attestations.getByRole('link', { name: 'Attestation d’inscription 2026/2027' }).click(),
  ])
  expect(download.suggestedFilename()).toBe('attestation-inscription-2026-2027-abolant-adrien.pdf')
  const bytes = fs.readFileSync(await download.path())
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
})

test('the documents given for the réinscription show as cards, their state with the reason of a refusal', async ({
  page,
  portee,
}) => {
  const doc = await portee
    .db('reenrolment_documents as d')
    .join('pupils as p', 'p.id', 'd.pupil_id')
    .join('guardians as g', 'g.family_id', 'd.family_id')
    .join('families as f', 'f.id', 'd.family_id')
    .where({ 'd.state': 'refuse', 'g.rank': 1, 'f.site_id': 1 })
    .whereNull('d.removed_at')
    .first<{
      id: number
      login: string
      last_name: string
      first_name: string
      file_name: string
      refusal_reason: string
    }>('d.id', 'g.login', 'p.last_name', 'p.first_name', 'd.file_name', 'd.refusal_reason')
  await openDocuments(page, portee.portalUrl, doc.login, `${doc.last_name} ${doc.first_name}`)
  const table = page.getByRole('table', { name: 'Documents fournis pour la réinscription' })
  const card = table.getByRole('row').filter({ hasText: `Refusé : ${doc.refusal_reason}` })
  await expect(card.first()).toContainText(doc.file_name)
  await expect(card.first()).toContainText('2027/2028')
  await expect(
    card.first().getByRole('link', { name: new RegExp(`^Consulter ${doc.file_name}`) }),
  ).toHaveAttribute('href', /^\/api\/family\/documents\/\d+$/)
  // A card: the column's name beside each value, nothing wider than the phone.
  await expect(card.first().getByText('Nom du fichier')).toBeVisible()
  await expectNoSidewaysScroll(page)
  await expectAccessible(page)
})
