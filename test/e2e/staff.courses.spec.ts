import fs from 'node:fs'
import type { Locator, Page } from '@playwright/test'
import { DEMO_PASSWORD, expect, expectAccessible, staffLogin, test } from './fixtures.ts'

// Pédagogie › Cours and a course's page, on the demo (school year 2026/2027 current). The dates
// typed are fixed days of that year, so that the test does not depend on today.

async function openCourses(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Menu principal' })
    .getByRole('link', { name: 'Pédagogie' })
    .click()
  await expect(page.getByRole('heading', { name: 'Cours', exact: true })).toBeVisible()
  await expect(page.getByRole('table', { name: 'Cours' }).getByRole('row').nth(1)).toBeVisible()
}

test('the secretariat creates a course, enrols a pupil found by name and prints the class list; a full course refuses one more', async ({
  page,
  portee,
}) => {
  test.slow() // many steps, two checks of accessibility
  await staffLogin(page, portee.staffUrl)
  await openCourses(page)

  // Nouveau cours: the server's message comes under its field, then the course is created.
  await page.getByRole('button', { name: 'Nouveau cours' }).click()
  const form = page.getByRole('dialog')
  // It says the year the course goes into: the one the list shows.
  await expect(form).toContainText(/Nouveau cours de l’année \d{4}\/\d{4}/)
  // Closed by Escape, it gives the focus back to the button that opened it.
  await page.keyboard.press('Escape')
  await expect(form).toBeHidden()
  await expect(page.getByRole('button', { name: 'Nouveau cours' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(form).toBeVisible()
  await form.getByLabel('Site').selectOption({ label: 'Conservatoire' })
  await form.getByLabel('Discipline').selectOption({ label: 'Trompette (Musique)' })
  await form.getByLabel('Enseignant').selectOption({ label: 'BRANTOME Gilles' })
  await form.getByLabel('Intitulé du cours').fill('Trompette atelier du mercredi')
  await form.getByLabel('Individuel ou collectif').selectOption({ label: 'Collectif' })
  await form.getByLabel('Jour').selectOption({ label: 'Mercredi' })
  await form.getByLabel('Heure de début').fill('14h')
  await form.getByLabel('Salle').fill('Salle 12')
  await form.getByLabel('Capacité (élèves)').fill('1')
  await form.getByRole('button', { name: 'Créer le cours' }).click()
  await expect(
    form.getByText('Donnez le jour, l’heure et la durée, ou aucun des trois.'),
  ).toBeVisible()
  await expect(form.getByLabel('Jour')).toHaveAttribute('aria-invalid', 'true')
  await form.getByLabel('Durée (minutes)').fill('45')
  await expectAccessible(page)
  await form.getByRole('button', { name: 'Créer le cours' }).click()
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: 'Le cours « Trompette atelier du mercredi » est créé.' }),
  ).toBeVisible()
  // The dialog closed (its fields are no longer there beside the list's filters of the same names).
  await expect(form).toBeHidden()
  const row = page.getByRole('row').filter({ hasText: 'Trompette atelier du mercredi' })
  await expect(row).toContainText('G. BRANTOME')
  await expect(row).toContainText('mercredi 14:00–14:45')
  await expect(row).toContainText('0 / 1')

  // The export follows the filters.
  await page.getByRole('combobox', { name: 'Discipline' }).selectOption({ label: 'Trompette' })
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Exporter en CSV' }).click(),
  ])
  // The current school year is the list's by default.
  expect(download.suggestedFilename()).toMatch(/^cours-2026-2027-/)
  const csv = fs.readFileSync((await download.path()) ?? '', 'utf8')
  expect(csv).toContain('Trompette atelier du mercredi')
  expect(csv).not.toContain('Piano')

  // The course's page; a pupil found by name is enrolled with cursus and cycle.
  await row.getByRole('link', { name: 'Trompette atelier du mercredi' }).click()
  await expect(
    page.getByRole('heading', { name: 'Cours Trompette atelier du mercredi' }),
  ).toBeVisible()
  await expect(page.getByText('Effectif / capacité').locator('..')).toContainText('0 / 1')
  await page.getByRole('button', { name: 'Ajouter un élève' }).click()
  const enrol = page.getByRole('dialog')
  await enrol.getByLabel('Rechercher un élève').fill('dupont léa')
  await enrol.getByRole('radio', { name: 'DUPONT Léa (né(e) le 12/03/2014)' }).check()
  await enrol.getByLabel('Cursus').selectOption({ label: 'Musique cursus diplômant' })
  await enrol.getByLabel('Cycle').selectOption({ label: '1C3 — Cycle 1, 3e année' })
  await enrol.getByLabel('Début de l’inscription').fill('07/09/2026')
  await enrol.getByRole('button', { name: 'Inscrire' }).click()
  await expect(
    page.getByRole('status').filter({ hasText: 'DUPONT Léa est inscrit(e)' }),
  ).toBeVisible()
  const pupils = page.getByRole('table', { name: 'Élèves du cours' })
  await expect(pupils.getByRole('row').filter({ hasText: 'DUPONT Léa' })).toContainText('1C3')
  await expect(page.getByText('Effectif / capacité').locator('..')).toContainText('1 / 1')
  await expectAccessible(page)

  // « Imprimer la liste de classe » prints a sheet of the course and its pupils, nothing else.
  await page.evaluate(`window.print = () => document.body.setAttribute('data-printed', 'oui')`)
  await page.getByRole('button', { name: 'Imprimer la liste de classe' }).click()
  await expect(page.locator('body')).toHaveAttribute('data-printed', 'oui')
  await page.emulateMedia({ media: 'print' })
  const sheet = page.getByRole('heading', {
    name: 'Liste de classe — Trompette atelier du mercredi',
  })
  await expect(sheet).toBeVisible()
  await expect(page.getByRole('row').filter({ hasText: 'DUPONT' })).toContainText('Léa')
  await expect(page.getByRole('button', { name: 'Ajouter un élève' })).toBeHidden()
  await expect(page.getByRole('heading', { name: 'Appel' })).toBeHidden()
  await page.emulateMedia({ media: 'screen' })
  await expect(sheet).toBeHidden()

  // A second pupil: the course is full, the server says so in French.
  await page.getByRole('button', { name: 'Ajouter un élève' }).click()
  await enrol.getByLabel('Rechercher un élève').fill('abolant')
  await enrol.getByRole('radio', { name: /ABOLANT Adrien/ }).check()
  await enrol.getByRole('button', { name: 'Inscrire' }).click()
  await expect(
    enrol.getByRole('alert').filter({ hasText: 'Ce cours est complet (1 élève au plus).' }),
  ).toBeVisible()
  await enrol.getByRole('button', { name: 'Fermer' }).click()
  await expect(pupils.getByRole('row')).toHaveCount(2)
})

