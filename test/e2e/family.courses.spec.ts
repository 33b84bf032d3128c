import type { Page } from '@playwright/test'
import { cookieFrom, type TestServer } from '../support/server.ts'
import {
  DEMO_PASSWORD,
  expect,
  expectAccessible,
  familyLogin,
  familyMenu,
  pupilTab,
  test,
} from './fixtures.ts'

// The pupil's tabs Cours, Historique and Répertoire on a small phone, on the demo's data.
test.use({ viewport: { width: 360, height: 740 } })

async function login(page: Page, url: string, identifiant: string): Promise<void> {
  await page.goto(url)
  await familyLogin(page, 'Conservatoire', identifiant)
  await expect(page.getByRole('heading', { name: /^Bonjour/ })).toBeVisible()
}

/** Nothing wider than the phone: no sideways scroll of the whole page. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const width = await page.locator('html').evaluate((html) => html.scrollWidth)
  expect(width).toBeLessThanOrEqual(360)
}

/** The id of an enrolment of the demo: the pupil's (by first name), the course's, the year's. */
async function enrolmentOf(
  portee: TestServer,
  firstName: string,
  course: string,
  year: string,
): Promise<number> {
  const row = await portee
    .db('enrolments')
    .join('pupils', 'pupils.id', 'enrolments.pupil_id')
    .join('courses', 'courses.id', 'enrolments.course_id')
    .join('school_years', 'school_years.id', 'courses.school_year_id')
    .where({ 'pupils.first_name': firstName, 'school_years.label': year })
    .where('courses.label', 'like', `${course}%`)
    .first<{ id: number }>('enrolments.id')
  if (!row) throw new Error(`No enrolment of ${firstName} in ${course} ${year}`)
  return row.id
}

/** A change made by the secretariat (the demo administrator), through the back office's API. */
async function asAdmin(
  portee: TestServer,
  method: 'POST' | 'PUT',
  url: string,
  payload: object,
): Promise<void> {
  const login = await portee.staff.inject({
    method: 'POST',
    url: '/api/staff/session',
    payload: { login: 'admin', password: DEMO_PASSWORD },
  })
  const cookie = cookieFrom(login.headers['set-cookie'])
  const answer = await portee.staff.inject({ method, url, headers: { cookie }, payload })
  expect(answer.statusCode, answer.payload).toBeLessThan(300)
}

/** ABOLANT Adrien's tab Cours (the family's only pupil). */
async function adrienCourses(page: Page, portee: TestServer): Promise<void> {
  await login(page, portee.portalUrl, 'abolant1')
  await familyMenu(page, 'Élèves')
  await pupilTab(page, 'Cours').click()
  await expect(page).toHaveURL(/\/eleves\/\d+\/cours$/)
}

test('Cours: Adrien’s courses of the year; a course opens on Suivi, Évaluations, Absences', async ({
  page,
  portee,
}) => {
  test.slow() // two axe-core checks of a whole page
  await adrienCourses(page, portee)
  await expect(page.getByLabel('Élève', { exact: true }).locator('option:checked')).toHaveText(
    'ABOLANT Adrien',
  )
  await expect(page.getByRole('heading', { name: 'Cours 2026/2027' })).toBeVisible()
  const table = page.getByRole('table', { name: 'Cours de l’élève' })
  await expect(table.getByRole('columnheader')).toHaveText([
    'Cursus',
    'Cours',
    'Enseignant',
    'Cycle',
    'Jour et horaire',
  ])
  const rows = table.getByRole('row').filter({ has: page.getByRole('cell') })
  await expect(rows).toHaveCount(2)
  await expect(rows.filter({ hasText: 'G. BRANTOME' })).toContainText('Trompette')
  await expect(rows.filter({ hasText: 'G. BRANTOME' })).toContainText('3C3')
  await expect(rows.filter({ hasText: 'T. BAMELONG' })).toContainText('Ensemble de cuivres')
  await expectNoSidewaysScroll(page)
  await expectAccessible(page)

  const [first = ''] = await table.getByRole('link').allTextContents()
  await table.getByRole('link', { name: first }).click()
  await expect(page).toHaveURL(/\/eleves\/\d+\/cours\/\d+$/)
  await expect(page.getByRole('heading', { name: first, level: 2 })).toBeFocused()
  await expect(pupilTab(page, 'Cours')).toHaveAttribute('aria-current', 'page')
  const tabs = page.getByRole('navigation', { name: 'Fiche du cours' }).getByRole('link')
  await expect(tabs).toHaveText(['Suivi', 'Évaluations', 'Absences'])
  await expect(tabs.first()).toHaveAttribute('aria-current', 'page')
  await expect(page.getByRole('region', { name: 'Suivi' }).getByRole('listitem')).not.toHaveCount(0)
  await expect(page.getByText(/^Cours 1 sur 2 : /)).toBeVisible()
  await expect(page.getByRole('button', { name: 'Cours précédent' })).toBeDisabled()
  await expectNoSidewaysScroll(page)
  await expectAccessible(page)

  await tabs.filter({ hasText: 'Évaluations' }).click()
  const evaluations = page.getByRole('table', { name: 'Évaluations' })
  await expect(
    evaluations.getByRole('row').filter({ has: page.getByRole('cell') }),
  ).not.toHaveCount(0)
  await expect(evaluations).toContainText(/\d+(,\d)?\/20/)
  await tabs.filter({ hasText: 'Absences' }).click()
  await expect(page).toHaveURL(/onglet=absences/)
  await expect(page.getByRole('table', { name: 'Absences' }).getByRole('columnheader')).toHaveText([
    'Date',
    'Justifiée',
    'Motif',
  ])
  await expect(page.getByRole('table', { name: 'Absences' })).toContainText(/\d\d\/\d\d\/2026/)
})

