import { linkIn } from '../support/smtp.ts'
import { choosePassword, expect, familyLogin, onServer, test } from './fixtures.ts'
import { addSite, createAdministrator, familiesCsv } from './first-day.ts'

// The first day of a conservatoire, end to end, on a fresh data directory without the demo: the
// administrator sets up the conservatoire and two sites, creates a Secrétariat account; the
// secretary chooses a password, imports the families from a spreadsheet (refused while three
// lines are wrong), sends the identifiants; a family chooses its password and logs in.

test.use({ serverOptions: { demoFamilies: 0, config: (c) => ({ ...c, demo: false }) } })

test('from an empty database to a family logged in on its site', async ({
  page,
  browser,
  portee,
  smtp,
}) => {
  test.setTimeout(300_000) // three people, four passwords hashed, a spreadsheet read three times
  await createAdministrator(page, portee.staffUrl)
  await page.getByLabel('Nom du conservatoire').fill('Conservatoire de Port-Lanvern')
  await page.getByLabel('Adresse', { exact: false }).first().fill('3 quai des Arts')
  await page.getByLabel('Code postal').fill('29900')
  await page.getByLabel('Ville').fill('PORT-LANVERN')
  await page.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(page).toHaveURL(/\/parametres\/sites$/)
  await addSite(page, 'Conservatoire', '3 quai des Arts')
  await addSite(page, 'Antenne de Kerlouan', '1 place de la Mairie')

  // A Secrétariat account for the conservatoire's site; its link comes by mail.
  await page
    .getByRole('navigation', { name: 'Paramètres' })
    .getByRole('link', { name: 'Comptes', exact: true })
    .click()
  await page.getByRole('button', { name: 'Nouveau compte' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('Identifiant').fill('c.durand')
  await dialog.getByLabel('Nom', { exact: true }).fill('Claire DURAND')
  await dialog.getByLabel('E-mail').fill('claire.durand@example.org')
  await dialog.getByLabel('Conservatoire').check()
  await dialog.getByRole('button', { name: 'Créer le compte' }).click()
  await expect(page.getByRole('status')).toContainText('Le compte c.durand est créé')
  const [accountMail] = await smtp.waitFor(1)
  expect(accountMail?.to).toEqual(['claire.durand@example.org'])

  const secretary = await (await browser.newContext()).newPage()
  const link = new URL(linkIn(accountMail))
  await secretary.goto(`${portee.staffUrl}${link.pathname}${link.search}`)
  await choosePassword(secretary, 'Quatre flûtes et un basson')
  await expect(secretary.getByText('Votre mot de passe est enregistré')).toBeVisible()
  await secretary.getByLabel('Mot de passe', { exact: true }).fill('Quatre flûtes et un basson')
  await secretary.getByRole('button', { name: 'Se connecter' }).click()
  await expect(secretary.getByRole('heading', { name: 'Familles' })).toBeVisible()

  // The spreadsheet: three bad lines are reported and nothing is written; fixed, it imports.
  await secretary.getByRole('link', { name: 'Importer' }).click()
  await secretary.getByLabel('Fichier à importer (CSV ou XLSX)').setInputFiles(familiesCsv(true))
  await expect(secretary.getByRole('status')).toContainText('50 lignes')
  await secretary.getByRole('button', { name: 'Suivant' }).click()
  await secretary.getByRole('button', { name: 'Suivant' }).click()
  await expect(secretary.getByRole('alert')).toContainText('3 problème(s)')
  await expect(secretary.getByRole('button', { name: 'Importer' })).toBeDisabled()
  expect(await portee.db('families').count({ n: '*' }).first()).toEqual({ n: 0 })
  await secretary.getByRole('button', { name: 'Choisir un autre fichier' }).click()
  await secretary.getByLabel('Fichier à importer (CSV ou XLSX)').setInputFiles(familiesCsv(false))
  await expect(secretary.getByRole('status')).toContainText('50 lignes')
  await secretary.getByRole('button', { name: 'Suivant' }).click()
  await secretary.getByRole('button', { name: 'Suivant' }).click()
  await secretary.getByRole('button', { name: 'Importer' }).click()
  await expect(secretary.getByRole('status')).toContainText(
    'Import terminé : 50 familles, 50 responsables et 50 élèves ont été enregistrés.',
  )

  // « Envoyer les identifiants » to every family of the list.
  await secretary.getByRole('link', { name: 'Voir les familles' }).click()
  await expect(secretary.getByRole('table', { name: 'Familles' })).toContainText('KERAA')
  await secretary.getByRole('button', { name: 'Envoyer les identifiants' }).click()
  await secretary.getByRole('button', { name: 'Envoyer à 50 famille(s)' }).click()
  await expect(secretary.getByRole('dialog').getByRole('status')).toHaveText(
    '50 / 50 familles traitées.',
  )
  await smtp.waitFor(51, 60_000)
  const familyMail = smtp.mails.find((m) => m.to[0] === 'famille0@import.example.org')

  // The family KERAA chooses its password from the mail, then logs in on its site.
  const family = await (await browser.newContext()).newPage()
  await family.goto(onServer(portee, linkIn(familyMail)))
  await choosePassword(family, 'La flûte enchantée 1791')
  await expect(family.getByText('Votre mot de passe est enregistré')).toBeVisible()
  const identifiant = await family.getByLabel('Identifiant').inputValue()
  expect(identifiant).toMatch(/^keraa/)
  await familyLogin(family, 'Conservatoire', identifiant, 'La flûte enchantée 1791')
  await expect(family.getByRole('heading', { name: 'Bonjour Madame KERAA Anne' })).toBeVisible()
  await expect(family.getByRole('banner')).toContainText('Conservatoire de Port-Lanvern')
})