/** A course of the current year with DUPONT Léa in it since 07/09/2026, made through the API. */
async function courseWithLea(page: Page, staffUrl: string, label: string): Promise<number> {
  const read = async <T>(path: string): Promise<T> =>
    (await (await page.request.get(`${staffUrl}${path}`)).json()) as T
  const years = await read<{ id: number; isCurrent: boolean }[]>('/api/staff/school-years')
  const disciplines = await read<{ id: number; name: string }[]>('/api/staff/disciplines')
  const [lea] = await read<{ id: number }[]>('/api/staff/pupils?q=dupont%20l%C3%A9a')
  const created = await page.request.post(`${staffUrl}/api/staff/courses`, {
    data: {
      schoolYearId: years.find((y) => y.isCurrent)?.id,
      siteId: 1,
      disciplineId: disciplines.find((d) => d.name === 'Trompette')?.id,
      label,
      kind: 'collectif',
      capacity: 4,
    },
  })
  expect(created.status()).toBe(200)
  const { id } = (await created.json()) as { id: number }
  const enrolled = await page.request.post(`${staffUrl}/api/staff/pupils/${lea?.id}/enrolments`, {
    data: {
      courseId: id,
      schoolYearId: years.find((y) => y.isCurrent)?.id,
      startsOn: '07/09/2026',
    },
  })
  expect(enrolled.status()).toBe(200)
  return id
}

