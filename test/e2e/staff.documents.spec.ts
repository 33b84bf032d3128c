import fs from 'node:fs'
import { expect, expectAccessible, familyTab, pupilTab, staffLogin, test } from './fixtures.ts'

// The back office's side of a family's documents: its residence (Responsables tab), and a
// pupil's Documents tab, with the attestations d'inscription and what the family uploaded.

test('the secretariat sets the residence, then downloads an attestation and sees the documents given', async ({
  page,
  portee,
}) => {
  const doc = await portee
    .db('reenrolment_documents as d')
    .join('pupils as p', 'p.id', 'd.pupil_id')
    .join('families as f', 'f.id', 'd.family_id')
    .where({ 'f.site_id': 1 })
    .first<{ id: number; pupil_id: number; family_id: number; file_name: string; name: string }>(
      'd.id',
      'd.pupil_id',
      'd.family_id',
      'd.file_name',
      'f.name',
    )
  await staffLogin(page, portee.staffUrl)
  await page.goto(`${portee.staffUrl}/familles/${doc.family_id}`)
  await expect(page.getByRole('heading', { name: `Famille ${doc.name}` })).toBeVisible()
  await page.getByLabel('Résidence', { exact: true }).selectOption({ label: 'Extérieur' })
  await expect(page.getByRole('status').filter({ hasText: /résidence/ })).toContainText(
    'est enregistrée : Extérieur.',
  )
  const family = await portee.db('families').where({ id: doc.family_id }).first('residence')
  expect(family.residence).toBe('exterieur')
  await expect(familyTab(page, 'Responsables')).toHaveAttribute('aria-current', 'page')
  await expectAccessible(page)

  await page.goto(`${portee.staffUrl}/familles/${doc.family_id}/eleves/${doc.pupil_id}/documents`)
  await expect(pupilTab(page, 'Documents')).toHaveAttribute('aria-current', 'page')
  const table = page.getByRole('table', { name: 'Documents fournis par la famille' })
  await expect(table.getByRole('row').filter({ hasText: doc.file_name }).first()).toContainText(
    '2027/2028',
  )
  await expectAccessible(page)
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Attestation d’inscription 2026/2027' }).click(),
  ])
  expect(download.suggestedFilename()).toMatch(/^attestation-inscription-2026-2027-.+\.pdf$/)
  expect(
    fs
      .readFileSync(await download.path())
      .subarray(0, 5)
      .toString('latin1'),
  ).toBe('%PDF-')
})
