import fs from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { MINUTE } from '../support/clock.ts'
import { expect, expectAccessible, familyLogin, familyMenu, test } from './fixtures.ts'

test('the login page has the fields and links of the seeds, and is accessible', async ({
  page,
  portee,
}) => {
  await page.goto(portee.portalUrl)
  await expect(page).toHaveURL(/\/connexion$/)
  await expect(page.getByRole('heading', { name: 'Connexion' })).toBeVisible()
  const site = page.getByLabel('Site')
  await expect(site.locator('option')).toHaveText([
    'Choisissez votre site',
    'Conservatoire',
    'Antenne de Sainte-Maxime',
  ])
  await expect(page.getByLabel('Identifiant')).toBeVisible()
  await expect(page.getByLabel('Mot de passe', { exact: true })).toHaveAttribute('type', 'password')
  await expect(page.getByRole('button', { name: 'Se connecter' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Mot de passe perdu' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Aide - Accessibilité' })).toBeVisible()
  await expectAccessible(page)

  await page.getByRole('link', { name: 'Mot de passe perdu' }).click()
  await expect(page.getByRole('heading', { name: 'Mot de passe perdu' })).toBeVisible()
  await expect(page.getByLabel('E-mail')).toBeVisible()
  await expectAccessible(page)
  await page.getByRole('link', { name: 'Retour à la connexion' }).click()
  await page.getByRole('link', { name: 'Aide - Accessibilité' }).click()
  await expect(page.getByRole('heading', { name: 'Accessibilité', level: 1 })).toBeVisible()
  await expectAccessible(page)
})

test('the site is preselected when there is only one', async ({ page, portee }) => {
  await portee.db('sites').where({ name: 'Antenne de Sainte-Maxime' }).update({ active: false })
  await page.goto(portee.portalUrl)
  await expect(page.getByLabel('Site')).toHaveValue(/.+/)
  await expect(page.getByLabel('Site').locator('option:checked')).toHaveText('Conservatoire')
})

test('a guardian logs in and sees the Accueil page of the seeds', async ({ page, portee }) => {
  await page.goto(`${portee.portalUrl}/connexion`)
  await familyLogin(page, 'Conservatoire', 'dupont1')
  await expect(page.getByRole('heading', { name: 'Bonjour Monsieur DUPONT Gérard' })).toBeVisible()
  await expect(page.getByText('DUPONT Léa')).toBeVisible()
  await expect(page.getByText('DUPONT Gérard', { exact: true }).first()).toBeVisible()
  await expect(
    page.getByText('Ce portail internet sécurisé est destiné aux usagers du Conservatoire'),
  ).toBeVisible()
  await expect(page.getByText(/informatique et libertés/)).toContainText(
    'Conservatoire de musique, danse et théâtre du Golfe - 12 avenue des Arts - 83310 COGOLIN',
  )
  await expectAccessible(page)

  // The menus of the seeds, in the drawer on a phone.
  await page.getByRole('button', { name: 'Menu' }).click()
  const menu = page.getByRole('navigation', { name: 'Menu principal' })
  for (const name of [
    'Accueil',
    'Famille',
    'Élèves',
    'Facturation',
    'Accessibilité',
    'Mot de passe',
  ]) {
    await expect(menu.getByRole('link', { name, exact: true })).toBeVisible()
  }
  await expect(menu.getByRole('button', { name: 'Déconnexion' })).toBeVisible()
  await menu.getByRole('link', { name: 'Facturation', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Facturation', level: 1 })).toBeVisible()
  await expect(page.getByRole('table', { name: 'Facturation cotisations' })).toBeVisible()
  await expectAccessible(page)
})

test('a wrong site, identifiant or password gets one and the same message', async ({
  page,
  portee,
}) => {
  await page.goto(portee.portalUrl)
  const message = 'Site, identifiant ou mot de passe incorrect. Vérifiez votre saisie.'
  await familyLogin(page, 'Antenne de Sainte-Maxime', 'abolant1')
  await expect(page.getByRole('alert').filter({ hasText: message })).toBeVisible()
  await familyLogin(page, 'Conservatoire', 'inconnu1')
  await expect(page.getByRole('alert').filter({ hasText: message })).toBeVisible()
  await familyLogin(page, 'Conservatoire', 'abolant1', 'pas le bon')
  await expect(page.getByRole('alert').filter({ hasText: message })).toBeVisible()
  await expect(page).toHaveURL(/\/connexion$/)
})

test('dupont1 at the Antenne is another family', async ({ page, portee }) => {
  await page.goto(portee.portalUrl)
  await familyLogin(page, 'Antenne de Sainte-Maxime', 'dupont1')
  await expect(page.getByRole('heading', { name: 'Bonjour Monsieur DUPONT Marc' })).toBeVisible()
  await expect(page.getByText('DUPONT Hugo')).toBeVisible()
  await expect(page.getByText(/informatique et libertés/)).toContainText(
    '3 place des Sports - 83120 SAINTE-MAXIME',
  )
  await expect(page.getByText('DUPONT Léa')).toHaveCount(0)
})

test('Déconnexion ends the session; the back button then shows nothing of the family', async ({
  page,
  portee,
}) => {
  await page.goto(portee.portalUrl)
  await familyLogin(page, 'Conservatoire', 'abolant1')
  await expect(page.getByRole('heading', { name: 'Bonjour Madame ABOLANT Jocelyne' })).toBeVisible()
  await familyMenu(page, 'Déconnexion')
  await expect(page.getByRole('heading', { name: 'Connexion' })).toBeVisible()
  await expect(page.getByText('Vous êtes déconnecté')).toBeVisible()
  const open = await portee
    .db('sessions')
    .whereNull('ended_at')
    .where({ audience: 'family' })
    .count({ n: '*' })
    .first()
  expect(open).toEqual({ n: 0 })
  await page.goBack()
  await expect(page.getByRole('heading', { name: 'Connexion' })).toBeVisible()
  await expect(page.getByText('ABOLANT')).toHaveCount(0)
  await page.goto(`${portee.portalUrl}/`)
  await expect(page.getByRole('heading', { name: 'Connexion' })).toBeVisible()
  await expect(page.getByText('ABOLANT')).toHaveCount(0)
})

test('an expired session sends the family back to the login page with a message', async ({
  page,
  portee,
}) => {
  await page.goto(portee.portalUrl)
  await familyLogin(page, 'Antenne de Sainte-Maxime', 'torrice1')
  await expect(page.getByRole('heading', { name: 'Bonjour Madame TORRICE Emilie' })).toBeVisible()
  // No waiting: the server's clock moves past the idle timeout of 30 minutes.
  portee.clock.advance(31 * MINUTE)
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Connexion' })).toBeVisible()
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: 'Votre session a expiré. Veuillez vous reconnecter.' }),
  ).toBeVisible()
})

