import fs from 'node:fs'
import type { Page } from '@playwright/test'
import { parisDayAndTime } from '../../db/rules/campaigns.ts'
import { createSchoolYear } from '../../db/services/pedagogy/school-years.ts'
import type { TestServer } from '../support/server.ts'
import { DEMO_PASSWORD, expect, expectAccessible, staffLogin, test } from './fixtures.ts'

// « Réinscriptions » in the back office, on the demo (2026/2027 current; the demo's campaigns
// re-enrol into 2027/2028; 2028/2029 is made here): the administrator prepares a campaign for the
// Conservatoire into 2028/2029 with the pièces of the seeds, opens it now, reads the dashboard, reminds the families (the mail
// is caught) and exports the CSV; Direction reads the dashboard without a button to change it.

const DAY = 24 * 60 * 60 * 1000
const actor = (portee: TestServer) => ({
  staffUserId: 1,
  clientIp: '127.0.0.1',
  clock: portee.clock,
})

/** 2028/2029, after the demo's 2027/2028. */
async function yearAfterNext(portee: TestServer): Promise<number> {
  const made = await portee.db.transaction((trx) =>
    createSchoolYear(trx, { startsOn: '2028-09-01', endsOn: '2029-07-04' }, actor(portee)),
  )
  return made.id
}

/** A day and time in Paris, `ms` from the server's now. */
const when = (portee: TestServer, ms: number) =>
  parisDayAndTime(new Date(portee.clock.now().getTime() + ms).toISOString())

async function openCampaigns(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Menu principal' })
    .getByRole('link', { name: 'Réinscriptions' })
    .click()
  await expect(page.getByRole('heading', { name: 'Réinscriptions', exact: true })).toBeVisible()
}