test('the secretariat calls the roll by keyboard, records an évaluation and a suivi note, sees them after a reload, ends the enrolment, edits the course, then archives and restores it', async ({
  page,
  portee,
}) => {
  test.slow() // many steps, one check of accessibility
  await staffLogin(page, portee.staffUrl)
  const label = 'Trompette atelier du jeudi'
  const id = await courseWithLea(page, portee.staffUrl, label)
  await page.goto(`${portee.staffUrl}/pedagogie/cours/${id}`)
  await expect(page.getByRole('heading', { name: `Cours ${label}` })).toBeVisible()
  const pupils = page.getByRole('table', { name: 'Élèves du cours' })
  const row = page.getByRole('row').filter({ hasText: label })

  // A date typed then Enter: one read; each wrong date says its own reason.
  const dateField = page.getByLabel('Date de l’appel')
  let reads = 0
  page.on('request', (r) => void (r.url().includes('/roll-call?') && reads++))
  await dateField.fill('15/10/2027')
  await dateField.press('Enter')
  await expect(dateField).toHaveAccessibleDescription(
    /Cette date n’est pas dans l’année scolaire 2026\/2027\./,
  )
  expect(reads).toBe(1)
  await dateField.fill('30/02/2027')
  await dateField.press('Enter')
  await expect(dateField).toHaveAccessibleDescription(/Ce n’est pas une date \(jj\/mm\/aaaa\)\./)
  await expect(dateField).not.toHaveAccessibleDescription(/pas dans l’année scolaire/)
  expect(reads).toBe(2)

  // The roll call of a date, with the keyboard: Space ticks « Absent ».
  await page.getByLabel('Date de l’appel').fill('05/10/2026')
  await page.getByRole('button', { name: 'Afficher l’appel de cette date' }).click()
  // The roll call of that date, not the one shown before it.
  const call = page.getByRole('table', { name: 'Appel du 05/10/2026' })
  const absent = call.getByRole('checkbox', { name: 'Absent : DUPONT Léa' })
  await absent.focus()
  await page.keyboard.press('Space')
  await expect(absent).toBeChecked()
  await page.keyboard.press('Tab')
  await page.keyboard.press('Space')
  await expect(page.getByRole('checkbox', { name: 'Absence justifiée : DUPONT Léa' })).toBeChecked()
  await page.getByLabel('Motif de l’absence : DUPONT Léa').fill('Malade')
  await page.getByRole('button', { name: 'Enregistrer l’appel' }).click()
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: 'L’appel du 05/10/2026 est enregistré : 1 absent.' }),
  ).toBeVisible()

  // An évaluation and a suivi note in the pupil's follow-up.
  await page.getByRole('button', { name: 'Suivi et évaluations de DUPONT Léa' }).click()
  const followUp = page.getByRole('dialog')
  await followUp.getByRole('button', { name: 'Ajouter une évaluation' }).click()
  await followUp.getByLabel('Date de l’évaluation').fill('12/10/2026')
  await followUp.getByLabel('Type d’évaluation').selectOption({ label: 'Audition' })
  await followUp.getByLabel('Note sur 20').fill('15,5')
  await followUp.getByLabel('Appréciation').fill('Belle sonorité.')
  await followUp.getByRole('button', { name: 'Enregistrer l’évaluation' }).click()
  await expect(
    followUp.getByRole('status').filter({ hasText: 'L’évaluation est enregistrée.' }),
  ).toBeVisible()
  await followUp.getByRole('button', { name: 'Ajouter une note de suivi' }).click()
  await followUp.getByLabel('Date de la note').fill('13/10/2026')
  await followUp.getByLabel('Note de suivi').fill('Travailler les gammes.')
  await followUp.getByRole('button', { name: 'Enregistrer la note' }).click()
  await expect(
    followUp.getByRole('status').filter({ hasText: 'La note de suivi est ajoutée.' }),
  ).toBeVisible()
  await expectAccessible(page)
  await followUp.getByRole('button', { name: 'Fermer' }).click()

  // After a reload: the pupil, the absence of that date, the évaluation and the note.
  await page.reload()
  await expect(pupils.getByRole('link', { name: 'DUPONT Léa' })).toBeVisible()
  await page.getByLabel('Date de l’appel').fill('05/10/2026')
  await page.getByRole('button', { name: 'Afficher l’appel de cette date' }).click()
  await expect(page.getByRole('checkbox', { name: 'Absent : DUPONT Léa' })).toBeChecked()
  await expect(page.getByRole('checkbox', { name: 'Absence justifiée : DUPONT Léa' })).toBeChecked()
  await expect(page.getByLabel('Motif de l’absence : DUPONT Léa')).toHaveValue('Malade')
  await page.getByRole('button', { name: 'Suivi et évaluations de DUPONT Léa' }).click()
  const evaluations = followUp.getByRole('table', { name: 'Évaluations' })
  await expect(evaluations).toContainText('12/10/2026')
  await expect(evaluations).toContainText('Audition')
  await expect(evaluations).toContainText('15,5/20')
  await expect(followUp.getByText('Travailler les gammes.')).toBeVisible()
  await expect(followUp.getByRole('table', { name: 'Absences' })).toContainText('Malade')
  await followUp.getByRole('button', { name: 'Fermer' }).click()

  // « Retirer »: an enrolment with a follow-up cannot be cancelled (the server says why); it ends.
  await page.getByRole('button', { name: 'Retirer DUPONT Léa' }).click()
  const withdraw = page.getByRole('dialog')
  await withdraw.getByRole('button', { name: 'Annuler l’inscription' }).click()
  await expect(
    withdraw.getByRole('alert').filter({ hasText: 'Cette inscription a déjà un suivi' }),
  ).toBeVisible()
  await withdraw.getByLabel('Fin de l’inscription').fill('01/09/2026')
  await withdraw.getByRole('button', { name: 'Terminer l’inscription' }).click()
  // Said at the top of the dialog and under the field.
  await expect(
    withdraw.getByRole('alert').filter({ hasText: 'La fin doit venir après le début.' }),
  ).toHaveCount(2)
  // A day already past (the course is then taken out below: nobody attends it any more).
  await withdraw.getByLabel('Fin de l’inscription').fill('20/11/2026')
  await withdraw.getByRole('button', { name: 'Terminer l’inscription' }).click()
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: 'L’inscription de DUPONT Léa se termine le 20/11/2026.' }),
  ).toBeVisible()
  await expect(pupils.getByRole('row').filter({ hasText: 'DUPONT Léa' })).toContainText(
    'Non (fin le 20/11/2026)',
  )
  await expect(page.getByText('Effectif / capacité').locator('..')).toContainText('0 / 4')

  // Back to the list: « Modifier » opens the course's form filled in; a bad capacity is refused.
  await page.getByRole('link', { name: 'Retour aux cours' }).click()
  await row.getByRole('button', { name: `Modifier ${label}` }).click()
  const form = page.getByRole('dialog')
  await expect(form.getByLabel('Intitulé du cours')).toHaveValue(label)
  await form.getByLabel('Capacité (élèves)').fill('0')
  await form.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(form.getByText('Un nombre d’élèves, de 1 à 500.')).toBeVisible()
  await form.getByLabel('Capacité (élèves)').fill('6')
  await form.getByLabel('Salle').fill('Salle 4')
  await form.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(
    page.getByRole('status').filter({ hasText: `Le cours « ${label} » est enregistré.` }),
  ).toBeVisible()
  await expect(row).toContainText('Salle 4')
  await expect(row).toContainText('0 / 6')

  // The course has had a pupil, so « Supprimer » archives it, and says so.
  await row.getByRole('button', { name: `Supprimer ${label}` }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Supprimer' }).click()
  await expect(
    page.getByRole('status').filter({
      hasText: `Le cours « ${label} » est archivé, pas supprimé`,
    }),
  ).toBeVisible()
  await expect(row).toHaveCount(0)
  await page.getByLabel('Afficher les archivés').check()
  await expect(row).toContainText('(archivé)')
  await row.getByRole('button', { name: `Restaurer ${label}` }).click()
  await expect(
    page.getByRole('status').filter({
      hasText: `Le cours « ${label} » est restauré.`,
    }),
  ).toBeVisible()
  await expect(row).not.toContainText('(archivé)')
})

