import fs from 'node:fs'
import { expect, expectAccessible, openFamily, staffLogin, test } from './fixtures.ts'

test('the secretariat sorts the families by a column’s header, both ways', async ({
  page,
  portee,
}) => {
  await staffLogin(page, portee.staffUrl)
  const table = page.getByRole('table', { name: 'Familles' })
  const site = table.getByRole('columnheader', { name: 'Site' })
  await expect(site).toHaveAttribute('aria-sort', 'none')
  await site.getByRole('button', { name: 'Site' }).click()
  await expect(site).toHaveAttribute('aria-sort', 'ascending')
  await expect(table.getByRole('row').nth(1)).toContainText('Antenne de Sainte-Maxime')
  await site.getByRole('button', { name: 'Site' }).click()
  await expect(site).toHaveAttribute('aria-sort', 'descending')
  await expect(table.getByRole('row').nth(1)).toContainText('Conservatoire')
  await expect(page).toHaveURL(/tri=siteName&ordre=desc/)
  await expectAccessible(page)
  // The address keeps the sort: a reload shows the same order.
  await page.reload()
  await expect(table.getByRole('columnheader', { name: 'Site' })).toHaveAttribute(
    'aria-sort',
    'descending',
  )
})

test('the secretariat goes through the pages: next, last, previous, first, kept on reload', async ({
  page,
  portee,
}) => {
  await staffLogin(page, portee.staffUrl)
  const table = page.getByRole('table', { name: 'Familles' })
  const pages = page.getByRole('navigation', { name: 'Pages de la liste' })
  await expect(pages.getByText('60 familles')).toBeVisible()
  await expect(pages.getByRole('button', { name: 'Première page' })).toBeDisabled()
  await expect(pages.getByRole('button', { name: 'Page précédente' })).toBeDisabled()
  await expect(table.getByRole('row').nth(1)).toContainText('ABOLANT')
  const first = (await table.getByRole('row').nth(1).textContent()) ?? ''

  await pages.getByRole('button', { name: 'Page suivante' }).click()
  await expect(page).toHaveURL(/apres=/)
  // The second page's first family: neither the first page's nor the empty row of its loading.
  await expect(table.getByRole('row').nth(1)).not.toHaveText(first)
  await expect(table.getByRole('row').nth(1)).toHaveText(/[A-Z]{2}/)
  const second = (await table.getByRole('row').nth(1).textContent()) ?? ''
  await page.reload()
  await expect(table.getByRole('row').nth(1)).toHaveText(second)

  await pages.getByRole('button', { name: 'Dernière page' }).click()
  await expect(page).toHaveURL(/fin=1/)
  await expect(table.getByRole('row')).toHaveCount(26)
  await expect(pages.getByRole('button', { name: 'Page suivante' })).toBeDisabled()
  await expect(pages.getByRole('button', { name: 'Dernière page' })).toBeDisabled()
  await expectAccessible(page)

  await pages.getByRole('button', { name: 'Page précédente' }).click()
  await expect(page).toHaveURL(/avant=/)
  await expect(pages.getByRole('button', { name: 'Page suivante' })).toBeEnabled()
  await pages.getByRole('button', { name: 'Première page' }).click()
  await expect(table.getByRole('row').nth(1)).toHaveText(first)
  await expect(pages.getByRole('button', { name: 'Page précédente' })).toBeDisabled()
})

test('an archived family is found with its filter, then restored', async ({ page, portee }) => {
  await staffLogin(page, portee.staffUrl)
  await openFamily(page, 'torrice', 'TORRICE')
  await page.getByRole('button', { name: 'Archiver la famille' }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Archiver' }).click()
  await expect(page.getByRole('heading', { name: 'Familles' })).toBeVisible()
  const table = page.getByRole('table', { name: 'Familles' })
  await page.getByLabel('Rechercher', { exact: true }).fill('torrice')
  await expect(table.getByText('Aucune famille ne correspond à cette recherche.')).toBeVisible()

  await page.getByLabel('État').selectOption({ label: 'Archivées' })
  const row = table.getByRole('row').filter({ hasText: 'TORRICE' })
  await expect(row).toContainText('Archivée')
  await expectAccessible(page)
  await row.getByRole('link', { name: 'TORRICE' }).click()
  await expect(page.getByText(/Cette famille est archivée depuis le/)).toBeVisible()
  await page.getByRole('button', { name: 'Restaurer la famille' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'est restauré' })).toBeVisible()
  await expect(page.getByText(/Cette famille est archivée/)).toHaveCount(0)

  await page.getByRole('link', { name: /Retour à la liste/ }).click()
  await page.getByLabel('État').selectOption({ label: 'Actives' })
  await expect(table.getByRole('row').filter({ hasText: 'TORRICE' })).toContainText('Active')
})

test('the list is exported as a CSV for Excel, with the search and sort shown', async ({
  page,
  portee,
}) => {
  await staffLogin(page, portee.staffUrl)
  await page.getByLabel('Rechercher', { exact: true }).fill('abolant')
  await expect(page.getByRole('table', { name: 'Familles' }).getByRole('row')).toHaveCount(2)
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Exporter en CSV' }).click(),
  ])
  expect(download.suggestedFilename()).toMatch(/^familles-\d{4}-\d{2}-\d{2}\.csv$/)
  const bytes = fs.readFileSync(await download.path())
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  expect(bytes.subarray(3).toString('utf8')).toBe(
    'Nom;Responsables;Élèves;Site;État\r\n' +
      'ABOLANT;ABOLANT Jocelyne (abolant1);Adrien ABOLANT;Conservatoire;Active\r\n',
  )
})

test('a list prints without menus nor buttons, the whole table', async ({ page, portee }) => {
  await staffLogin(page, portee.staffUrl)
  await page.getByRole('link', { name: /Courriels/ }).click()
  await page.getByRole('link', { name: 'Familles' }).click()
  await expect(page.getByRole('table', { name: 'Familles' }).getByRole('row')).toHaveCount(26)
  await page.emulateMedia({ media: 'print' })
  await expect(page.getByRole('navigation', { name: 'Menu principal' })).toBeHidden()
  await expect(page.getByRole('button', { name: 'Exporter en CSV' })).toBeHidden()
  await expect(page.getByLabel('Rechercher', { exact: true })).toBeHidden()
  await expect(page.getByRole('heading', { name: 'Familles', level: 1 })).toBeVisible()
  const table = page.getByRole('table', { name: 'Familles' })
  await expect(table.getByRole('row').nth(25)).toBeVisible()
  // No room kept for the menu (once the layout has settled without it).
  await expect.poll(async () => (await table.boundingBox())?.x ?? 99).toBeLessThan(40)
  if (process.env['PRINT_PREVIEW']) {
    await page.screenshot({
      path: `${process.env['PRINT_PREVIEW']}/familles-print.png`,
      fullPage: true,
    })
    await page.pdf({ path: `${process.env['PRINT_PREVIEW']}/familles.pdf` })
  }
})
