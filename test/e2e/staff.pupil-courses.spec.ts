import type { Locator, Page } from '@playwright/test'
import type { TestServer } from '../support/server.ts'
import { expect, expectAccessible, pupilTab, staffLogin, test } from './fixtures.ts'

// The pupil's tabs Cours, Historique and Répertoire in the back office, on the demo (current year
// 2026/2027): DUPONT Gérard (Conservatoire) has no course yet; DUPONT Léa has Piano and Formation
// musicale in 1C3, after 1C1 and 1C2 the years before.

/** Opens a demo pupil's tab straight from its address. */
async function openPupil(page: Page, portee: TestServer, firstName: string, tab: string) {
  const pupil = await portee
    .db('pupils')
    .where({ last_name: 'DUPONT', first_name: firstName })
    .first()
  await page.goto(`${portee.staffUrl}/familles/${pupil.family_id}/eleves/${pupil.id}/${tab}`)
  await expect(page.getByRole('heading', { name: `Élève DUPONT ${firstName}` })).toBeVisible()
  return pupil.id as number
}

/** Chooses the course whose option starts with `start` (the rest: teacher, time, effectif). */
async function chooseCourse(select: Locator, start: string): Promise<void> {
  const option = select.getByRole('option').filter({ hasText: start })
  await expect(option).toHaveCount(1)
  await select.selectOption({ label: (await option.textContent())?.trim() ?? '' })
}

/** A pupil's enrolments as the database has them: [course, cycle, ended]. */
async function enrolmentsOf(portee: TestServer, pupilId: number) {
  const rows = await portee
    .db('enrolments')
    .join('courses', 'courses.id', 'enrolments.course_id')
    .leftJoin('cycles', 'cycles.id', 'enrolments.cycle_id')
    .where('enrolments.pupil_id', pupilId)
    .select('courses.label', 'cycles.code', 'enrolments.ends_on')
  return rows.map((r) => [r.label, r.code, r.ends_on !== null])
}

