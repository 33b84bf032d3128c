import path from 'node:path'
import type { Page } from '@playwright/test'
import { expect, expectAccessible, test } from './fixtures.ts'
import { addSite, createAdministrator } from './first-day.ts'

// A conservatoire's first day, on a fresh data directory without the demo: the administrator's
// account, the conservatoire, two sites; then the first family.

test.use({ serverOptions: { demoFamilies: 0, config: (c) => ({ ...c, demo: false }) } })

const LOGO = path.join(import.meta.dirname, '..', 'support', 'logos', 'logo.png')
const settingsTab = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Paramètres' }).getByRole('link', { name, exact: true })

test('the first run: the administrator, the conservatoire, two sites, then a family', async ({
  page,
  portee,
}) => {
  test.setTimeout(180_000) // a whole first day: four forms, two sites, a family
  await createAdministrator(page, portee.staffUrl)

  // Step 1: the conservatoire. Until the setup is done, Familles leads back here.
  await expect(page).toHaveURL(/\/parametres\/conservatoire$/)
  await expect(page.getByLabel('Texte de l’accueil des familles')).toHaveValue(
    /^Ce portail internet sécurisé est destiné/,
  )
  await expectAccessible(page)
  await page.getByRole('link', { name: 'Familles' }).click()
  await expect(page).toHaveURL(/\/parametres\/conservatoire$/)

  await page.getByLabel('Nom du conservatoire').fill('Conservatoire de Port-Lanvern')
  await page.getByLabel('Adresse', { exact: false }).first().fill('3 quai des Arts')
  await page.getByLabel('Code postal').fill('2990')
  await page.getByLabel('Ville').fill('PORT-LANVERN')
  await page.getByLabel('SIRET').fill('732 829 320 00075')
  await page.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(page.getByText('Le code postal compte 5 chiffres (exemple : 29170).')).toBeVisible()
  await expect(
    page.getByText('Ce SIRET n’est pas valide : un chiffre est faux (clé de contrôle).'),
  ).toBeVisible()
  await page.getByLabel('Code postal').fill('29900')
  await page.getByLabel('SIRET').fill('732 829 320 00074')
  await page.getByRole('button', { name: 'Enregistrer' }).click()

  // Step 2: the sites.
  await expect(page).toHaveURL(/\/parametres\/sites$/)
  await expect(page.getByRole('listitem').filter({ hasText: 'Le conservatoire' })).toContainText(
    'fait ✓',
  )
  await expect(page.getByText('Aucun site pour l’instant.')).toBeVisible()
  await addSite(page, 'Conservatoire', '3 quai des Arts')
  await addSite(page, 'Antenne de Kerlouan', '1 place de la Mairie')
  const table = page.getByRole('table', { name: 'Sites' })
  await expect(table.getByRole('row')).toHaveCount(3)
  await expect(table.getByRole('row').nth(1)).toContainText('02 98 00 11 22')
  await expect(page.getByRole('heading', { name: 'Première mise en service' })).toHaveCount(0)
  await expectAccessible(page)

  // The logo, back on the first step.
  await settingsTab(page, 'Conservatoire').click()
  await page.getByLabel(/Choisir un logo/).setInputFiles(LOGO)
  await expect(
    page.getByRole('status').filter({ hasText: 'Le logo est enregistré.' }),
  ).toBeVisible()
  await expect(page.getByRole('img', { name: 'Logo du conservatoire' })).toBeVisible()
  await expect
    .poll(() =>
      page
        .getByRole('img', { name: 'Logo du conservatoire' })
        .evaluate((img) => (img as { naturalWidth: number }).naturalWidth),
    )
    .toBe(48)
  await page.screenshot({ path: 'test-results/setup-conservatoire.png', fullPage: true })

  // Now "Nouvelle famille" works, on either site.
  await page.getByRole('link', { name: 'Familles' }).click()
  await expect(page.getByRole('heading', { name: 'Familles' })).toBeVisible()
  await page.getByRole('button', { name: 'Nouvelle famille' }).click()
  const create = page.getByRole('dialog')
  await expect(create.getByLabel('Site').locator('option')).toHaveText([
    'Conservatoire',
    'Antenne de Kerlouan',
  ])
  await create.getByLabel('Site').selectOption({ label: 'Antenne de Kerlouan' })
  await create.getByLabel('Civilité *').selectOption('Madame')
  await create.getByLabel('Nom *', { exact: true }).fill('LE GALL')
  await create.getByLabel('Prénom *', { exact: true }).fill('Anne')
  await create.getByLabel('Adresse *', { exact: true }).fill('4 rue du Port')
  await create.getByLabel('Code postal *', { exact: true }).fill('29900')
  await create.getByLabel('Ville *', { exact: true }).fill('PORT-LANVERN')
  await create.getByLabel('E-mail *', { exact: true }).fill('anne.legall@example.org')
  await create.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(page.getByRole('heading', { name: /Famille LE GALL/ })).toContainText(
    'Antenne de Kerlouan',
  )
})

test('before any site, "Nouvelle famille" says so, in French, to a Secrétariat account', async ({
  page,
  portee,
}) => {
  await createAdministrator(page, portee.staffUrl)
  // A staff member of another role is not led to the setup: they meet the message instead.
  await portee.db('staff_users').update({ role: 'secretariat' })
  await page.goto(`${portee.staffUrl}/familles`)
  await page.getByRole('button', { name: 'Nouvelle famille' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'Aucun site' })).toContainText(
    'Aucun site n’est encore ouvert : l’administrateur doit d’abord créer un site dans Paramètres, onglet « Sites ».',
  )
  // Paramètres is the administrator's: no link to it for a Secrétariat account.
  await expect(page.getByRole('link', { name: 'Aller aux sites' })).toHaveCount(0)
})
