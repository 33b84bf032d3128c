import {
  expect,
  expectAccessible,
  familySession,
  familyTab,
  openFamily,
  pupilTab,
  staffLogin,
  test,
} from './fixtures.ts'

test('the secretariat validates a family’s request field by field', async ({
  page,
  portee,
  smtp,
}) => {
  // The family asks, through the extranet's API, with its own session.
  const family = await page.context().browser()?.newContext()
  if (!family) throw new Error('no browser')
  await familySession(family.request, portee.portalUrl, 'Conservatoire', 'abolant1')
  const asked = await family.request.put(`${portee.portalUrl}/api/family/guardian`, {
    data: { values: { phoneMobile: '0611223344', city: 'GRIMAUD' } },
  })
  expect(asked.status()).toBe(200)

  await staffLogin(page, portee.staffUrl)
  await page.getByRole('link', { name: /Demandes en attente/ }).click()
  await expect(page.getByRole('heading', { name: 'Demandes en attente' })).toBeVisible()
  await expectAccessible(page)
  await page.getByRole('link', { name: 'Responsable ABOLANT Jocelyne' }).click()
  const rows = page.getByRole('table').getByRole('row')
  await expect(rows.filter({ hasText: 'Mobile' })).toContainText('06 11 22 33 44')
  await expect(rows.filter({ hasText: 'Ville' })).toContainText('COGOLIN')
  await expect(rows.filter({ hasText: 'Ville' })).toContainText('GRIMAUD')
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Accepter : Mobile' }).click()
  await page.getByRole('button', { name: 'Refuser : Ville' }).click()
  await page
    .getByLabel('Commentaire pour la famille (facultatif)')
    .fill('Merci de nous écrire pour un déménagement.')
  await page.getByRole('button', { name: 'Enregistrer la décision' }).click()
  await expect(page.getByText('Aucune demande n’attend de validation.')).toBeVisible()

  const row = await portee.db('guardians').where({ last_name: 'ABOLANT' }).first()
  expect([row.phone_mobile, row.city]).toEqual(['06 11 22 33 44', 'COGOLIN'])
  await expect
    .poll(() => smtp.mails.find((m) => m.subject.includes('a été traitée'))?.text ?? '')
    .toContain('Modifications refusées :\nVille : GRIMAUD')
  const view = await (await family.request.get(`${portee.portalUrl}/api/family/record`)).json()
  expect(view.guardians[0].pending).toBeNull()
  await family.close()

  // The audit log of the family tells who did what.
  await page.getByRole('link', { name: 'Familles' }).click()
  await openFamily(page, 'abolant', 'ABOLANT')
  await familyTab(page, 'Journal des modifications').click()
  const journal = page.getByRole('table', { name: 'Journal des modifications de la famille' })
  await expect(journal.getByRole('row').filter({ hasText: 'Demande traitée' })).toContainText(
    'Administrateur',
  )
  await expect(journal.getByRole('row').filter({ hasText: 'Demande traitée' })).toContainText(
    '« 06 11 22 33 44 »',
  )
})

test('staff edit a record directly, with the same checks', async ({ page, portee }) => {
  await staffLogin(page, portee.staffUrl)
  await openFamily(page, 'torrice', 'TORRICE')
  await page.getByRole('button', { name: 'Modifier la fiche de TORRICE Emilie' }).first().click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('Adresse *', { exact: true }).fill('2 rue des Dauphins')
  await dialog.getByLabel('Tél pro', { exact: true }).fill('04 98 12')
  await dialog.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(dialog.getByText('Ce numéro de téléphone n’est pas valide')).toBeVisible()
  await dialog.getByLabel('Tél pro', { exact: true }).fill('0498122975')
  await dialog.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'est enregistrée' })).toBeVisible()
  await expect(page.getByText('Pro 04 98 12 29 75')).toBeVisible()
  await familyTab(page, 'Journal des modifications').click()
  await expect(
    page
      .getByRole('table', { name: 'Journal des modifications de la famille' })
      .getByRole('row')
      .nth(1),
  ).toContainText('Fiche du responsable modifiée')
})

