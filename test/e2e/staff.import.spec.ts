import { expect, expectAccessible, staffLogin, test } from './fixtures.ts'
import { familiesCsv } from './first-day.ts'

test('a spreadsheet of 50 families: 3 bad lines reported and nothing written, then imported once fixed', async ({
  page,
  portee,
}) => {
  test.setTimeout(300_000) // three files read and checked, axe on a page of 29 selects
  const familiesBefore = Number((await portee.db('families').count({ n: '*' }).first())?.['n'])
  await staffLogin(page, portee.staffUrl)
  await page.getByRole('link', { name: 'Importer' }).click()
  await expect(page.getByRole('heading', { name: 'Importer des familles' })).toBeVisible()
  await expectAccessible(page)

  await page.getByLabel('Fichier à importer (CSV ou XLSX)').setInputFiles(familiesCsv(true))
  await expect(page.getByRole('status')).toContainText(
    'familles.csv : CSV, séparateur point-virgule, encodage UTF-8 (BOM), 29 colonnes, 50 lignes.',
  )
  await page.getByRole('button', { name: 'Suivant' }).click()

  // The columns are guessed from the headings; the preview shows the lines as they will be stored.
  await expect(page.getByLabel('D — Responsable 1 - Nom')).toHaveValue('guardian1.lastName')
  await expect(page.getByLabel('Z — Élève - Date de naissance')).toHaveValue('pupil.birthDate')
  const preview = page.getByRole('table', {
    name: 'Les premières lignes, telles qu’elles seront enregistrées',
  })
  await expect(preview.getByRole('row').nth(1)).toContainText('06 11 22 33 44')
  await expectAccessible(page)
  await page.screenshot({ path: 'test-results/import-correspondance.png', fullPage: true })
  await page.getByRole('button', { name: 'Suivant' }).click()

  // The dry run: the three problems, by line and column; nothing written.
  await expect(page.getByRole('alert')).toContainText('3 problème(s)')
  const problems = page.getByRole('table', { name: 'Problèmes du fichier, par ligne' })
  await expect(problems.getByRole('row')).toHaveCount(4)
  await expect(problems.getByRole('row').nth(1)).toContainText(
    '9L — Responsable 1 - E-mailCette adresse e-mail n’est pas valide',
  )
  await expect(problems.getByRole('row').nth(2)).toContainText(
    '22B — SiteSite inconnu : « Annexe inconnue »',
  )
  await expect(problems.getByRole('row').nth(3)).toContainText(
    '35Z — Élève - Date de naissanceCette date n’est pas valide',
  )
  await expect(page.getByRole('button', { name: 'Importer' })).toBeDisabled()
  await expectAccessible(page)
  await page.screenshot({ path: 'test-results/import-verification.png', fullPage: true })
  expect(Number((await portee.db('families').count({ n: '*' }).first())?.['n'])).toBe(
    familiesBefore,
  )

  // The fixed file imports; the families are in the list.
  await page.getByRole('button', { name: 'Choisir un autre fichier' }).click()
  await page.getByLabel('Fichier à importer (CSV ou XLSX)').setInputFiles(familiesCsv(false))
  await expect(page.getByRole('status')).toContainText('50 lignes')
  await page.getByRole('button', { name: 'Suivant' }).click()
  await expect(page.getByRole('status')).toContainText('0 problème(s) à corriger')
  await page.getByRole('button', { name: 'Suivant' }).click()
  await expect(page.getByRole('status')).toContainText(
    'Aucun problème : 50 familles, 50 responsables et 50 élèves seront importés.',
  )
  await page.getByRole('button', { name: 'Importer' }).click()
  await expect(page.getByRole('status')).toContainText(
    'Import terminé : 50 familles, 50 responsables et 50 élèves ont été enregistrés.',
  )
  const download = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Télécharger le résultat de l’import (CSV)' }).click()
  expect((await download).suggestedFilename()).toBe('resultat-import.csv')
  await expectAccessible(page)
  await page.screenshot({ path: 'test-results/import-termine.png', fullPage: true })
  expect(Number((await portee.db('families').count({ n: '*' }).first())?.['n'])).toBe(
    familiesBefore + 50,
  )

  await page.getByRole('link', { name: 'Voir les familles' }).click()
  await page.getByLabel('Rechercher', { exact: true }).fill('kerbb')
  await expect(
    page.getByRole('table', { name: 'Familles' }).getByRole('link', { name: 'KERBB', exact: true }),
  ).toBeVisible()
})