test('staff enrol a pupil, change the cycle and end the enrolment; bad input changes nothing', async ({
  page,
  portee,
}) => {
  test.slow() // two checks of accessibility, eight answers of the server
  await staffLogin(page, portee.staffUrl)
  const gerard = await openPupil(page, portee, 'Gérard', 'cours')
  const courses = page.getByRole('region', { name: 'Cours', exact: true })
  await expect(courses.getByText('Aucun cours attribué')).toBeVisible()
  await expectAccessible(page)

  // Inscrire à un cours: the current year first, its courses at the family's site.
  await courses.getByRole('button', { name: 'Inscrire à un cours' }).click()
  const enrol = page.getByRole('dialog', { name: 'Inscrire à un cours' })
  await expect(enrol.getByLabel('Année scolaire').locator('option:checked')).toHaveText(
    '2026/2027 (en cours)',
  )
  await chooseCourse(
    enrol.getByLabel('Cours', { exact: true }),
    'Trompette — 3e cycle — G. BRANTOME',
  )
  await enrol.getByLabel('Cursus').selectOption({ label: 'Musique cursus diplômant' })
  await enrol.getByLabel('Cycle').selectOption({ label: '3C1 — Cycle 3, 1e année' })
  await expectAccessible(page)
  await enrol.getByRole('button', { name: 'Inscrire' }).click()
  await expect(
    page.getByRole('status').filter({
      hasText: 'Inscription de DUPONT Gérard au cours « Trompette — 3e cycle » enregistrée.',
    }),
  ).toBeVisible()
  const table = courses.getByRole('table', { name: 'Cours de l’année 2026/2027' })
  const trumpet = table.getByRole('row').filter({ hasText: 'Trompette — 3e cycle' })
  await expect(trumpet).toContainText('Musique cursus diplômant')
  await expect(trumpet).toContainText('G. BRANTOME')
  await expect(trumpet).toContainText('3C1')
  await expect(trumpet.getByRole('link', { name: 'Trompette — 3e cycle' })).toBeVisible()
  expect(await enrolmentsOf(portee, gerard)).toEqual([['Trompette — 3e cycle', '3C1', false]])

  // Changer de cycle: 3C2.
  await trumpet.getByRole('button', { name: 'Changer de cycle : Trompette — 3e cycle' }).click()
  let change = page.getByRole('dialog', { name: 'Changer de cycle : Trompette — 3e cycle' })
  await change.getByLabel('Cycle').selectOption({ label: '3C2 — Cycle 3, 2e année' })
  await change.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: 'Le cycle du cours « Trompette — 3e cycle » est changé.' }),
  ).toBeVisible()
  await expect(trumpet).toContainText('3C2')

  // Another cursus, the cycle left as it was: refused next to the field, nothing changed.
  await trumpet.getByRole('button', { name: 'Changer de cycle : Trompette — 3e cycle' }).click()
  change = page.getByRole('dialog', { name: 'Changer de cycle : Trompette — 3e cycle' })
  await change.getByLabel('Cursus').selectOption({ label: 'Danse hors cursus' })
  await expect(change.getByLabel('Cycle').locator('option:checked')).toHaveText(
    '3C2 (Musique cursus diplômant)',
  )
  await change.getByRole('button', { name: 'Enregistrer' }).click()
  const otherCursus = 'Le cycle 3C2 n’est pas un cycle du cursus « Danse hors cursus ».'
  await expect(change.getByLabel('Cycle')).toHaveAccessibleDescription(otherCursus)
  await expect(change.getByLabel('Cycle')).toHaveAttribute('aria-invalid', 'true')
  await change.getByRole('button', { name: 'Fermer' }).click()
  expect(await enrolmentsOf(portee, gerard)).toEqual([['Trompette — 3e cycle', '3C2', false]])
  await expect(trumpet).toContainText('Musique cursus diplômant')

  // A full course: refused next to the field, nothing changed.
  const brass = await portee
    .db('courses')
    .join('teachers', 'teachers.id', 'courses.teacher_id')
    .join('school_years', 'school_years.id', 'courses.school_year_id')
    .where({ 'courses.label': 'Ensemble de cuivres', 'courses.site_id': 1, is_current: true })
    .where('teachers.last_name', 'BAMELONG')
    .first('courses.id')
  const taken = await portee.db('enrolments').where({ course_id: brass.id }).whereNull('ends_on')
  await portee.db('courses').where({ id: brass.id }).update({ capacity: taken.length })
  await courses.getByRole('button', { name: 'Inscrire à un cours' }).click()
  await chooseCourse(
    enrol.getByLabel('Cours', { exact: true }),
    'Ensemble de cuivres — T. BAMELONG',
  )
  await enrol.getByRole('button', { name: 'Inscrire' }).click()
  const full = `Ce cours est complet (${taken.length} élève${taken.length > 1 ? 's' : ''} au plus).`
  await expect(enrol.getByLabel('Cours', { exact: true })).toHaveAccessibleDescription(full)
  await enrol.getByRole('button', { name: 'Fermer' }).click()
  expect(await enrolmentsOf(portee, gerard)).toEqual([['Trompette — 3e cycle', '3C2', false]])

  // Terminer: a date that is not one is refused; today's is taken.
  await trumpet.getByRole('button', { name: 'Terminer : Trompette — 3e cycle' }).click()
  const end = page.getByRole('dialog', { name: 'Terminer l’inscription : Trompette — 3e cycle' })
  const endsOn = end.getByLabel('Date de fin')
  const today = await endsOn.inputValue()
  expect(today).toMatch(/^\d\d\/\d\d\/\d{4}$/)
  await endsOn.fill('31/02/2027')
  await end.getByRole('button', { name: 'Terminer l’inscription' }).click()
  await expect(end.getByText('Ce n’est pas une date (jj/mm/aaaa).')).toBeVisible()
  expect(await enrolmentsOf(portee, gerard)).toEqual([['Trompette — 3e cycle', '3C2', false]])
  await endsOn.fill(today)
  await end.getByRole('button', { name: 'Terminer l’inscription' }).click()
  await expect(trumpet).toContainText(`Non (fin le ${today})`)
  await expect(trumpet.getByRole('button', { name: /^Terminer/ })).toHaveCount(0)
  expect(await enrolmentsOf(portee, gerard)).toEqual([['Trompette — 3e cycle', '3C2', true]])

  // Annuler l’inscription (a mistake, no follow-up yet): gone.
  await trumpet
    .getByRole('button', { name: 'Annuler l’inscription : Trompette — 3e cycle' })
    .click()
  await page
    .getByRole('dialog')
    .getByRole('button', { name: 'Annuler l’inscription', exact: true })
    .click()
  await expect(courses.getByText('Aucun cours attribué')).toBeVisible()
  expect(await enrolmentsOf(portee, gerard)).toEqual([])
})

