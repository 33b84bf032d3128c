import type { Page } from '@playwright/test'
import { expect, expectAccessible, familyLogin, familyMenu, pupilTab, test } from './fixtures.ts'

async function login(page: Page, url: string, site: string, identifiant: string): Promise<void> {
  await page.goto(url)
  await familyLogin(page, site, identifiant)
  await expect(page.getByRole('heading', { name: /^Bonjour/ })).toBeVisible()
}

test('a guardian corrects the Famille record: it waits for validation, marked ✓', async ({
  page,
  portee,
  smtp,
}) => {
  await login(page, portee.portalUrl, 'Conservatoire', 'dupont1')
  await familyMenu(page, 'Famille')
  await expect(page.getByRole('heading', { name: 'Famille', exact: true })).toBeVisible()
  const own = page.getByRole('region', { name: /^Identité/ })
  await expect(own.getByLabel('Nom *', { exact: true })).toHaveValue('DUPONT')
  await expect(own.getByLabel('Ville *', { exact: true })).toHaveValue('FOUESNANT')
  await expectAccessible(page)

  await own.getByLabel('Mobile', { exact: true }).fill('12')
  await page.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(
    page.getByText('Ce numéro de téléphone n’est pas valide (exemple : 02 33 94 22 77).'),
  ).toBeVisible()
  expect(await portee.db('change_requests').count({ n: '*' }).first()).toEqual({ n: 0 })

  await own.getByLabel('Mobile', { exact: true }).fill('0612345678')
  await own.getByLabel('Profession', { exact: true }).fill('Luthier')
  await page.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(
    page.getByRole('status').filter({ hasText: 'Votre demande de modification est enregistrée' }),
  ).toBeVisible()
  await expect(own.getByLabel('Mobile', { exact: true })).toHaveValue('06 12 34 56 78')
  await expect(page.getByText('✓ Élément modifié — valeur actuelle : —')).toHaveCount(2)
  await expect(page.getByText('Fiche en attente de validation').first()).toBeVisible()
  const row = await portee
    .db('guardians')
    .where({ last_name: 'DUPONT', first_name: 'Gérard' })
    .first()
  expect(row.phone_mobile).toBe('')
  await expect
    .poll(() => smtp.mails.map((m) => m.subject))
    .toContainEqual(expect.stringContaining('Accusé de réception'))

  // The other guardian sees the same pending state.
  const claire = await page
    .context()
    .browser()
    ?.newPage({ viewport: { width: 412, height: 915 } })
  if (!claire) throw new Error('no browser')
  await login(claire, portee.portalUrl, 'Conservatoire', 'dupont2')
  await claire.goto(`${portee.portalUrl}/famille`)
  await expect(
    claire.getByRole('heading', { name: /Responsable 1 — Monsieur DUPONT Gérard/ }),
  ).toBeVisible()
  await expect(
    claire.getByRole('region', { name: /Responsable 1/ }).getByLabel('Profession', { exact: true }),
  ).toHaveValue('Luthier')
  await expect(claire.getByText('Fiche en attente de validation').first()).toBeVisible()
  await claire.close()
})

test('Élèves: one pupil at a time, with previous / next, identity through the sas', async ({
  page,
  portee,
}) => {
  await login(page, portee.portalUrl, 'Conservatoire', 'dupont1')
  await familyMenu(page, 'Élèves')
  await expect(page).toHaveURL(/\/eleves\/\d+\/identite$/)
  await expect(page.getByLabel('Élève', { exact: true }).locator('option:checked')).toHaveText(
    'DUPONT Gérard',
  )
  await expect(page.getByLabel('Prénom *', { exact: true })).toHaveValue('Gérard')
  await page.getByRole('link', { name: 'Élève suivant' }).click()
  await expect(page.getByLabel('Prénom *', { exact: true })).toHaveValue('Léa')
  await expect(pupilTab(page, 'Identité')).toHaveAttribute('aria-current', 'page')
  await expectAccessible(page)
  await page.getByLabel('Niveau scolaire', { exact: true }).selectOption('6e')
  await page.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(
    page.getByRole('status').filter({ hasText: 'Votre demande de modification est enregistrée' }),
  ).toBeVisible()
  await expect(page.getByText('✓ Élément modifié — valeur actuelle : CM2')).toBeVisible()
  await pupilTab(page, 'Cours').click()
  await expect(page.getByRole('table', { name: 'Cours de l’élève' })).toContainText('Piano')
  await pupilTab(page, 'Documents').click()
  await expect(
    page.getByRole('link', { name: 'Attestation d’inscription 2026/2027' }),
  ).toBeVisible()
  await page.getByLabel('Élève', { exact: true }).selectOption({ label: 'DUPONT Gérard' })
  await pupilTab(page, 'Identité').click()
  await expect(page.getByLabel('Prénom *', { exact: true })).toHaveValue('Gérard')
})