test('a course’s arrows: the previous / next course of the list, on the same tab; Retour', async ({
  page,
  portee,
}) => {
  await adrienCourses(page, portee)
  const table = page.getByRole('table', { name: 'Cours de l’élève' })
  // The order of the list is the order of the arrows.
  const [first = '', second = ''] = await table.getByRole('link').allTextContents()
  await table.getByRole('link', { name: first }).click()
  const tabs = page.getByRole('navigation', { name: 'Fiche du cours' }).getByRole('link')
  await tabs.filter({ hasText: 'Absences' }).click()
  await expect(page.getByRole('table', { name: 'Absences' })).toBeVisible()

  // The next course, on the same tab; then back.
  await page.getByRole('link', { name: 'Cours suivant' }).click()
  await expect(page.getByRole('heading', { name: second, level: 2 })).toBeVisible()
  await expect(page.getByText(`Cours 2 sur 2 : ${second}`)).toBeVisible()
  await expect(tabs.filter({ hasText: 'Absences' })).toHaveAttribute('aria-current', 'page')
  await expect(page.getByRole('button', { name: 'Cours suivant' })).toBeDisabled()
  await page.getByRole('link', { name: 'Cours précédent' }).click()
  await expect(page.getByRole('heading', { name: first, level: 2 })).toBeVisible()

  await page.getByRole('link', { name: 'Retour' }).click()
  await expect(page).toHaveURL(/\/eleves\/\d+\/cours$/)
  await expect(table.getByRole('link')).toHaveText([first, second])
})

test('a pupil without course: Aucun cours attribué; Léa’s Répertoire; a course she stopped', async ({
  page,
  portee,
}) => {
  const fm = await enrolmentOf(portee, 'Léa', 'Formation musicale', '2026/2027')
  await asAdmin(portee, 'PUT', `/api/staff/enrolments/${fm}/end`, { endsOn: '2026-11-20' })
  await login(page, portee.portalUrl, 'dupont1')
  await familyMenu(page, 'Élèves')
  await expect(page.getByLabel('Prénom *', { exact: true })).toHaveValue('Gérard')
  await pupilTab(page, 'Cours').click()
  await expect(page.getByText('Aucun cours attribué')).toBeVisible()
  await expect(page.getByRole('table')).toHaveCount(0)
  await pupilTab(page, 'Historique').click()
  await expect(page.getByText('Aucun cours les années précédentes.')).toBeVisible()
  await pupilTab(page, 'Répertoire').click()
  await expect(page.getByText('Aucune œuvre au répertoire de l’élève.')).toBeVisible()

  await page.getByLabel('Élève', { exact: true }).selectOption({ label: 'DUPONT Léa' })
  await expect(page).toHaveURL(/\/repertoire$/)
  await expect(page.getByRole('heading', { level: 3 }).first()).toHaveText('Année 2026/2027')
  const works = page.getByRole('table', { name: 'Répertoire de l’année 2026/2027' })
  await expect(works.getByRole('columnheader')).toHaveText(['Compositeur', 'Titre', 'Cours'])
  await expect(works.getByRole('row').filter({ hasText: 'Piano' })).not.toHaveCount(0)
  await expectNoSidewaysScroll(page)
  await expectAccessible(page)
  await pupilTab(page, 'Cours').click()
  const courses = page.getByRole('table', { name: 'Cours de l’élève' })
  await expect(courses).toContainText('1C3')
  await expect(courses.getByRole('row').filter({ hasText: 'Formation musicale' })).toContainText(
    'Arrêté le 20/11/2026',
  )
  await expect(courses.getByRole('row').filter({ hasText: 'Piano' })).not.toContainText('Arrêté')

  // Léa's course under her father's file: not his.
  const gerard = await portee
    .db('pupils')
    .where({ first_name: 'Gérard' })
    .first<{ id: number }>('id')
  const piano = await enrolmentOf(portee, 'Léa', 'Piano', '2026/2027')
  await page.goto(`${portee.portalUrl}/eleves/${gerard?.id}/cours/${piano}`)
  await expect(page.getByRole('alert')).toHaveText('Ce cours est introuvable.')
  await expect(page.getByText('Piano')).toHaveCount(0)
  // From a course, choosing another pupil goes to the list it belongs to.
  await page.getByLabel('Élève', { exact: true }).selectOption({ label: 'DUPONT Léa' })
  await expect(page).toHaveURL(/\/eleves\/\d+\/cours$/)
  await expect(page.getByRole('table', { name: 'Cours de l’élève' })).toContainText('Piano')
})

