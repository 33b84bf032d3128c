import { expect, expectAccessible, familyLogin, familyMenu, test } from './fixtures.ts'

// The fields of the seeds' screens: the guardian's "Code socio-professionnel" and "Tél copie",
// Famille → "Documents fournis", the pupil's "Télécopie", "Établissement scolaire" chosen from
// the list staff keep, and the text of the image rights.

test('Famille: Code socio-professionnel from the INSEE list, Tél copie, Documents fournis', async ({
  page,
  portee,
}) => {
  await page.goto(portee.portalUrl)
  await familyLogin(page, 'Conservatoire', 'dupont1')
  await familyMenu(page, 'Famille')
  const own = page.getByRole('region', { name: /^Identité/ })
  const pcs = own.getByLabel('Code socio-professionnel', { exact: true })
  await expect(pcs.locator('option:checked')).toHaveText(
    '38 — Ingénieurs et cadres techniques d’entreprise',
  )
  await expect(own.getByLabel('Tél copie', { exact: true })).toHaveValue('02 98 56 00 01')
  // The guardian's own record says what each field is, for the browser to fill it (RGAA 11.13);
  // the other guardian's does not offer the user's data.
  await expect(own.getByLabel('Prénom *', { exact: true })).toHaveAttribute(
    'autocomplete',
    'given-name',
  )
  await expect(own.getByLabel('E-mail *', { exact: true })).toHaveAttribute('autocomplete', 'email')
  await expect(own.getByLabel('Mobile', { exact: true })).toHaveAttribute(
    'autocomplete',
    'mobile tel',
  )
  await expect(
    page.getByRole('region', { name: /^Responsable 2/ }).getByLabel('Prénom', { exact: true }),
  ).toHaveAttribute('autocomplete', 'off')

  const documents = page.getByRole('table', { name: 'Documents fournis' })
  await expect(documents.getByRole('row').nth(1)).toContainText('Coupon du règlement intérieur')
  await expect(documents.getByRole('row').nth(1)).toContainText('À fournir')
  await expect(
    page.getByText('Remettez ces documents au secrétariat du conservatoire.'),
  ).toBeVisible()
  await expectAccessible(page)

  await pcs.selectOption({ label: '34 — Professeurs, professions scientifiques' })
  await own.getByLabel('Tél copie', { exact: true }).fill('0298560002')
  await page.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(
    page.getByRole('status').filter({ hasText: 'Votre demande de modification est enregistrée' }),
  ).toBeVisible()
  await expect(
    page.getByText(
      '✓ Élément modifié — valeur actuelle : 38 — Ingénieurs et cadres techniques d’entreprise',
    ),
  ).toBeVisible()
  const request = await portee.db('change_request_fields').orderBy('id')
  expect(request.map((f: { field: string; new_value: string }) => [f.field, f.new_value])).toEqual([
    ['socioProfessionalCode', '"34"'],
    ['fax', '"02 98 56 00 02"'],
  ])
})

test('Élèves: Établissement scolaire from the list, Télécopie, the image-rights text', async ({
  page,
  portee,
}) => {
  await page.goto(portee.portalUrl)
  await familyLogin(page, 'Conservatoire', 'dupont1')
  await familyMenu(page, 'Élèves')
  await expect(page.getByLabel('Prénom *', { exact: true })).toHaveValue('Gérard')
  await page.getByRole('link', { name: 'Élève suivant' }).click()
  await expect(page.getByLabel('Prénom *', { exact: true })).toHaveValue('Léa')
  const school = page.getByLabel('Établissement scolaire', { exact: true })
  await expect(school.locator('option:checked')).toHaveText(
    'École élémentaire des Glénan — FOUESNANT',
  )
  await expect(school.locator('option')).toHaveText([
    '—',
    'Collège du Golfe — SAINTE-MAXIME',
    'Collège Saint-Exupéry — COGOLIN',
    'École élémentaire des Glénan — FOUESNANT',
    'Lycée des Maures — COGOLIN',
    'Non scolarisé-e',
    'Établissement non-répertorié',
  ])
  await expect(page.getByLabel('Télécopie', { exact: true })).toBeVisible()

  const text = page.getByText('les auditions et les spectacles', { exact: false })
  await expect(text).toBeHidden()
  await page.getByText('Lire le texte de l’autorisation de prise de vue et de diffusion').click()
  await expect(text).toBeVisible()
  await expectAccessible(page)

  await school.selectOption({ label: 'Collège du Golfe — SAINTE-MAXIME' })
  await page.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(
    page.getByRole('status').filter({ hasText: 'Votre demande de modification est enregistrée' }),
  ).toBeVisible()
  await expect(
    page.getByText(
      '✓ Élément modifié — valeur actuelle : École élémentaire des Glénan — FOUESNANT',
    ),
  ).toBeVisible()
})