test('by keyboard, the follow-up’s forms take the focus when they open, give it back when cancelled, and leave it to the message once saved', async ({
  page,
  portee,
}) => {
  await staffLogin(page, portee.staffUrl)
  const id = await courseWithLea(page, portee.staffUrl, 'Trompette atelier du vendredi')
  await page.goto(`${portee.staffUrl}/pedagogie/cours/${id}`)
  await page.getByRole('button', { name: 'Suivi et évaluations de DUPONT Léa' }).press('Enter')
  const followUp = page.getByRole('dialog', { name: 'Suivi et évaluations de DUPONT Léa' })
  const addEvaluation = followUp.getByRole('button', { name: 'Ajouter une évaluation' })
  const evaluationDate = followUp.getByLabel('Date de l’évaluation')
  /** Opened, the form has the focus on its first field; cancelled, it goes back to the button. */
  const opensThenCancels = async (button: Locator, first: Locator, value?: string) => {
    await button.press('Enter')
    await expect(first).toBeFocused()
    if (value !== undefined) await expect(first).toHaveValue(value)
    await followUp.getByRole('button', { name: 'Annuler' }).press('Enter')
    await expect(button).toBeFocused()
  }

  await opensThenCancels(addEvaluation, evaluationDate)

  // Sent with Enter from a field: the message that says so has the focus, as after any form.
  await addEvaluation.press('Enter')
  await expect(evaluationDate).toBeFocused()
  await evaluationDate.fill('12/10/2026')
  await followUp.getByLabel('Note sur 20').fill('15,5')
  await followUp.getByLabel('Note sur 20').press('Enter')
  await expect(
    followUp.getByRole('status').filter({ hasText: 'L’évaluation est enregistrée.' }),
  ).toBeFocused()

  // « Modifier » on the new line: the form, then back to that « Modifier ».
  const edit = followUp.getByRole('button', { name: 'Modifier l’évaluation du 12/10/2026' })
  await opensThenCancels(edit, evaluationDate, '12/10/2026')

  // The same for a suivi note.
  const addNote = followUp.getByRole('button', { name: 'Ajouter une note de suivi' })
  const noteDate = followUp.getByLabel('Date de la note')
  await opensThenCancels(addNote, noteDate)
  await addNote.press('Enter')
  await expect(noteDate).toBeFocused()
  await noteDate.fill('13/10/2026')
  await followUp.getByLabel('Note de suivi').fill('Travailler les gammes.')
  await followUp.getByRole('button', { name: 'Enregistrer la note' }).press('Enter')
  await expect(
    followUp.getByRole('status').filter({ hasText: 'La note de suivi est ajoutée.' }),
  ).toBeFocused()
  const editNote = followUp.getByRole('button', { name: 'Modifier la note du 13/10/2026' })
  await opensThenCancels(editNote, noteDate)
})

