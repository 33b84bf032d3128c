import { linkIn } from '../support/smtp.ts'
import {
  DEMO_PASSWORD,
  choosePassword,
  expect,
  expectAccessible,
  familyLogin,
  familyMenu,
  onServer,
  test,
} from './fixtures.ts'

test('lost password → a link by mail → a new password → login', async ({ page, portee, smtp }) => {
  await page.goto(portee.portalUrl)
  await page.getByRole('link', { name: 'Mot de passe perdu' }).click()
  await expect(page.getByRole('heading', { name: 'Mot de passe perdu' })).toBeVisible()
  await page.getByLabel('Site').selectOption({ label: 'Conservatoire' })
  await page.getByLabel('Identifiant').fill('abolant1')
  // A malformed address: said under the field alone, nothing sent.
  await page.getByLabel('E-mail').fill('jocelyne.abolant@example')
  await page.getByRole('button', { name: 'Valider' }).click()
  await expect(page.getByLabel('E-mail')).toHaveAccessibleDescription(
    /Cette adresse e-mail n’est pas valide\./,
  )
  await expect(page.getByRole('alert').filter({ hasText: 'Les données envoyées' })).toHaveCount(0)
  await page.getByLabel('E-mail').fill('jocelyne.abolant@example.org')
  await page.getByRole('button', { name: 'Valider' }).click()
  await expect(page.getByRole('status')).toContainText('un courriel vient d’être envoyé')
  const [mail] = await smtp.waitFor(1)

  await page.goto(onServer(portee, linkIn(mail)))
  await expect(page.getByRole('heading', { name: 'Choisir un mot de passe' })).toBeVisible()
  await expect(page.getByText('identifiant abolant1')).toBeVisible()
  await expectAccessible(page)

  // Refusals say why, next to the field.
  await choosePassword(page, 'trop court')
  await expect(
    page.getByText('Le mot de passe doit compter au moins 12 caractères (il en a 10).').first(),
  ).toBeVisible()
  await choosePassword(page, 'motdepasse123')
  await expect(
    page.getByText('Ce mot de passe fait partie des plus courants').first(),
  ).toBeVisible()
  await choosePassword(page, 'Le cor des Alpes sonne 3 fois', 'Le cor des Alpes sonne 3 foi')
  await expect(
    page.getByText('Les deux mots de passe saisis ne sont pas identiques.').first(),
  ).toBeVisible()

  await page
    .getByLabel('Confirmer le nouveau mot de passe', { exact: true })
    .fill('Le cor des Alpes sonne 3 fois')
  await page.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(page.getByRole('heading', { name: 'Connexion' })).toBeVisible()
  await expect(page.getByText('Votre mot de passe est enregistré')).toBeVisible()
  await expect(page.getByLabel('Identifiant')).toHaveValue('abolant1')
  await page.getByLabel('Mot de passe', { exact: true }).fill('Le cor des Alpes sonne 3 fois')
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await expect(page.getByRole('heading', { name: 'Bonjour Madame ABOLANT Jocelyne' })).toBeVisible()
  await expect.poll(() => smtp.mails.length).toBe(2) // "votre mot de passe a été modifié"
  expect(smtp.mails[1]?.subject).toContain('Votre mot de passe a été modifié')

  // The link served once.
  await page.goto(onServer(portee, linkIn(mail)))
  await expect(page.getByRole('alert')).toContainText('Ce lien n’est plus valable')
})

test('the Mot de passe menu changes the password', async ({ page, portee }) => {
  await page.goto(portee.portalUrl)
  await familyLogin(page, 'Antenne de Sainte-Maxime', 'torrice1', DEMO_PASSWORD)
  await familyMenu(page, 'Mot de passe')
  await expect(page.getByRole('heading', { name: 'Mot de passe' })).toBeVisible()
  await expect(page.getByText('De 12 à 64 caractères')).toBeVisible()
  await expectAccessible(page)
  await page.getByLabel('Mot de passe actuel', { exact: true }).fill('pas le bon')
  await choosePassword(page, 'Danse classique le mardi')
  await expect(page.getByText('Le mot de passe actuel est incorrect.').first()).toBeVisible()
  await page.getByLabel('Mot de passe actuel', { exact: true }).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(
    page.getByRole('status').filter({ hasText: 'Votre mot de passe est modifié' }),
  ).toBeVisible()

  await familyMenu(page, 'Déconnexion')
  await familyLogin(page, 'Antenne de Sainte-Maxime', 'torrice1', DEMO_PASSWORD)
  await expect(page.getByRole('alert').filter({ hasText: 'incorrect' })).toBeVisible()
  await familyLogin(page, 'Antenne de Sainte-Maxime', 'torrice1', 'Danse classique le mardi')
  await expect(page.getByRole('heading', { name: 'Bonjour Madame TORRICE Emilie' })).toBeVisible()
})

test('an account waits after 10 failed logins, even with the right password', async ({
  page,
  portee,
}) => {
  await page.goto(portee.portalUrl)
  for (let i = 0; i < 10; i++) {
    await familyLogin(page, 'Conservatoire', 'dupont2', `mauvais ${i}`)
    await expect(page.getByRole('alert').filter({ hasText: 'incorrect' })).toBeVisible()
  }
  await familyLogin(page, 'Conservatoire', 'dupont2', DEMO_PASSWORD)
  await expect(page.getByRole('alert').filter({ hasText: 'Trop de tentatives' })).toContainText(
    'ou utilisez « Mot de passe perdu »',
  )
  await expect(page.getByRole('heading', { name: 'Connexion' })).toBeVisible()
})