test('Historique shows the earlier years of DUPONT Léa; an enrolment followed up is not cancelled', async ({
  page,
  portee,
}) => {
  await staffLogin(page, portee.staffUrl)
  await openPupil(page, portee, 'Léa', 'historique')
  const history = page.getByRole('region', { name: 'Historique' })
  await expect(history.getByRole('heading', { level: 3 })).toHaveText([
    '2025/2026',
    '2024/2025',
    'Résultats de fin de cycle',
  ])
  const last = history.getByRole('table', { name: 'Cours de l’année 2025/2026' })
  await expect(last.getByRole('row').filter({ hasText: 'Piano — 1er cycle' })).toContainText('1C2')
  const first = history.getByRole('table', { name: 'Cours de l’année 2024/2025' })
  await expect(first.getByRole('row').filter({ hasText: 'Piano — 1er cycle' })).toContainText('1C1')
  await expect(history.getByRole('table', { name: 'Cours de l’année 2026/2027' })).toHaveCount(0)
  await expectAccessible(page)

  const suivi = history.getByRole('button', { name: 'Suivi : Piano — 1er cycle (2025/2026)' })
  await suivi.click()
  const followUp = page.getByRole('dialog', { name: 'Piano — 1er cycle (2025/2026)' })
  await expect(followUp.getByRole('heading', { name: 'Commentaires' })).toBeVisible()
  await expect(followUp.getByRole('table', { name: 'Évaluations' })).toBeVisible()
  await expect(followUp.getByRole('table', { name: 'Absences' })).toBeVisible()
  await followUp.getByRole('button', { name: 'Fermer' }).click()
  // Taken out of the page once closed (v-if), it gives the focus back all the same.
  await expect(suivi).toBeFocused()

  // Cours: this year's lines, 1C3; an enrolment with a follow-up cannot be taken back.
  await pupilTab(page, 'Cours').click()
  const courses = page.getByRole('table', { name: 'Cours de l’année 2026/2027' })
  const piano = courses.getByRole('row').filter({ hasText: 'Piano — 1er cycle' })
  await expect(piano).toContainText('1C3')
  await piano.getByRole('button', { name: 'Annuler l’inscription : Piano — 1er cycle' }).click()
  await page
    .getByRole('dialog')
    .getByRole('button', { name: 'Annuler l’inscription', exact: true })
    .click()
  const followed = 'Cette inscription a déjà un suivi, des évaluations ou des absences'
  await expect(page.getByRole('alert').filter({ hasText: followed })).toBeVisible()
  await expect(piano).toContainText('Oui')
  const lea = await portee.db('pupils').where({ first_name: 'Léa', last_name: 'DUPONT' }).first()
  expect(await enrolmentsOf(portee, lea.id)).toHaveLength(6)
})

test('Direction reads the pupil’s courses without the buttons that change them', async ({
  page,
  portee,
}) => {
  await page.goto(portee.staffUrl)
  await page.getByLabel('Identifiant').fill('direction')
  await page.getByLabel('Mot de passe', { exact: true }).fill('Portee-Demo-2026')
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await expect(page.getByRole('heading', { name: 'Familles' })).toBeVisible()
  await openPupil(page, portee, 'Léa', 'cours')
  const courses = page.getByRole('region', { name: 'Cours', exact: true })
  await expect(courses.getByRole('table', { name: 'Cours de l’année 2026/2027' })).toBeVisible()
  await expect(courses.getByRole('button', { name: 'Suivi : Piano — 1er cycle' })).toBeVisible()
  await expect(courses.getByRole('button', { name: 'Inscrire à un cours' })).toHaveCount(0)
  await expect(courses.getByRole('button', { name: /^Changer de cycle/ })).toHaveCount(0)
})

test('staff add, correct and delete a work of the répertoire', async ({ page, portee }) => {
  await staffLogin(page, portee.staffUrl)
  const lea = await openPupil(page, portee, 'Léa', 'repertoire')
  const before = await portee.db('repertoire_works').where({ pupil_id: lea }).count({ n: '*' })
  const repertoire = page.getByRole('region', { name: 'Répertoire' })
  await expect(repertoire.getByRole('heading', { level: 3 }).first()).toHaveText('2026/2027')
  await repertoire.getByRole('button', { name: 'Ajouter une œuvre' }).click()
  const work = page.getByRole('dialog', { name: 'Ajouter une œuvre' })
  await expect(work.getByLabel('Année scolaire').locator('option:checked')).toHaveText(
    '2026/2027 (en cours)',
  )
  await work.getByLabel('Cours').selectOption({ label: 'Piano — 1er cycle' })
  await work.getByLabel('Compositeur').fill('Erik Satie')
  await work.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(work.getByText('Ce champ est obligatoire.')).toBeVisible()
  await work.getByLabel('Titre').fill('Gnossienne no 1')
  await work.getByRole('button', { name: 'Enregistrer' }).click()
  const table = repertoire.getByRole('table', { name: 'Répertoire 2026/2027' })
  const row = table.getByRole('row').filter({ hasText: 'Gnossienne no 1' })
  await expect(row).toContainText('Erik Satie')
  await expect(row).toContainText('Piano — 1er cycle')
  await expectAccessible(page)

  await row.getByRole('button', { name: 'Modifier : Gnossienne no 1' }).click()
  const edit = page.getByRole('dialog', { name: 'Modifier l’œuvre « Gnossienne no 1 »' })
  await expect(edit.getByLabel('Compositeur')).toHaveValue('Erik Satie')
  await edit.getByLabel('Titre').fill('Gnossienne no 3')
  await edit.getByRole('button', { name: 'Enregistrer' }).click()
  const changed = table.getByRole('row').filter({ hasText: 'Gnossienne no 3' })
  await expect(changed).toContainText('Erik Satie')
  const saved = await portee
    .db('repertoire_works')
    .where({ pupil_id: lea, title: 'Gnossienne no 3' })
  expect(saved.map((w) => w.composer)).toEqual(['Erik Satie'])

  await changed.getByRole('button', { name: 'Supprimer : Gnossienne no 3' }).click()
  await page.getByRole('button', { name: 'Supprimer', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'retirée du répertoire' })).toBeVisible()
  await expect(table.getByRole('row').filter({ hasText: 'Gnossienne' })).toHaveCount(0)
  const after = await portee.db('repertoire_works').where({ pupil_id: lea }).count({ n: '*' })
  expect(after).toEqual(before)
})
