import { expect, familyLogin, familyMenu, pupilTab, staffLogin, test } from './fixtures.ts'

// Issue 11's journey, across both apps: the secretariat creates a course, enrols ABOLANT Adrien
// in it, calls the roll and records an évaluation in the back office; his family then sees all of
// it in Cours on a phone, and his earlier years in Historique. Fixed dates of 2026/2027 (the demo's
// current year), so that the test does not depend on today.

const LABEL = 'Trompette — atelier d’improvisation'

test('a course made in the back office, its absence and its évaluation, seen by the family on a phone', async ({
  page,
  browser,
  portee,
}) => {
  test.slow() // two apps, many steps

  // Back office: Pédagogie › Cours › Nouveau cours.
  await staffLogin(page, portee.staffUrl)
  await page
    .getByRole('navigation', { name: 'Menu principal' })
    .getByRole('link', { name: 'Pédagogie' })
    .click()
  await page.getByRole('button', { name: 'Nouveau cours' }).click()
  const form = page.getByRole('dialog')
  await form.getByLabel('Site').selectOption({ label: 'Conservatoire' })
  await form.getByLabel('Discipline').selectOption({ label: 'Trompette (Musique)' })
  await form.getByLabel('Enseignant').selectOption({ label: 'BRANTOME Gilles' })
  await form.getByLabel('Intitulé du cours').fill(LABEL)
  await form.getByLabel('Individuel ou collectif').selectOption({ label: 'Collectif' })
  await form.getByLabel('Jour').selectOption({ label: 'Vendredi' })
  await form.getByLabel('Heure de début').fill('18:00')
  await form.getByLabel('Durée (minutes)').fill('60')
  await form.getByLabel('Salle').fill('Auditorium')
  await form.getByLabel('Capacité (élèves)').fill('8')
  await form.getByRole('button', { name: 'Créer le cours' }).click()
  const row = page.getByRole('row').filter({ hasText: LABEL })
  await expect(row).toContainText('0 / 8')

  // Its page: Adrien enrolled, found by his name.
  await row.getByRole('link', { name: LABEL }).click()
  await page.getByRole('button', { name: 'Ajouter un élève' }).click()
  const enrol = page.getByRole('dialog')
  await enrol.getByLabel('Rechercher un élève').fill('abolant adrien')
  await enrol.getByRole('radio', { name: /ABOLANT Adrien/ }).check()
  await enrol.getByLabel('Cursus').selectOption({ label: 'Musique cursus diplômant' })
  await enrol.getByLabel('Cycle').selectOption({ label: '3C3 — Cycle 3, 3e année' })
  await enrol.getByLabel('Début de l’inscription').fill('04/09/2026')
  await enrol.getByRole('button', { name: 'Inscrire' }).click()
  await expect(
    page
      .getByRole('table', { name: 'Élèves du cours' })
      .getByRole('row')
      .filter({ hasText: 'ABOLANT Adrien' }),
  ).toContainText('3C3')

  // The roll call of 06/11/2026: Adrien absent, not justified.
  await page.getByLabel('Date de l’appel').fill('06/11/2026')
  await page.getByRole('button', { name: 'Afficher l’appel de cette date' }).click()
  // The roll call of that date, not the one shown before it.
  const call = page.getByRole('table', { name: 'Appel du 06/11/2026' })
  await call.getByRole('checkbox', { name: 'Absent : ABOLANT Adrien' }).check()
  await call.getByLabel('Motif de l’absence : ABOLANT Adrien').fill('Sans nouvelles')
  await page.getByRole('button', { name: 'Enregistrer l’appel' }).click()
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: 'L’appel du 06/11/2026 est enregistré : 1 absent.' }),
  ).toBeVisible()

  // An évaluation (audition, 17/20).
  await page.getByRole('button', { name: 'Suivi et évaluations d’ABOLANT Adrien' }).click()
  const followUp = page.getByRole('dialog')
  await followUp.getByRole('button', { name: 'Ajouter une évaluation' }).click()
  await followUp.getByLabel('Date de l’évaluation').fill('13/11/2026')
  await followUp.getByLabel('Type d’évaluation').selectOption({ label: 'Audition' })
  await followUp.getByLabel('Note sur 20').fill('17')
  await followUp.getByLabel('Appréciation').fill('Improvisation libre et inventive.')
  await followUp.getByRole('button', { name: 'Enregistrer l’évaluation' }).click()
  await expect(
    followUp.getByRole('status').filter({ hasText: 'L’évaluation est enregistrée.' }),
  ).toBeVisible()

  // The family, on a phone: Élèves › Cours holds the new course.
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 } })
  const family = await phone.newPage()
  await family.goto(portee.portalUrl)
  await familyLogin(family, 'Conservatoire', 'abolant1')
  await expect(family.getByRole('heading', { name: /^Bonjour/ })).toBeVisible()
  await familyMenu(family, 'Élèves')
  await pupilTab(family, 'Cours').click()
  const courses = family.getByRole('table', { name: 'Cours de l’élève' })
  const line = courses.getByRole('row').filter({ hasText: LABEL })
  await expect(line).toContainText('G. BRANTOME')
  await expect(line).toContainText('3C3')
  await expect(line).toContainText('vendredi 18:00–19:00')

  // The course opened: its évaluation and its absence.
  await courses.getByRole('link', { name: LABEL }).click()
  const tabs = family.getByRole('navigation', { name: 'Fiche du cours' }).getByRole('link')
  await tabs.filter({ hasText: 'Évaluations' }).click()
  const evaluation = family
    .getByRole('table', { name: 'Évaluations' })
    .getByRole('row')
    .filter({ hasText: '13/11/2026' })
  await expect(evaluation).toContainText('Audition')
  await expect(evaluation).toContainText('17/20')
  await expect(evaluation).toContainText('Improvisation libre et inventive.')
  await tabs.filter({ hasText: 'Absences' }).click()
  const absence = family
    .getByRole('table', { name: 'Absences' })
    .getByRole('row')
    .filter({ hasText: '06/11/2026' })
  await expect(absence).toContainText('Sans nouvelles')

  // Historique: the earlier years, not the new course.
  await pupilTab(family, 'Historique').click()
  await expect(family.getByRole('heading', { name: 'Année 2025/2026' })).toBeVisible()
  await expect(family.getByRole('heading', { name: 'Année 2024/2025' })).toBeVisible()
  await expect(family.getByText(LABEL)).toHaveCount(0)
  await phone.close()
})
