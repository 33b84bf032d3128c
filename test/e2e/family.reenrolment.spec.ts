import type { Page } from '@playwright/test'
import { SUGGESTED_PIECES } from '../../db/rules/reenrolment.ts'
import { FILES } from '../support/reenrolment.ts'
import {
  DEMO_PASSWORD,
  expect,
  expectAccessible,
  familyLogin,
  familyMenu,
  pupilTab,
  test,
} from './fixtures.ts'

// The réinscription from end to end, on the demo (its campaign into 2027/2028 is open on the
// Conservatoire): the DUPONT family re-enrols its two pupils on a small phone, with their pièces
// (Gérard, without course, through « Réinscription administrative »; Léa, her two courses); the
// secretariat refuses one of Léa's documents; the family replaces it; the secretariat validates;
// the family sees Léa's courses of next year.
test.use({ viewport: { width: 360, height: 740 } })

/** The pièces of the demo's campaign the DUPONT family must give (they live in the commune). */
const REQUIRED = SUGGESTED_PIECES.filter((p) => p.required && p.appliesTo !== 'departement').map(
  (p) => p.name,
)
const IDENTITY = REQUIRED[0] ?? ''

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const width = await page.locator('html').evaluate((html) => html.scrollWidth)
  expect(width).toBeLessThanOrEqual(360)
}

async function give(page: Page, piece: string, file: { name: string; png?: boolean }) {
  await page.getByLabel(`Importer : ${piece}`).setInputFiles({
    name: file.name,
    mimeType: file.png ? 'image/png' : 'application/pdf',
    buffer: file.png ? FILES.png : FILES.pdf,
  })
  await expect(page.getByText(file.name)).toBeVisible()
}

async function validate(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Valider' }).click()
  await expect(page.getByText('Réinscription en attente de validation')).toBeVisible()
  // Sent: a second tap sends nothing until something changes.
  await expect(page.getByRole('button', { name: 'Valider' })).toBeDisabled()
}