test('an unknown address shows the app’s own page; an unknown API route answers JSON', async ({
  page,
  portee,
}) => {
  await page.goto(`${portee.portalUrl}/nulle/part`)
  await expect(page.getByRole('heading', { name: 'Page introuvable' })).toBeVisible()
  await expectAccessible(page)
  const api = await page.request.get(`${portee.portalUrl}/api/nulle-part`)
  expect(api.status()).toBe(404)
  expect(await api.json()).toMatchObject({
    code: 'NOT_FOUND',
    message: 'Cette adresse n’existe pas.',
  })
})

test('the first page loads under 200 kB of gzipped JS and CSS, in brotli, cached for a year', async ({
  page,
  portee,
}) => {
  const files: string[] = []
  const headers: Record<string, string>[] = []
  page.on('response', (response) => {
    const url = new URL(response.url())
    if (!/\.(js|css)$/.test(url.pathname)) return
    files.push(url.pathname)
    headers.push(response.headers())
  })
  await page.goto(portee.portalUrl)
  await expect(page.getByRole('button', { name: 'Se connecter' })).toBeVisible()
  await page.waitForLoadState('networkidle')
  expect(files.length).toBeGreaterThan(1)
  // What the browser got: kept for a year without asking again; in brotli, as written at build
  // time, for each file of 1 kB or more (smaller ones are not worth compressing).
  const root = portee.config.webRoots.portal
  const compressed = files.filter((file) => fs.existsSync(path.join(root, `${file}.br`)))
  expect(compressed.length).toBeGreaterThan(files.length / 2)
  files.forEach((file, i) => {
    expect(headers[i]?.['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(headers[i]?.['content-encoding']).toBe(compressed.includes(file) ? 'br' : undefined)
  })
  const gzipped = files.reduce(
    (sum, file) => sum + gzipSync(fs.readFileSync(path.join(root, file))).length,
    0,
  )
  expect(gzipped).toBeLessThan(200_000)
})

test('the pages run under a strict Content-Security-Policy: an injected inline script does not', async ({
  page,
  portee,
  cspViolations,
}) => {
  const answer = await page.goto(portee.portalUrl)
  expect(answer?.headers()['content-security-policy']).toContain("script-src 'self';")
  await expect(page.getByRole('heading', { name: 'Connexion' })).toBeVisible()
  await page.addScriptTag({ content: 'document.title = "piraté"' }).catch(() => undefined) // the browser refuses it: that is the point
  expect(await page.title()).not.toBe('piraté')
  expect(cspViolations.splice(0)).toHaveLength(1) // the one refusal expected, then none else
})