test('Historique: Léa’s earlier years, latest first, her result; a course of then', async ({
  page,
  portee,
}) => {
  test.slow() // two axe-core checks of a whole page
  // An end-of-cycle exam passed last year, entered by the secretariat.
  const piano = await enrolmentOf(portee, 'Léa', 'Piano', '2025/2026')
  await asAdmin(portee, 'POST', `/api/staff/enrolments/${piano}/evaluations`, {
    date: '2026-06-10',
    kind: 'examen_fin_cycle',
    mark: 16,
    mention: 'Très bien',
    appreciation: 'Passe en 1C3.',
    jury: 'Mme LEROUX, M. FAURE',
    result: 'admis',
  })

  await login(page, portee.portalUrl, 'dupont1')
  await familyMenu(page, 'Élèves')
  await page.getByLabel('Élève', { exact: true }).selectOption({ label: 'DUPONT Léa' })
  await pupilTab(page, 'Historique').click()
  await expect(page.getByRole('heading', { level: 3 })).toHaveText([
    'Année 2025/2026',
    'Année 2024/2025',
  ])
  const lastYear = page.getByRole('table', { name: 'Cours de l’année 2025/2026' })
  await expect(lastYear.getByRole('columnheader')).toHaveText([
    'Cursus',
    'Cours',
    'Enseignant',
    'Cycle',
    'Résultat de fin de cycle',
  ])
  const pianoRow = lastYear.getByRole('row').filter({ hasText: 'Piano' })
  await expect(pianoRow).toContainText('1C2')
  await expect(pianoRow).toContainText('Admis en fin de 1C2 — 16/20 — Très bien')
  await expect(page.getByRole('table', { name: 'Cours de l’année 2024/2025' })).toContainText('1C1')
  await expectNoSidewaysScroll(page)
  await expectAccessible(page)

  // A course of an earlier year: its Historique, Évaluations, Commentaires.
  await pianoRow.getByRole('link').click()
  await expect(page).toHaveURL(/depuis=historique/)
  await expect(pupilTab(page, 'Historique')).toHaveAttribute('aria-current', 'page')
  const tabs = page.getByRole('navigation', { name: 'Fiche du cours' }).getByRole('link')
  await expect(tabs).toHaveText(['Historique', 'Évaluations', 'Commentaires'])
  const heading = page.getByRole('article')
  await expect(heading.getByRole('term').first()).toHaveText('Année scolaire')
  await expect(heading.getByRole('definition').first()).toHaveText('2025/2026')
  const details = page.getByRole('region', { name: 'Historique' })
  await expect(details).toContainText('01/09/2025')
  await expect(details).toContainText('Admis en fin de 1C2 — 16/20 — Très bien')
  await expect(page.getByText(/^Cours [1-4] sur 4 : Piano/)).toBeVisible()
  await tabs.filter({ hasText: 'Évaluations' }).click()
  const evaluations = page.getByRole('table', { name: 'Évaluations' })
  await expect(evaluations).toContainText('Examen de fin de cycle')
  await expect(evaluations).toContainText('Mme LEROUX, M. FAURE')
  await tabs.filter({ hasText: 'Commentaires' }).click()
  await expect(
    page.getByRole('region', { name: 'Commentaires' }).getByRole('listitem'),
  ).not.toHaveCount(0)
  await expectAccessible(page)
  await page.getByRole('link', { name: 'Retour' }).click()
  await expect(page).toHaveURL(/\/historique$/)
  await expect(page.getByRole('heading', { name: 'Année 2025/2026' })).toBeVisible()
})

test('another family’s course in the address: not found, none of its data', async ({
  page,
  portee,
}) => {
  const lea = await enrolmentOf(portee, 'Léa', 'Piano', '2026/2027')
  const adrien = await portee
    .db('pupils')
    .where({ first_name: 'Adrien' })
    .first<{ id: number }>('id')
  const own = await enrolmentOf(portee, 'Adrien', 'Trompette', '2026/2027')
  await login(page, portee.portalUrl, 'abolant1')
  await page.goto(`${portee.portalUrl}/eleves/${adrien?.id}/cours/${lea}`)
  await expect(page.getByRole('alert')).toHaveText('Ce cours est introuvable.')
  await expect(page.getByText('Piano')).toHaveCount(0)
  await expect(page.getByRole('navigation', { name: 'Fiche du cours' })).toHaveCount(0)
  await page.getByRole('link', { name: 'Retour' }).click()
  await expect(page).toHaveURL(/\/eleves\/\d+\/cours$/)
  // Its own course at the same kind of address opens.
  await page.goto(`${portee.portalUrl}/eleves/${adrien?.id}/cours/${own}`)
  await expect(page.getByRole('heading', { name: /^Trompette/, level: 2 })).toBeVisible()
})