test('staff create a family, then its first pupil', async ({ page, portee }) => {
  await staffLogin(page, portee.staffUrl)
  await page.getByRole('button', { name: 'Nouvelle famille' }).click()
  const create = page.getByRole('dialog')
  // Sent empty, then with a name too long: every field to correct says so at once.
  await create.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(create.getByText('Certains champs sont à corriger')).toBeVisible()
  await expect(create.getByLabel('Nom *', { exact: true })).toHaveAccessibleDescription(
    /Nom : ce champ est obligatoire\./,
  )
  await expect(create.getByText('E-mail : ce champ est obligatoire.')).toBeVisible()
  await create.getByLabel('Nom *', { exact: true }).fill('M'.repeat(300))
  await create.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(create.getByText(/Ce champ est trop long/)).toBeVisible()
  await expect(create.getByText('Ville : ce champ est obligatoire.')).toBeVisible()
  await create.getByLabel('Site').selectOption({ label: 'Antenne de Sainte-Maxime' })
  await create.getByLabel('Civilité *').selectOption('Madame')
  await create.getByLabel('Nom *', { exact: true }).fill('MARIN')
  await create.getByLabel('Prénom *', { exact: true }).fill('Océane')
  await create.getByLabel('Adresse *', { exact: true }).fill('5 quai Léon Condroyer')
  await create.getByLabel('Code postal *', { exact: true }).fill('83120')
  await create.getByLabel('Ville *', { exact: true }).fill('SAINTE-MAXIME')
  await create.getByLabel('E-mail *', { exact: true }).fill('oceane.marin@example.org')
  await create.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(page.getByRole('heading', { name: /Famille MARIN/ })).toContainText(
    'Antenne de Sainte-Maxime',
  )
  await familyTab(page, 'Élèves').click()
  await page.getByRole('button', { name: 'Ajouter un élève' }).click()
  const pupil = page.getByRole('dialog')
  await pupil.getByLabel('Civilité *').selectOption('Madame')
  await pupil.getByLabel('Prénom *', { exact: true }).fill('Lou')
  await pupil.getByLabel('Date de naissance *').fill('20/05/2017')
  await pupil.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(
    page.getByRole('table', { name: 'Élèves de la famille' }).getByRole('row').nth(1),
  ).toContainText('20/05/2017')
})

test('a request the family changed while staff looked at it is shown again, nothing decided', async ({
  page,
  portee,
}) => {
  const family = await page.context().browser()?.newContext()
  if (!family) throw new Error('no browser')
  await familySession(family.request, portee.portalUrl, 'Antenne de Sainte-Maxime', 'torrice1')
  const ask = (city: string) =>
    family.request.put(`${portee.portalUrl}/api/family/guardian`, { data: { values: { city } } })
  expect((await ask('GRIMAUD')).status()).toBe(200)

  await staffLogin(page, portee.staffUrl)
  await page.getByRole('link', { name: /Demandes en attente/ }).click()
  await page.getByRole('link', { name: 'Responsable TORRICE Emilie' }).click()
  await expect(page.getByRole('row').filter({ hasText: 'Ville' })).toContainText('GRIMAUD')
  expect((await ask('COGOLIN')).status()).toBe(200)
  await page.getByRole('button', { name: 'Accepter : Ville' }).click()
  await page.getByRole('button', { name: 'Enregistrer la décision' }).click()
  await expect(
    page.getByRole('alert').filter({ hasText: 'La famille a modifié sa demande' }),
  ).toBeVisible()
  await expect(page.getByRole('row').filter({ hasText: 'Ville' })).toContainText('COGOLIN')
  const row = await portee.db('guardians').where({ last_name: 'TORRICE' }).first()
  expect(row.city).not.toBe('GRIMAUD')
  await page.getByRole('button', { name: 'Accepter : Ville' }).click()
  await page.getByRole('button', { name: 'Enregistrer la décision' }).click()
  await expect(page.getByText('Aucune demande n’attend de validation.')).toBeVisible()
  expect((await portee.db('guardians').where({ last_name: 'TORRICE' }).first()).city).toBe(
    'COGOLIN',
  )
  await family.close()
})

test('a pupil’s file in the back office: Identité edited by staff, then the Répertoire', async ({
  page,
  portee,
}) => {
  await staffLogin(page, portee.staffUrl)
  await openFamily(page, 'abolant', 'ABOLANT')
  await familyTab(page, 'Élèves').click()
  await page
    .getByRole('table', { name: 'Élèves de la famille' })
    .getByRole('link', { name: 'ABOLANT Adrien' })
    .click()
  await expect(page.getByRole('heading', { name: 'Élève ABOLANT Adrien' })).toBeVisible()
  await expect(pupilTab(page, 'Identité')).toHaveAttribute('aria-current', 'page')
  const identity = page.getByRole('region', { name: 'Identité' })
  await expect(identity.getByLabel('Prénom *', { exact: true })).toHaveValue('Adrien')
  await expectAccessible(page)

  await identity.getByLabel('Lieu de naissance', { exact: true }).fill('Melun (77)')
  await identity.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(
    page.getByRole('status').filter({ hasText: 'La fiche d’ABOLANT Adrien est enregistrée.' }),
  ).toBeVisible()
  await familyTab(page, 'Élèves').click()
  await expect(
    page.getByRole('table', { name: 'Élèves de la famille' }).getByRole('row').filter({
      hasText: 'Adrien',
    }),
  ).toContainText('Melun (77)')

  await page.goBack()
  await pupilTab(page, 'Répertoire').click()
  await expect(
    page
      .getByRole('region', { name: 'Répertoire' })
      .getByRole('table', { name: 'Répertoire 2026/2027' }),
  ).toBeVisible()
  await expect(page).toHaveURL(/\/eleves\/\d+\/repertoire$/)
  await expectAccessible(page)

  // The family's journal says whose record was changed.
  await familyTab(page, 'Journal des modifications').click()
  const journal = page.getByRole('table', { name: 'Journal des modifications de la famille' })
  await expect(journal.getByRole('columnheader', { name: 'Élève' })).toBeVisible()
  await expect(
    journal
      .getByRole('row')
      .filter({ hasText: 'Fiche de l’élève modifiée' })
      .getByRole('cell', { name: 'ABOLANT Adrien', exact: true }),
  ).toBeVisible()
})
