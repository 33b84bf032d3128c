import type { Page } from '@playwright/test'
import {
  DEMO_PASSWORD,
  expect,
  expectAccessible,
  familyLogin,
  familyMenu,
  pupilTab,
  test,
} from './fixtures.ts'

/** The size of the text of the whole page (the root element's), as the browser computes it. */
const expectRootFontSize = (page: Page, size: string) =>
  expect(page.locator('html')).toHaveCSS('font-size', size)

test('the Accessibilité page, from the login page: the guide and the déclaration of the RGAA', async ({
  page,
  portee,
}) => {
  await page.goto(portee.portalUrl)
  await page.getByRole('link', { name: 'Aide - Accessibilité' }).click()
  await expect(page).toHaveURL(/\/accessibilite$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Accessibilité' })).toBeVisible()
  for (const name of [
    'Mode accessibilité',
    'Utiliser le portail au clavier',
    'Utiliser le portail avec un lecteur d’écran',
    'Déclaration d’accessibilité',
  ]) {
    await expect(page.getByRole('heading', { level: 2, name, exact: true })).toBeVisible()
  }
  for (const name of [
    'État de conformité',
    'Résultats des tests',
    'Contenus non accessibles',
    'Établissement de cette déclaration',
    'Retour d’information et contact',
    'Voies de recours',
  ]) {
    await expect(page.getByRole('heading', { level: 3, name, exact: true })).toBeVisible()
  }
  for (const name of ['Technologies utilisées', 'Environnement de test']) {
    await expect(page.getByRole('heading', { level: 4, name })).toBeVisible()
  }
  await expect(page.getByText(/Ce portail est non conforme avec le référentiel/)).toBeVisible()
  await expect(
    page.getByRole('link', { name: 'Défenseur des droits', exact: true }),
  ).toHaveAttribute('href', 'https://formulaire.defenseurdesdroits.fr/')
  await expect(page.getByText('Libre réponse 71120')).toBeVisible()
  await expectAccessible(page)

  // The footer says the state of conformity on every page, and leads here.
  await page.getByRole('link', { name: 'Retour' }).click()
  await expect(page.getByRole('heading', { name: 'Connexion' })).toBeVisible()
  const footer = page.getByRole('contentinfo')
  await footer.getByRole('link', { name: 'Accessibilité : non conforme' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Accessibilité' })).toBeVisible()
})

test('the accessibility mode applies at once everywhere, and this device remembers it', async ({
  page,
  portee,
}) => {
  test.slow() // axe on six pages
  await page.goto(`${portee.portalUrl}/accessibilite`)
  const back = page.getByRole('link', { name: 'Retour' })
  const footerLink = page.getByRole('link', { name: 'Accessibilité : non conforme' })
  await expectRootFontSize(page, '16px')
  await expect(back).toHaveCSS('text-decoration-line', 'none')
  await expect(footerLink).toHaveCSS('color', 'rgb(29, 79, 145)') // the theme's primary
  await expect(back).toHaveCSS('transition-duration', '0.28s')

  await page.getByRole('checkbox', { name: 'Texte agrandi' }).check()
  await page.getByRole('checkbox', { name: 'Contrastes renforcés' }).check()
  await page.getByRole('checkbox', { name: 'Liens soulignés' }).check()
  await page.getByRole('checkbox', { name: 'Sans animations' }).check()
  await expectRootFontSize(page, '20px')
  await expect(back).toHaveCSS('text-decoration-line', 'underline')
  await expect(footerLink).toHaveCSS('color', 'rgb(11, 42, 85)') // the high-contrast primary
  await expect(back).toHaveCSS('transition-duration', '1e-05s')
  await expectAccessible(page)

  await page.reload()
  await expect(page.getByRole('checkbox', { name: 'Texte agrandi' })).toBeChecked()
  await expect(page.getByRole('checkbox', { name: 'Liens soulignés' })).toBeChecked()
  await expectRootFontSize(page, '20px')
  await expect(back).toHaveCSS('text-decoration-line', 'underline')

  // The login page and the pages of a guardian, in high contrast.
  await back.click()
  await expectRootFontSize(page, '20px')
  await expectAccessible(page)
  await familyLogin(page, 'Conservatoire', 'abolant1')
  await expect(page.getByRole('heading', { name: /^Bonjour/ })).toBeVisible()
  await expectRootFontSize(page, '20px')
  await expectAccessible(page)
  await familyMenu(page, 'Famille')
  await expect(page.getByLabel('Nom *', { exact: true })).toBeVisible()
  await expectAccessible(page)
  await familyMenu(page, 'Élèves')
  await expect(page.getByLabel('Date de naissance *')).toBeVisible()
  await expectAccessible(page)

  // Logged in, the page keeps the app bar and its menus; the mode goes off as it came.
  await familyMenu(page, 'Accessibilité')
  await expect(page.getByRole('button', { name: 'Menu' })).toBeVisible()
  await page.getByRole('checkbox', { name: 'Texte agrandi' }).uncheck()
  await expectRootFontSize(page, '16px')
  await page.reload()
  await expect(page.getByRole('button', { name: 'Menu' })).toBeVisible()
  await expect(page.getByRole('checkbox', { name: 'Texte agrandi' })).not.toBeChecked()
  await expect(page.getByRole('checkbox', { name: 'Contrastes renforcés' })).toBeChecked()
})

test('on a phone: dates in dd/mm/yyyy, the success message in view, tabs that scroll', async ({
  page,
  portee,
}) => {
  test.slow()
  await page.goto(portee.portalUrl)
  // iOS zooms into a field whose text is under 16px.
  await expect(page.getByLabel('Site')).toHaveCSS('font-size', '16px')
  await familyLogin(page, 'Conservatoire', 'abolant1')
  await expect(page.getByRole('heading', { name: /^Bonjour/ })).toBeVisible()
  const title = page.getByRole('banner').getByTitle('Conservatoire — Portail pour les usagers')
  await expect(title).toBeVisible()
  // What the title shows fits (nothing cut by an ellipsis); its full text stays in its title.
  expect(
    await title.evaluate((el) => {
      const shown = el.firstElementChild
      return shown !== null && shown.scrollWidth <= shown.clientWidth
    }),
  ).toBe(true)

  await familyMenu(page, 'Élèves')
  const birth = page.getByLabel('Date de naissance *')
  await expect(birth).toHaveValue('14/09/1995')
  await expect(birth).toHaveAttribute('type', 'text')
  await expect(birth).toHaveAttribute('placeholder', 'jj/mm/aaaa')
  await expect(birth).toHaveCSS('font-size', '16px')

  // On a phone the tabs wrap: every one is in sight, none hidden sideways.
  const tabs = page.getByRole('navigation', { name: 'Dossier de l’élève' })
  expect(await tabs.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(false)
  for (const tab of ['Identité', 'Cours', 'Historique', 'Répertoire', 'Documents', 'Réinscription'])
    await expect(pupilTab(page, tab)).toBeInViewport({ ratio: 1 })

  await birth.fill('31/02/1995')
  await page.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(page.getByText('Cette date n’est pas valide (exemple : 14/09/1995).')).toBeVisible()
  await birth.fill('15/09/1995')
  await page.getByRole('button', { name: 'Enregistrer' }).click()
  const saved = page.getByRole('status').filter({ hasText: 'Votre demande de modification' })
  await expect(saved).toBeInViewport()
  await expect(saved).toBeFocused()
  await expect(page.getByText('✓ Élément modifié — valeur actuelle : 14/09/1995')).toBeVisible()
  await page.reload()
  await expect(page.getByLabel('Date de naissance *')).toHaveValue('15/09/1995')
  // Kept as an ISO date, whatever the French form typed.
  const asked = await portee.db('change_request_fields').where({ field: 'birthDate' }).first()
  expect(asked?.new_value).toBe('"1995-09-15"')

  await pupilTab(page, 'Documents').click()
  await expect(page).toHaveURL(/\/documents$/)
  await expect(pupilTab(page, 'Documents')).toBeInViewport({ ratio: 1 })
  await expectAccessible(page)
  await page.getByRole('link', { name: 'Retour' }).click()
  await expect(page.getByRole('heading', { name: 'Famille' })).toBeVisible()
})

test('the keyboard: « Aller au contenu » first, past the menus; the focus always shows', async ({
  page,
  portee,
}) => {
  await page.goto(portee.portalUrl)
  await familyLogin(page, 'Conservatoire', 'abolant1')
  await expect(page.getByRole('heading', { name: /^Bonjour/ })).toBeVisible()
  const skip = page.getByRole('link', { name: 'Aller au contenu' })
  await expect(skip).not.toBeInViewport()
  await page.keyboard.press('Tab')
  await expect(skip).toBeFocused()
  await expect(skip).toBeInViewport()
  // Without it, the next stop is the menu's button (the family's pages are tried on a phone),
  // outlined: Vuetify's own focus barely shows.
  await page.keyboard.press('Tab')
  const menu = page.getByRole('button', { name: 'Menu' })
  await expect(menu).toBeFocused()
  await expect(menu).toHaveCSS('outline-style', 'solid')
  await expect(menu).toHaveCSS('outline-width', '2px')
  // On the bar of the theme's colour, the outline is of its text's colour, not of the bar's.
  await expect(menu).toHaveCSS('outline-color', 'rgb(255, 255, 255)')
  await expect(page.getByRole('banner')).not.toHaveCSS('background-color', 'rgb(255, 255, 255)')
  // With it, the next stop is in the page itself, past the menus.
  await page.keyboard.press('Shift+Tab')
  await expect(skip).toBeFocused()
  await page.keyboard.press('Enter')
  await page.keyboard.press('Tab')
  await expect(page.getByRole('main').locator(':focus')).toHaveCount(1)
  await expect(page.getByRole('banner').locator(':focus')).toHaveCount(0)

  // The menu: Escape closes it and gives the focus back to « Menu »; Tab out of it closes it.
  await menu.focus()
  await page.keyboard.press('Enter')
  const drawer = page.getByRole('navigation', { name: 'Menu principal' })
  await expect(drawer).toBeVisible()
  await drawer.getByRole('link', { name: 'Accueil' }).focus()
  await page.keyboard.press('Escape')
  await expect(menu).toHaveAttribute('aria-expanded', 'false')
  await expect(menu).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(menu).toHaveAttribute('aria-expanded', 'true')
  await drawer.getByRole('button', { name: 'Déconnexion' }).focus()
  await page.keyboard.press('Tab')
  await expect(menu).toHaveAttribute('aria-expanded', 'false')

  // « Importer » shows where the focus is: a ring of the theme's colour around it.
  await familyMenu(page, 'Élèves')
  await pupilTab(page, 'Réinscription').click()
  const importer = page.getByLabel(/^Importer : /).first()
  await importer.focus()
  const ring = importer.locator('xpath=..') // its label, which shows « Importer »
  await expect(ring).toHaveCSS('outline-style', 'solid')
  await expect(ring).not.toHaveCSS('outline-color', 'rgb(255, 255, 255)')
})

test('the password error and the character count do not overlap', async ({ page, portee }) => {
  test.slow() // two password hashes
  await page.goto(portee.portalUrl)
  await familyLogin(page, 'Antenne de Sainte-Maxime', 'torrice1')
  await familyMenu(page, 'Mot de passe')
  await page.getByLabel('Mot de passe actuel', { exact: true }).fill(DEMO_PASSWORD)
  await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('court')
  await page.getByRole('button', { name: 'Enregistrer' }).click()
  const count = page.getByText('5 caractères : encore 7.')
  const error = page.locator('#nouveau-mot-de-passe-messages')
  await expect(error).not.toBeEmpty()
  const [e, c] = [await error.boundingBox(), await count.boundingBox()]
  expect(e && c && e.y + e.height <= c.y).toBe(true)
  await expectAccessible(page)
})

test('on a tablet and a desktop, no page scrolls sideways: tables become cards or fit', async ({
  page,
  portee,
}) => {
  const sideways = () =>
    page.locator('html').evaluate((html) => html.scrollWidth > html.clientWidth)
  await page.goto(portee.portalUrl)
  await familyLogin(page, 'Conservatoire', 'abolant1')
  await expect(page.getByRole('heading', { name: /^Bonjour/ })).toBeVisible()
  for (const width of [800, 1366]) {
    await page.setViewportSize({ width, height: 900 })
    await page.goto(`${portee.portalUrl}/eleves`)
    for (const [tab, heading] of [
      ['Réinscription', /^Réinscription pour l’année/],
      ['Documents', 'Documents fournis'],
    ] as const) {
      await pupilTab(page, tab).click()
      await expect(page.getByRole('heading', { name: heading })).toBeVisible()
      expect(await sideways(), `${tab} at ${width} px`).toBe(false)
    }
    await page.goto(`${portee.portalUrl}/facturation`)
    const ledger = page.getByRole('table', { name: /^Facturation/ })
    await expect(ledger).toBeVisible()
    expect(await sideways(), `Facturation at ${width} px`).toBe(false)
    // The ledger fits its frame: nothing of it (the online payment's button) cut.
    expect(
      await ledger.evaluate(
        (table) => table.getBoundingClientRect().width <= (table.parentElement?.clientWidth ?? 0),
      ),
      `Facturation at ${width} px`,
    ).toBe(true)
  }
})

test('the « Élève » list: the arrow keys only browse it, Enter shows the pupil reached, leaving it puts back the one shown (WCAG 3.2.2)', async ({
  page,
  portee,
}) => {
  await page.goto(portee.portalUrl)
  await familyLogin(page, 'Conservatoire', 'dupont1')
  await familyMenu(page, 'Élèves')
  const firstName = page.getByLabel('Prénom *', { exact: true })
  await expect(firstName).toHaveValue('Gérard')
  const gerardUrl = page.url()
  const list = page.getByRole('combobox', { name: 'Élève', exact: true })
  const shows = (name: string) => list.getByRole('option', { name, selected: true })

  // The arrow on the closed list: Léa in the list, Gérard's file still on the page; Tab leaves
  // the list, which shows Gérard again.
  await list.press('ArrowDown')
  await expect(shows('DUPONT Léa')).toHaveCount(1)
  await page.keyboard.press('Tab')
  await expect(shows('DUPONT Gérard')).toHaveCount(1)
  await expect(firstName).toHaveValue('Gérard')
  expect(page.url()).toBe(gerardUrl)

  // Escape puts Gérard back too.
  await list.press('ArrowDown')
  await expect(shows('DUPONT Léa')).toHaveCount(1)
  await page.keyboard.press('Escape')
  await expect(shows('DUPONT Gérard')).toHaveCount(1)
  expect(page.url()).toBe(gerardUrl)

  // Enter shows the pupil reached, on the same tab.
  await list.press('ArrowDown')
  await page.keyboard.press('Enter')
  await expect(firstName).toHaveValue('Léa')
  await expect(page).toHaveURL(/\/eleves\/\d+\/identite$/)
  expect(page.url()).not.toBe(gerardUrl)
  await expect(list).toBeFocused()

  // A choice made in the opened list shows the pupil at once.
  await list.selectOption({ label: 'DUPONT Gérard' })
  await expect(firstName).toHaveValue('Gérard')
  expect(page.url()).toBe(gerardUrl)
})
