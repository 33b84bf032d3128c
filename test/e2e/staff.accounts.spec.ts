import { linkIn } from '../support/smtp.ts'
import {
  choosePassword,
  expect,
  expectAccessible,
  onServer,
  openFamily,
  staffLogin,
  test,
} from './fixtures.ts'

test('staff send a guardian their identifiants; the guardian chooses a password and logs in', async ({
  page,
  browser,
  portee,
  smtp,
}) => {
  await staffLogin(page, portee.staffUrl)
  await openFamily(page, 'abolant', 'ABOLANT')
  await page.getByRole('button', { name: 'Renvoyer les identifiants d’ABOLANT Jocelyne' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'identifiant abolant1' })).toContainText(
    'jocelyne.abolant@example.org',
  )
  const [mail] = await smtp.waitFor(1)
  expect(mail?.text).toContain('Identifiant : abolant1')
  expect(mail?.text).toContain('Site : Conservatoire')

  await page.getByRole('link', { name: /Courriels/ }).click()
  await expect(page.getByRole('heading', { name: 'Courriels' })).toBeVisible()
  const row = page
    .getByRole('table', { name: 'Courriels' })
    .getByRole('row')
    .filter({ hasText: 'jocelyne.abolant' })
  await expect(row).toContainText('Envoyé')
  await expectAccessible(page)
  await row.getByRole('button', { name: /Voir le courriel/ }).click()
  await expect(page.getByRole('dialog')).toContainText('Identifiant : abolant1')
  await page.getByRole('button', { name: 'Fermer' }).click()

  const family = await browser.newPage()
  await family.goto(onServer(portee, linkIn(mail)))
  await choosePassword(family, 'Sonate pour trompette en ré')
  await family.getByLabel('Mot de passe', { exact: true }).fill('Sonate pour trompette en ré')
  await family.getByRole('button', { name: 'Se connecter' }).click()
  await expect(
    family.getByRole('heading', { name: 'Bonjour Madame ABOLANT Jocelyne' }),
  ).toBeVisible()

  // Disabling the access ends the family's session at once.
  await page.goBack()
  await page.getByRole('button', { name: 'Désactiver l’accès d’ABOLANT Jocelyne' }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Désactiver' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'est désactivé' })).toBeVisible()
  await family.reload()
  await expect(family.getByRole('heading', { name: 'Connexion' })).toBeVisible()
  await expect(family.getByText('Votre session a expiré')).toBeVisible()
  await family.close()
})

test('"Envoyer les identifiants" to a selection of families, with a progress bar', async ({
  page,
  portee,
  smtp,
}) => {
  await staffLogin(page, portee.staffUrl)
  await page.getByLabel('Rechercher', { exact: true }).fill('dupont')
  const table = page.getByRole('table', { name: 'Familles' })
  await expect(table.getByRole('row')).toHaveCount(3)
  await page.getByRole('button', { name: 'Envoyer les identifiants' }).click()
  await expect(page.getByRole('dialog')).toContainText('Chaque responsable des 2 famille(s)')
  await page.getByRole('button', { name: 'Envoyer à 2 famille(s)' }).click()
  await expect(page.getByRole('dialog').getByRole('status')).toHaveText('2 / 2 familles traitées.')
  await expect(page.getByRole('progressbar', { name: 'Progression de l’envoi' })).toBeVisible()
  await expect(page.getByRole('dialog')).toContainText('3 courriel(s) préparé(s)')
  await page.getByRole('button', { name: 'Fermer' }).click()
  await smtp.waitFor(3)
  expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual([
    'claire.dupont@example.org',
    'gerard.dupont@example.org',
    'marc.dupont@example.org',
  ])
})