test('Direction reads the courses and a course’s page, without any button to change them', async ({
  page,
  portee,
}) => {
  await page.goto(portee.staffUrl)
  await page.getByLabel('Identifiant').fill('direction')
  await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await expect(page.getByRole('heading', { name: 'Familles' })).toBeVisible()
  await openCourses(page)
  await expect(page.getByRole('button', { name: 'Nouveau cours' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: /^(Modifier|Supprimer)/ })).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Exporter en CSV' })).toBeVisible()

  // The fullest course first: it has pupils to read.
  const courses = page.getByRole('table', { name: 'Cours' })
  const effectif = courses.getByRole('columnheader', { name: 'Effectif' })
  await effectif.getByRole('button', { name: 'Effectif' }).click()
  await effectif.getByRole('button', { name: 'Effectif' }).click()
  await expect(effectif).toHaveAttribute('aria-sort', 'descending')
  // The header says the order before the sorted page is in: wait for a first line with pupils.
  const fullest = courses.getByRole('row').nth(1)
  await expect(fullest.getByRole('cell').nth(6)).not.toHaveText(/^0 \//)
  await fullest.getByRole('link').click()
  await expect(page.getByRole('heading', { name: /^Cours / })).toBeVisible()
  await expect(page.getByRole('table', { name: 'Élèves du cours' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Imprimer la liste de classe' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Ajouter un élève' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: /^Retirer/ })).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Enregistrer l’appel' })).toHaveCount(0)
  const firstAbsent = page.getByRole('checkbox', { name: /^Absent : / }).first()
  await expect(firstAbsent).toBeDisabled()
  await page
    .getByRole('button', { name: /^Suivi et évaluations d(e |’)/ })
    .first()
    .click()
  const followUp = page.getByRole('dialog')
  await expect(followUp.getByRole('heading', { name: 'Évaluations', exact: true })).toBeVisible()
  await expect(followUp.getByRole('button', { name: 'Ajouter une évaluation' })).toHaveCount(0)
  await expect(followUp.getByRole('button', { name: 'Ajouter une note de suivi' })).toHaveCount(0)
  await expectAccessible(page)
})
