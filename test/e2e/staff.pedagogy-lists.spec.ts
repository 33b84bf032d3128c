import fs from 'node:fs'
import type { Page } from '@playwright/test'
import { DEMO_PASSWORD, expect, expectAccessible, test } from './fixtures.ts'

// « Pédagogie » of the back office, its lists Disciplines, Enseignants, Cursus et cycles and
// Années scolaires, on the demo conservatoire (current year 2026/2027).

async function login(page: Page, url: string, identifiant: string): Promise<void> {
  await page.goto(url)
  await page.getByLabel('Identifiant').fill(identifiant)
  await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await expect(page.getByRole('heading', { name: 'Familles' })).toBeVisible()
  await page
    .getByRole('navigation', { name: 'Menu principal' })
    .getByRole('link', { name: 'Pédagogie' })
    .click()
  // Pédagogie opens on its first tab (a redirect, then a page loaded on demand): a tab clicked
  // before it is shown could be undone by that navigation still under way.
  await expect(page.getByRole('heading', { level: 2, name: 'Cours', exact: true })).toBeVisible()
}

const tab = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Pédagogie' }).getByRole('link', { name, exact: true })

const status = (page: Page) => page.getByRole('status').filter({ hasText: /\S/ })

test('the secretariat creates a discipline and a teacher who teaches it, archives the discipline, creates the next school year', async ({
  page,
  portee,
}) => {
  test.slow() // four lists, two checks of accessibility
  const next = await portee.db('school_years').where({ label: '2027/2028' }).first<{ id: number }>()
  // The courses of 2027/2028 (the demo's réinscription made them from 2026/2027, DUPONT Léa's
  // Piano course in two groups) that go on into 2028/2029 (the archived ones stay behind).
  const [counted] = await portee
    .db('courses')
    .where({ school_year_id: next.id })
    .whereNull('archived_at')
    .count<{ n: number }[]>({ n: '*' })
  const courses = Number(counted?.n)
  await login(page, portee.staffUrl, 'secretariat')

  // Disciplines: a new one, sorted and filtered.
  await tab(page, 'Disciplines').click()
  const disciplines = page.getByRole('table', { name: 'Disciplines' })
  await expect(disciplines.getByRole('row', { name: /Trompette/ })).toBeVisible()
  await page.getByRole('button', { name: 'Nouvelle discipline' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('Nom de la discipline').fill('Harpe')
  await dialog.getByLabel('Département').selectOption({ label: 'Musique' })
  await expectAccessible(page)
  await dialog.getByRole('button', { name: 'Créer la discipline' }).click()
  await expect(status(page)).toHaveText('La discipline « Harpe » est créée.')
  // Twice the same name: refused next to the field, nothing created.
  await page.getByRole('button', { name: 'Nouvelle discipline' }).click()
  await dialog.getByLabel('Nom de la discipline').fill('harpe')
  await dialog.getByRole('button', { name: 'Créer la discipline' }).click()
  await expect(dialog.getByText('Ce nom est déjà pris.').first()).toBeVisible()
  await dialog.getByRole('button', { name: 'Fermer' }).click()
  await expect(disciplines.getByRole('row', { name: /Harpe/ })).toHaveCount(1)
  await disciplines.getByRole('button', { name: 'Discipline' }).click()
  await expect(disciplines.getByRole('columnheader', { name: 'Discipline' })).toHaveAttribute(
    'aria-sort',
    'ascending',
  )
  await expect(disciplines.getByRole('row').nth(1)).toContainText('Batterie')
  await page.getByLabel('Département', { exact: true }).selectOption({ label: 'Danse' })
  await expect(disciplines.getByRole('row', { name: /Harpe/ })).toHaveCount(0)
  await expect(disciplines.getByRole('row', { name: /Classique adulte/ })).toBeVisible()
  await page.getByLabel('Rechercher', { exact: true }).fill('eveil')
  await expect(disciplines.getByRole('row')).toHaveCount(2) // the headings and Éveil danse
  await expect(disciplines.getByRole('row').nth(1)).toContainText('Éveil danse')

  // Enseignants: a teacher of Harpe; a wrong e-mail refused next to its field; then changed.
  await tab(page, 'Enseignants').click()
  await page.getByRole('button', { name: 'Nouvel enseignant' }).click()
  await dialog.getByLabel('Civilité').selectOption('Madame')
  await dialog.getByLabel('Nom', { exact: true }).fill('DELAHAYE')
  await dialog.getByLabel('Prénom').fill('Claire')
  await dialog.getByLabel('E-mail').fill('claire.delahaye@')
  await dialog.getByLabel('Téléphone').fill('06 12 34 56 78')
  await dialog.getByLabel('Harpe').check()
  await expect(dialog.getByLabel('Compte Enseignant lié')).toHaveValue('')
  await expectAccessible(page)
  await dialog.getByRole('button', { name: 'Créer l’enseignant' }).click()
  await expect(dialog.getByText('Cette adresse e-mail n’est pas valide.').first()).toBeVisible()
  await dialog.getByLabel('E-mail').fill('claire.delahaye@example.org')
  await dialog.getByRole('button', { name: 'Créer l’enseignant' }).click()
  await expect(status(page)).toHaveText('L’enseignant DELAHAYE Claire est créé.')
  const teachers = page.getByRole('table', { name: 'Enseignants' })
  await page.getByLabel('Discipline', { exact: true }).selectOption({ label: 'Harpe' })
  await expect(teachers.getByRole('row')).toHaveCount(2)
  const row = teachers.getByRole('row', { name: /DELAHAYE/ })
  await expect(row).toContainText('06 12 34 56 78')
  await expect(row).toContainText('Harpe')
  await row.getByRole('button', { name: 'Modifier DELAHAYE Claire' }).click()
  await dialog.getByLabel('Téléphone').fill('04 94 00 00 01')
  await dialog.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(status(page)).toHaveText('L’enseignant DELAHAYE Claire est modifié.')
  await expect(row).toContainText('04 94 00 00 01')

  // A teacher teaches Harpe: « Supprimer » archives it; it shows again with the switch.
  await tab(page, 'Disciplines').click()
  await disciplines.getByRole('button', { name: 'Supprimer Harpe' }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Supprimer' }).click()
  await expect(status(page)).toContainText('La discipline « Harpe » est archivée')
  await expect(disciplines.getByRole('row', { name: /Harpe/ })).toHaveCount(0)
  await page.getByLabel('Afficher les archivés').check()
  await expect(disciplines.getByRole('row', { name: /Harpe/ })).toContainText('Archivée')
  await expect(disciplines.getByRole('button', { name: 'Restaurer Harpe' })).toBeVisible()

  // The export of the disciplines.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Exporter en CSV' }).click(),
  ])
  expect(download.suggestedFilename()).toMatch(/^disciplines-\d{4}-\d{2}-\d{2}\.csv$/)
  const csv = fs.readFileSync(await download.path()).toString('utf8')
  expect(csv.split('\r\n').slice(0, 2)).toEqual([
    '\ufeffDiscipline;Département;État',
    'Batterie;Musique;Active',
  ])
  expect(csv).toContain('\r\nHarpe;Musique;Archivée\r\n')
  await disciplines.getByRole('button', { name: 'Restaurer Harpe' }).click()
  await expect(status(page)).toHaveText('La discipline « Harpe » est restaurée.')
  await page.getByLabel('Afficher les archivés').uncheck()
  await expect(disciplines.getByRole('row', { name: /Harpe/ })).toContainText('Active')

  // Années scolaires: 2027/2028, made by the demo's réinscription, becomes the current year; then
  // the next one, with the courses of this one.
  await tab(page, 'Années scolaires').click()
  const years = page.getByRole('table', { name: 'Années scolaires' })
  await expect(years.getByRole('row', { name: /2026\/2027/ })).toContainText('Année en cours')
  // The year after 2026/2027 is there already: said at once, nothing asked.
  await page.getByRole('button', { name: 'Créer l’année suivante' }).click()
  await expect(
    page.getByRole('alert').filter({ hasText: 'L’année scolaire 2027/2028 existe déjà' }),
  ).toHaveText('L’année scolaire 2027/2028 existe déjà : rien n’est créé.')
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await years.getByRole('button', { name: 'Définir 2027/2028 comme année en cours' }).click()
  await expect(status(page)).toHaveText('2027/2028 est maintenant l’année en cours.')
  await expect(years.getByRole('row', { name: /2027\/2028/ })).toContainText('Année en cours')
  await expect(years.getByRole('row', { name: /2026\/2027/ })).not.toContainText('Année en cours')
  await page.getByRole('button', { name: 'Créer l’année suivante' }).click()
  await expect(page.getByRole('dialog')).toContainText(
    'Créer l’année scolaire 2028/2029 (du 01/09/2028 au 04/07/2029)',
  )
  await page.getByRole('dialog').getByRole('button', { name: 'Créer l’année suivante' }).click()
  await expect(status(page)).toHaveText(
    `L’année scolaire 2028/2029 est créée : ${courses} cours copiés de 2027/2028, sans les élèves.`,
  )
  expect(courses).toBeGreaterThan(100)
  await expect(years.getByRole('row', { name: /2028\/2029/ })).toContainText('01/09/2028')
  await years.getByRole('button', { name: 'Définir 2028/2029 comme année en cours' }).click()
  await expect(status(page)).toHaveText('2028/2029 est maintenant l’année en cours.')
  await expect(years.getByRole('row', { name: /2028\/2029/ })).toContainText('Année en cours')
})

test('an overlapping school year is refused next to its date, a teacher with courses is not archived: nothing changes', async ({
  page,
  portee,
}) => {
  await login(page, portee.staffUrl, 'admin')
  await tab(page, 'Années scolaires').click()
  const years = page.getByRole('table', { name: 'Années scolaires' })
  await expect(years.getByRole('row')).toHaveCount(5) // the headings and four years
  await page.getByRole('button', { name: 'Nouvelle année scolaire' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('Premier jour').fill('01/08/2026')
  await dialog.getByLabel('Dernier jour').fill('31/07/2027')
  await dialog.getByRole('button', { name: 'Créer l’année' }).click()
  const message = 'Ces dates chevauchent l’année scolaire 2026/2027.'
  await expect(dialog.getByRole('alert').filter({ hasText: message }).first()).toBeVisible()
  await expect(dialog.getByLabel('Premier jour')).toHaveAccessibleDescription(message)
  await dialog.getByRole('button', { name: 'Fermer' }).click()
  await expect(years.getByRole('row')).toHaveCount(5)
  expect(await portee.db('school_years').count<{ n: number }[]>({ n: '*' })).toEqual([{ n: 4 }])

  // A teacher with courses this year is not archived: the list says why, and keeps them.
  await tab(page, 'Enseignants').click()
  const teachers = page.getByRole('table', { name: 'Enseignants', exact: true })
  await teachers.getByRole('button', { name: 'Supprimer BRANTOME Gilles' }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Supprimer' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'Cet enseignant' })).toHaveText(
    /^Cet enseignant a encore \d+ cours cette année ou la suivante : confiez-les à un autre enseignant avant de l’archiver\.$/,
  )
  await expect(teachers.getByRole('row', { name: /BRANTOME/ })).toContainText('Oui')
})

test('the cursus list shows each cursus with its cycles in order; a new cycle goes after the last', async ({
  page,
  portee,
}) => {
  await login(page, portee.staffUrl, 'admin')
  await tab(page, 'Cursus et cycles').click()
  const cursus = page.getByRole('table', { name: 'Cursus', exact: true })
  await expect(cursus.getByRole('row', { name: /Danse hors cursus/ })).toContainText(
    'Danse Enf → Danse Ado → Danse Ad',
  )
  await page.getByLabel('Département', { exact: true }).selectOption({ label: 'Théâtre' })
  await expect(cursus.getByRole('row')).toHaveCount(2)
  await cursus.getByRole('button', { name: 'Cycles de Théâtre' }).click()
  await expectAccessible(page)
  const cycles = page.getByRole('table', { name: 'Cycles du cursus Théâtre' })
  await expect(cycles.getByRole('row').nth(3)).toContainText('T3')
  await page.getByRole('button', { name: 'Nouveau cycle' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('Code du cycle').fill('t1')
  await dialog.getByRole('button', { name: 'Créer le cycle' }).click()
  await expect(dialog.getByText('Ce cursus a déjà un cycle de ce nom.').first()).toBeVisible()
  await dialog.getByLabel('Code du cycle').fill('T4')
  await dialog.getByLabel('Libellé').fill('Théâtre, 4e année')
  await dialog.getByRole('button', { name: 'Créer le cycle' }).click()
  await expect(status(page)).toHaveText('Le cycle T4 est créé.')
  await expect(cycles.getByRole('row').nth(3).getByRole('cell')).toHaveText([
    '3',
    'T3',
    'Théâtre, 3e année',
    'T4',
    'Actif',
    /Modifier/,
  ])
  await expect(cycles.getByRole('row').nth(4).getByRole('cell')).toHaveText([
    '4',
    'T4',
    'Théâtre, 4e année',
    'Fin du cursus',
    'Actif',
    /Modifier/,
  ])
  await expect(cursus.getByRole('row', { name: /Théâtre/ })).toContainText('T1 → T2 → T3 → T4')
  // Nothing names T4 yet: « Supprimer » deletes it.
  await cycles.getByRole('button', { name: 'Supprimer le cycle T4' }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Supprimer' }).click()
  await expect(status(page)).toHaveText('Le cycle T4 est supprimé.')
  await expect(cycles.getByRole('row', { name: /T4/ })).toHaveCount(0)
})

test('Direction reads the lists without any button that changes them', async ({ page, portee }) => {
  await login(page, portee.staffUrl, 'direction')
  for (const [name, table, row] of [
    ['Enseignants', 'Enseignants', /BRANTOME/],
    ['Disciplines', 'Disciplines', /Trompette/],
    ['Cursus et cycles', 'Cursus', /Musique cursus diplômant/],
    ['Années scolaires', 'Années scolaires', /2026\/2027/],
  ] as const) {
    await tab(page, name).click()
    await expect(
      page.getByRole('table', { name: table, exact: true }).getByRole('row', { name: row }),
    ).toBeVisible()
    await expect(
      page.getByRole('button', { name: /^(Nouve|Modifier|Supprimer|Restaurer|Créer|Définir)/ }),
    ).toHaveCount(0)
  }
  await expectAccessible(page)
  await tab(page, 'Cursus et cycles').click()
  await page.getByRole('button', { name: 'Cycles de Musique cursus diplômant' }).click()
  await expect(
    page.getByRole('table', { name: 'Cycles du cursus Musique cursus diplômant' }).getByRole('row'),
  ).toHaveCount(12)
  await expect(
    page.getByRole('button', { name: /^(Nouveau cycle|Modifier|Supprimer)/ }),
  ).toHaveCount(0)
})