test.describe('without SMTP', () => {
  test.use({ serverOptions: { config: (c) => ({ ...c, smtpUrl: null }) } })

  test('mails wait in Courriels with a banner; Paramètres and "Tester l’envoi" set the server', async ({
    page,
    portee,
    smtp,
  }) => {
    await staffLogin(page, portee.staffUrl)
    await openFamily(page, 'abolant', 'ABOLANT')
    await page.getByRole('button', { name: 'Renvoyer les identifiants d’ABOLANT Jocelyne' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'identifiant abolant1' })).toBeVisible()
    await page.getByRole('link', { name: /Courriels/ }).click()
    await expect(
      page.getByText('Aucun serveur d’envoi n’est configuré : les courriels attendent ici.'),
    ).toBeVisible()
    const waiting = page.getByRole('table', { name: 'Courriels' }).getByRole('row').nth(1)
    await expect(waiting).toContainText('En attente')
    // The mail's real subject and recipient, no code; a mail still waiting has no "Réessayer".
    await expect(waiting).toContainText('Votre accès au portail des familles — Conservatoire')
    await expect(waiting).toContainText('jocelyne.abolant@example.org')
    await expect(waiting).not.toContainText('·')
    await expect(waiting.getByRole('button', { name: /Réessayer/ })).toHaveCount(0)

    await page.getByRole('link', { name: 'Paramètres' }).first().click()
    await expect(page.getByRole('heading', { name: 'Paramètres' })).toBeVisible()
    await page
      .getByRole('navigation', { name: 'Paramètres' })
      .getByRole('link', { name: 'Courriel' })
      .click()
    await page.getByLabel('Serveur').fill('127.0.0.1')
    await page.getByLabel('Port').fill('abc')
    await page.getByRole('button', { name: 'Enregistrer' }).click()
    await expect(page.getByText('Le port est un nombre entre 1 et 65535.')).toBeVisible()
    await page.getByLabel('Port').fill(String(smtp.port))
    await page.getByLabel('Sécurité').selectOption({ label: 'Aucune (réseau local seulement)' })
    await page.getByRole('button', { name: 'Enregistrer' }).click()
    await expect(
      page.getByRole('status').filter({ hasText: 'Les paramètres d’envoi sont enregistrés.' }),
    ).toBeVisible()
    await expectAccessible(page)
    await page.getByLabel('Adresse de test').fill('essai@example.org')
    await page.getByRole('button', { name: 'Tester l’envoi' }).click()
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: 'Le message d’essai a été envoyé à essai@example.org.' }),
    ).toBeVisible()

    // The waiting mail leaves now that a server is set.
    await expect
      .poll(() => smtp.mails.map((m) => m.to[0]))
      .toContain('jocelyne.abolant@example.org')
  })
})

test('a failed mail shows the SMTP answer and can be sent again', async ({
  page,
  portee,
  smtp,
}) => {
  smtp.failWith = { code: 550, message: 'Boite inconnue' }
  await staffLogin(page, portee.staffUrl)
  await openFamily(page, 'abolant', 'ABOLANT')
  await page.getByRole('button', { name: 'Renvoyer les identifiants d’ABOLANT Jocelyne' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'identifiant abolant1' })).toBeVisible()
  await page.getByRole('link', { name: /Courriels/ }).click()
  const row = page.getByRole('table', { name: 'Courriels' }).getByRole('row').nth(1)
  await expect(async () => {
    await page.getByRole('button', { name: /Échecs/ }).click()
    await expect(row).toContainText('Échec', { timeout: 500 })
  }).toPass()
  await expect(row).toContainText('550')
  await expect(row).toContainText('Boite inconnue')
  smtp.failWith = null
  await row.getByRole('button', { name: /Réessayer/ }).click()
  await expect(page.getByRole('status').filter({ hasText: 'repart' })).toBeVisible()
  await smtp.waitFor(1)
})

test.describe('on a new production database', () => {
  test.use({ serverOptions: { demoFamilies: 0, config: (c) => ({ ...c, demo: false }) } })

  test('the back office first asks for the administrator’s account', async ({ page, portee }) => {
    await page.goto(portee.staffUrl)
    await expect(page.getByRole('heading', { name: /Installation/ })).toBeVisible()
    await expectAccessible(page)
    await page.getByLabel('Identifiant').fill('direction')
    await page.getByLabel('Nom affiché').fill('Direction du conservatoire')
    await page.getByLabel('Mot de passe', { exact: true }).fill('admin')
    await page.getByLabel('Confirmer le mot de passe', { exact: true }).fill('admin')
    await page.getByRole('button', { name: 'Créer le compte administrateur' }).click()
    await expect(
      page.getByRole('alert').filter({ hasText: 'au moins 12 caractères' }).first(),
    ).toBeVisible()
    await page.getByLabel('Mot de passe', { exact: true }).fill('Le sacre du printemps 1913')
    await page
      .getByLabel('Confirmer le mot de passe', { exact: true })
      .fill('Le sacre du printemps 1913')
    await page.getByRole('button', { name: 'Créer le compte administrateur' }).click()
    // Then the first run goes on: the conservatoire (see staff.setup.spec.ts).
    await expect(page.getByRole('heading', { name: 'Première mise en service' })).toBeVisible()
    await expect(page.getByText('Direction du conservatoire')).toBeVisible()
  })
})