test('the administrator prepares, opens, follows and reminds a campaign, and exports it', async ({
  page,
  portee,
  smtp,
}) => {
  test.slow()
  await yearAfterNext(portee)
  await staffLogin(page, portee.staffUrl)
  await openCampaigns(page)

  // The demo's campaign of the Conservatoire (2027/2028) is open, and a site's campaigns may not
  // be open at the same moment: a new one over it is refused, saying which; it is closed first.
  const campaigns = page.getByRole('table', { name: 'Campagnes de réinscription' })
  await campaigns
    .getByRole('row')
    .filter({ hasText: '2027/2028' })
    .getByRole('link', { name: 'Conservatoire' })
    .click()
  await page.getByRole('button', { name: 'Fermer maintenant' }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Fermer maintenant' }).click()
  await expect(
    page.getByRole('status').filter({ hasText: 'La campagne est fermée.' }),
  ).toBeVisible()
  await openCampaigns(page)

  await page.getByRole('button', { name: 'Nouvelle campagne' }).click()
  const form = page.getByRole('dialog')
  await form.getByLabel('Site').selectOption({ label: 'Conservatoire' })
  await form.getByLabel('Année scolaire (réinscription pour)').selectOption({ label: '2028/2029' })
  const opens = when(portee, 7 * DAY)
  const closes = when(portee, 40 * DAY)
  await form.getByLabel('Ouverture (jour)').fill(opens.day)
  await form.getByLabel('Fermeture (jour)').fill(opens.day)
  await form.getByLabel('Fermeture (heure)').fill('09:00')
  await form.getByLabel('Texte lu par les familles').fill('Réinscrivez vos enfants avant l’été.')
  // The pièces of the seeds are offered, the dance certificate for the Danse department.
  await expect(form.getByLabel('Nom du document (pièce 6)')).toHaveValue(
    'certificat médical d’aptitude (Parcours Danse uniquement)',
  )
  await expect(form.getByLabel('Département (pièce 6)')).toHaveValue(/\d+/)
  await form.getByRole('button', { name: 'Créer la campagne' }).click()
  await expect(form.getByText('La fermeture doit venir après l’ouverture.')).toBeVisible()
  await form.getByLabel('Fermeture (jour)').fill(closes.day)
  await form.getByLabel('Fermeture (heure)').fill('18:00')
  await expectAccessible(page)
  await form.getByRole('button', { name: 'Créer la campagne' }).click()

  await expect(
    page.getByRole('heading', { name: 'Réinscription 2028/2029 — Conservatoire' }),
  ).toBeVisible()
  await expect(page.getByText('En préparation')).toBeVisible()
  await expect(page.getByText('7 pièces à fournir.')).toBeVisible()
  await page.getByRole('button', { name: 'Ouvrir maintenant' }).click()
  await expect(
    page.getByRole('status').filter({ hasText: 'La campagne est ouverte.' }),
  ).toBeVisible()
  await expect(page.getByText('Ouverte', { exact: true })).toBeVisible()

  // The dashboard: nobody answered yet; per department, with its table; the pupils.
  await expect(page.getByLabel('Part des élèves qui ont répondu')).toBeVisible()
  await expect(page.getByText(/0 élève sur \d+ a répondu \(0 %\)/)).toBeVisible()
  const perDepartment = page.getByRole('table', { name: 'Réponses par département' })
  await expect(perDepartment.getByRole('rowheader', { name: 'Musique' })).toBeVisible()
  await expect(page.getByRole('img', { name: /Réponses par département/ })).toBeVisible()
  await page.getByRole('textbox', { name: 'Rechercher un élève ou une famille' }).fill('abolant')
  const pupils = page.getByRole('table', { name: 'Élèves de la campagne' })
  await expect(pupils.getByRole('row').filter({ hasText: 'ABOLANT Adrien' })).toContainText(
    'Pas encore envoyée',
  )
  await expectAccessible(page)

  // « Relancer les familles »: the mails leave through the outbox; the date of the reminder shows.
  await page.getByRole('button', { name: 'Relancer les familles' }).click()
  await page.getByRole('button', { name: 'Envoyer la relance' }).click()
  await expect(page.getByRole('status').filter({ hasText: /courriels? de relance/ })).toBeVisible()
  await expect(page.getByText(/Dernière relance : \d\d\/\d\d\/\d{4} à \d\d:\d\d\./)).toBeVisible()
  // Asked again, the question says the families got one already.
  await page.getByRole('button', { name: 'Relancer les familles' }).click()
  const again = page.getByRole('dialog', { name: 'Relancer les familles ?' })
  await expect(again).toContainText(/Une relance est déjà partie le \d\d\/\d\d\/\d{4} à \d\d:\d\d/)
  await again.getByRole('button', { name: 'Annuler' }).click()
  const abolant = () => smtp.mails.find((m) => m.to.includes('jocelyne.abolant@example.org'))
  await expect
    .poll(() => abolant()?.subject, { timeout: 30_000 })
    .toBe('Réinscription 2028/2029 — Conservatoire')
  const mail = abolant()
  expect(mail?.text).toContain('onglet « Réinscription »')

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Exporter en CSV' }).click(),
  ])
  expect(download.suggestedFilename()).toMatch(/^reinscriptions-2028-2029-.*\.csv$/)
  const csv = fs.readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '')
  expect(csv.split('\r\n')[0]).toBe(
    'Famille;Élève;État;Date d’envoi;Réinscription administrative;Cours cochés;Information complémentaire;Pièces (état)',
  )
  expect(csv).toContain('ABOLANT;ABOLANT Adrien;Pas encore envoyée')
})

// The demo's campaign of the Conservatoire, open into 2027/2028.
test('Direction reads the dashboard and changes nothing', async ({ page, portee }) => {
  await page.goto(portee.staffUrl)
  await page.getByLabel('Identifiant').fill('direction')
  await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await expect(page.getByRole('heading', { name: 'Familles' })).toBeVisible()
  await openCampaigns(page)
  await expect(page.getByRole('button', { name: 'Nouvelle campagne' })).toHaveCount(0)
  await page.getByRole('link', { name: 'Conservatoire' }).click()
  await expect(
    page.getByRole('heading', { name: 'Réinscription 2027/2028 — Conservatoire' }),
  ).toBeVisible()
  await expect(page.getByRole('table', { name: 'Élèves de la campagne' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Exporter en CSV' })).toBeVisible()
  for (const name of [
    'Ouvrir maintenant',
    'Prolonger',
    'Fermer maintenant',
    'Modifier la campagne',
    'Relancer les familles',
  ]) {
    await expect(page.getByRole('button', { name })).toHaveCount(0)
  }
})