test('a family re-enrols two pupils on a phone; staff refuse a document, then validate', async ({
  page,
  browser,
  portee,
  smtp,
}) => {
  test.slow()
  expect(REQUIRED).toHaveLength(3)
  await page.goto(portee.portalUrl)
  await familyLogin(page, 'Conservatoire', 'dupont1')
  await expect(page.getByRole('heading', { name: /^Bonjour/ })).toBeVisible()
  await familyMenu(page, 'Élèves')
  await pupilTab(page, 'Réinscription').click()
  await expect(page.getByText('La réinscription pour l’année 2027/2028 est ouverte.')).toBeVisible()
  await expect(page.getByText('Si plusieurs élèves, valider pour chacun')).toBeVisible()

  // Gérard: no course, « Réinscription administrative », his pièces as PDF.
  await expect(page.getByText('Aucun cours attribué')).toBeVisible()
  await page.getByLabel('Réinscription administrative').check()
  await page.getByLabel('Information complémentaire').fill('Gérard voudrait commencer le violon.')
  await page.getByRole('button', { name: 'Valider' }).click()
  await expect(
    page.getByRole('alert').filter({ hasText: 'Il manque des pièces obligatoires' }),
  ).toBeVisible()
  for (const [i, piece] of REQUIRED.entries()) await give(page, piece, { name: `gerard-${i}.pdf` })
  await validate(page)
  await expectNoSidewaysScroll(page)
  await expectAccessible(page)

  // Léa: both her courses continued; her identity as a photo.
  await page.getByLabel('Élève', { exact: true }).selectOption({ label: 'DUPONT Léa' })
  await page.getByLabel('Réinscription : Piano — 1er cycle').check()
  await page.getByLabel('Réinscription : Formation musicale — 1er cycle').check()
  await give(page, IDENTITY, { name: 'identité de Léa.png', png: true })
  for (const [i, piece] of REQUIRED.slice(1).entries())
    await give(page, piece, { name: `lea-${i}.pdf` })
  await validate(page)
  await expectNoSidewaysScroll(page)

  const acknowledgements = await smtp.waitFor(2)
  expect(acknowledgements.map((m) => m.subject).sort()).toEqual([
    'Réinscription 2027/2028 de Gérard DUPONT : accusé de réception — Conservatoire',
    'Réinscription 2027/2028 de Léa DUPONT : accusé de réception — Conservatoire',
  ])

  // The secretariat, at its desk, finds Léa's réinscription and refuses her photo.
  const office = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  const staff = await office.newPage()
  await staff.goto(portee.staffUrl)
  await staff.getByLabel('Identifiant').fill('secretariat')
  await staff.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORD)
  await staff.getByRole('button', { name: 'Se connecter' }).click()
  await expect(staff.getByRole('heading', { name: 'Familles' })).toBeVisible()
  await staff
    .getByRole('navigation', { name: 'Menu principal' })
    .getByRole('link', { name: 'Réinscriptions' })
    .click()
  await staff
    .getByRole('link', { name: /Conservatoire/ })
    .first()
    .click()
  await staff.getByRole('textbox', { name: 'Rechercher un élève ou une famille' }).fill('dupont')
  await staff.getByRole('link', { name: 'Voir la réinscription de DUPONT Léa' }).click()
  const pieces = staff.getByRole('table', { name: 'Pièces à fournir' })
  await pieces.getByRole('button', { name: `Refuser : ${IDENTITY}` }).click()
  const refusal = staff.getByRole('dialog', { name: `Refuser le document : ${IDENTITY}` })
  await refusal.getByLabel('Raison du refus (la famille la lira)').fill('Photo illisible')
  await refusal.getByRole('button', { name: 'Refuser le document' }).click()
  await expect(pieces.getByRole('row').filter({ hasText: 'identité de Léa.png' })).toContainText(
    'Refusé : Photo illisible',
  )

  // The family reads why, and gives another file.
  await page.reload()
  await expect(page.getByText('Refusé : Photo illisible')).toBeVisible()
  await expect(
    page.getByRole('alert').filter({ hasText: 'Le conservatoire a refusé un document' }),
  ).toContainText(IDENTITY)
  // Sent, a required pièce is replaced, not deleted.
  await expect(page.getByRole('button', { name: `Supprimer : ${IDENTITY}` })).toBeDisabled()
  await give(page, IDENTITY, { name: 'identite-lea-scan.pdf' })

  // The secretariat validates: next year's enrolments are made.
  await staff.reload()
  await expect(pieces.getByRole('row').filter({ hasText: 'identite-lea-scan.pdf' })).toContainText(
    'Fourni',
  )
  await staff.getByRole('button', { name: 'Valider la réinscription' }).click()
  await staff
    .getByRole('dialog', { name: 'Accepter les documents non vérifiés ?' })
    .getByRole('button', { name: 'Valider et accepter' })
    .click()
  await expect(
    staff.getByRole('status').filter({ hasText: 'La réinscription est validée' }),
  ).toBeVisible()
  await office.close()

  // The family sees Léa's courses of 2027/2028 below her Cours.
  await pupilTab(page, 'Cours').click()
  const next = page.getByRole('region', { name: 'Cours de l’année 2027/2028 (à venir)' })
  await expect(next).toContainText('Piano — 1er cycle')
  await expect(next).toContainText('Formation musicale — 1er cycle')
  await expectNoSidewaysScroll(page)
})

test('a choice not yet validated is not lost without a question', async ({ page, portee }) => {
  await page.goto(portee.portalUrl)
  await familyLogin(page, 'Conservatoire', 'abolant1')
  await familyMenu(page, 'Élèves')
  await pupilTab(page, 'Réinscription').click()
  const box = page.getByLabel(/^Réinscription : /).first()
  await box.check()
  const asked: string[] = []
  page.once('dialog', (dialog) => {
    asked.push(dialog.message())
    void dialog.dismiss()
  })
  await pupilTab(page, 'Cours').click()
  await expect
    .poll(() => asked)
    .toEqual([
      'Vos choix de réinscription ne sont pas validés : quitter cette page sans les enregistrer ?',
    ])
  await expect(page).toHaveURL(/\/reinscription$/)
  await expect(box).toBeChecked()
  // Confirmed, the family leaves; nothing was saved.
  page.once('dialog', (dialog) => void dialog.accept())
  await pupilTab(page, 'Cours').click()
  await expect(page).toHaveURL(/\/cours$/)
  await pupilTab(page, 'Réinscription').click()
  await expect(page.getByLabel(/^Réinscription : /).first()).not.toBeChecked()
})
