import type { Page } from '@playwright/test'
import { createNextSchoolYear } from '../../db/services/pedagogy/school-years.ts'
import { FILES, makeCampaign } from '../support/reenrolment.ts'
import type { TestServer } from '../support/server.ts'
import { expect, expectAccessible, familyLogin, familyMenu, pupilTab, test } from './fixtures.ts'

// A family re-enrols its two pupils on a small phone (the demo's DUPONT family of the
// Conservatoire: Gérard, without course, and Léa, Piano and Formation musicale), each with a
// document, and gets an acknowledgement for each.
test.use({ viewport: { width: 360, height: 740 } })

const DAY = 24 * 3_600_000

/** 2027/2028 with its courses, and the Conservatoire's campaign into it, open now. */
async function openCampaign(portee: TestServer): Promise<void> {
  const admin = await portee.db('staff_users').where({ login: 'admin' }).first('id')
  const actor = { staffUserId: admin.id, clientIp: '127.0.0.1', clock: portee.clock }
  const { schoolYear } = await portee.db.transaction((trx) => createNextSchoolYear(trx, {}, actor))
  const now = portee.clock.now().getTime()
  await makeCampaign(portee.db, {
    siteId: 1,
    schoolYearId: schoolYear.id,
    opensAt: new Date(now - DAY).toISOString(),
    closesAt: new Date(now + 10 * DAY).toISOString(),
    message: 'Réinscrivez vos enfants avant les vacances.',
    pieces: [
      { name: 'justif. d’identité', required: true },
      { name: 'copie de l’avis d’imposition', required: false },
    ],
  })
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const width = await page.locator('html').evaluate((html) => html.scrollWidth)
  expect(width).toBeLessThanOrEqual(360)
}

async function validate(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Valider' }).click()
  await expect(page.getByText('Réinscription en attente de validation')).toBeVisible()
}

test('a family re-enrols two pupils on a phone, with their documents', async ({
  page,
  portee,
  smtp,
}) => {
  await page.goto(portee.portalUrl)
  await familyLogin(page, 'Conservatoire', 'dupont1')
  await expect(page.getByRole('heading', { name: /^Bonjour/ })).toBeVisible()
  await familyMenu(page, 'Élèves')
  // No campaign yet: no tab.
  await expect(pupilTab(page, 'Identité')).toBeVisible()
  await expect(pupilTab(page, 'Réinscription')).toHaveCount(0)

  await openCampaign(portee)
  await page.reload()
  await pupilTab(page, 'Réinscription').click()
  await expect(page.getByText('Réinscrivez vos enfants avant les vacances.')).toBeVisible()
  await expect(page.getByText('Si plusieurs élèves, valider pour chacun')).toBeVisible()

  // Gérard: no course, "Réinscription administrative", his identity document as a PDF.
  await expect(page.getByText('Aucun cours attribué')).toBeVisible()
  await page.getByLabel('Réinscription administrative').check()
  await page.getByLabel('Information complémentaire').fill('Gérard voudrait commencer le violon.')
  await page.getByRole('button', { name: 'Valider' }).click()
  await expect(
    page.getByRole('alert').filter({ hasText: 'Il manque une pièce obligatoire' }),
  ).toBeVisible()
  await page
    .getByLabel('Importer : justif. d’identité')
    .setInputFiles({ name: 'identité Gérard.pdf', mimeType: 'application/pdf', buffer: FILES.pdf })
  await expect(page.getByText('identité Gérard.pdf')).toBeVisible()
  await expect(page.getByText('Fourni', { exact: true })).toBeVisible()
  await validate(page)
  await expectNoSidewaysScroll(page)
  await expectAccessible(page)

  // Léa: Piano continued into another course, her identity document as a photo.
  await page.getByLabel('Élève', { exact: true }).selectOption({ label: 'DUPONT Léa' })
  await expect(page.getByText('Formation musicale — 1er cycle')).toBeVisible()
  await page.getByLabel('Réinscription : Piano — 1er cycle').check()
  await page
    .getByLabel('Cours choisi l’an prochain pour Piano — 1er cycle')
    .selectOption({ index: 1 })
  await page
    .getByLabel('Importer : justif. d’identité')
    .setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: FILES.png })
  await expect(page.getByText('photo.png')).toBeVisible()
  await validate(page)
  await expectNoSidewaysScroll(page)

  const mails = await smtp.waitFor(2)
  expect(mails.map((m) => m.subject).sort()).toEqual([
    'Réinscription 2027/2028 de DUPONT Gérard : accusé de réception',
    'Réinscription 2027/2028 de DUPONT Léa : accusé de réception',
  ])
  expect(mails.every((m) => m.to.includes('gerard.dupont@example.org'))).toBe(true)
})