test('an old value the family did not touch never stops a change elsewhere', async ({
  page,
  portee,
}) => {
  // Typed long ago in the old software, and not valid today.
  await portee.db('guardians').where({ last_name: 'ABOLANT' }).update({ phone_work: '0494' })
  await login(page, portee.portalUrl, 'Conservatoire', 'abolant1')
  await familyMenu(page, 'Famille')
  const own = page.getByRole('region', { name: /^Identité/ })
  await expect(own.getByLabel('Tél pro', { exact: true })).toHaveValue('0494')
  await own.getByLabel('Profession', { exact: true }).fill('Infirmière')
  await page.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(
    page.getByRole('status').filter({ hasText: 'Votre demande de modification est enregistrée' }),
  ).toBeVisible()
  const fields = await portee.db('change_request_fields').select('field')
  expect(fields).toEqual([{ field: 'profession' }])
})

test('one pupil: no previous / next; ticking "Utiliser les coordonnées" fills the address', async ({
  page,
  portee,
}) => {
  await login(page, portee.portalUrl, 'Antenne de Sainte-Maxime', 'dupont1')
  await familyMenu(page, 'Élèves')
  await expect(page.getByLabel('Prénom *', { exact: true })).toHaveValue('Hugo')
  await expect(page.getByRole('link', { name: 'Élève suivant' })).toHaveCount(0)
  await expect(page.getByLabel('Situation familiale', { exact: true })).toHaveValue('')
  const box = page.getByLabel('Utiliser les coordonnées du responsable légal')
  await expect(box).toBeChecked()
  await box.uncheck()
  await page.getByLabel('Adresse', { exact: true }).fill('')
  await page.getByLabel('Ville', { exact: true }).fill('')
  await box.check()
  await expect(page.getByLabel('Adresse', { exact: true })).toHaveValue('3 rue Jean Aicard')
  await expect(page.getByLabel('Ville', { exact: true })).toHaveValue('SAINTE-MAXIME')
  await page.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(page.getByRole('alert')).toContainText('Aucune modification à enregistrer')
  expect(await portee.db('change_requests').count({ n: '*' }).first()).toEqual({ n: 0 })
})

test('the pupil’s tabs are addresses: back goes from tab to tab, the chooser keeps the tab', async ({
  page,
  portee,
}) => {
  test.slow() // two axe-core checks of a whole page, eight navigations
  await login(page, portee.portalUrl, 'Conservatoire', 'dupont1')
  await familyMenu(page, 'Élèves')
  await expect(page.getByLabel('Prénom *', { exact: true })).toHaveValue('Gérard')
  // Réinscription: the demo's campaign of the Conservatoire is open.
  const names = ['Identité', 'Cours', 'Historique', 'Répertoire', 'Documents', 'Réinscription']
  await expect(
    page.getByRole('navigation', { name: 'Dossier de l’élève' }).getByRole('link'),
  ).toHaveText(names)
  await expectAccessible(page)

  await pupilTab(page, 'Historique').click()
  await expect(page).toHaveURL(/\/historique$/)
  await expect(page.getByText('Aucun cours les années précédentes.')).toBeVisible()
  await pupilTab(page, 'Documents').click()
  await expect(
    page.getByText('Aucune attestation : l’élève n’est inscrit à aucun cours.'),
  ).toBeVisible()
  await expect(pupilTab(page, 'Documents')).toHaveAttribute('aria-current', 'page')
  await expectAccessible(page)

  await page.goBack()
  await expect(page.getByText('Aucun cours les années précédentes.')).toBeVisible()
  await expect(pupilTab(page, 'Historique')).toHaveAttribute('aria-current', 'page')
  await expect(pupilTab(page, 'Documents')).not.toHaveAttribute('aria-current')
  await page.goBack()
  await expect(page.getByLabel('Prénom *', { exact: true })).toHaveValue('Gérard')
  await expect(pupilTab(page, 'Identité')).toHaveAttribute('aria-current', 'page')

  // Another pupil, on the same tab.
  await pupilTab(page, 'Répertoire').click()
  // The tab shown first (the arrow leads to the tab the page is on).
  await expect(pupilTab(page, 'Répertoire')).toHaveAttribute('aria-current', 'page')
  await page.getByRole('link', { name: 'Élève suivant' }).click()
  await expect(page).toHaveURL(/\/repertoire$/)
  await expect(page.getByLabel('Élève', { exact: true }).locator('option:checked')).toHaveText(
    'DUPONT Léa',
  )
  await page.getByLabel('Élève', { exact: true }).selectOption({ label: 'DUPONT Gérard' })
  await expect(page).toHaveURL(/\/repertoire$/)
  await expect(page.getByText('Aucune œuvre au répertoire de l’élève.')).toBeVisible()
  await page.goBack()
  await expect(page.getByLabel('Élève', { exact: true }).locator('option:checked')).toHaveText(
    'DUPONT Léa',
  )
})
