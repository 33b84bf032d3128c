import { expect, expectAccessible, openFamily, staffLogin, test } from './fixtures.ts'

test('the administrator backs up, then restores the backup after confirming', async ({
  page,
  portee,
}) => {
  // Two logins, three pages checked by axe, a backup and a restore: more than most tests.
  test.slow()
  // The backup made at start (none existed) is done before the page is read.
  await portee.backups.runDue()
  await staffLogin(page, portee.staffUrl)
  await page.goto(`${portee.staffUrl}/parametres/sauvegardes`)
  await expect(page.getByRole('heading', { name: 'Sauvegardes' })).toBeVisible()
  const table = page.getByRole('table', { name: 'Sauvegardes' })
  await expect(table.getByRole('row').filter({ hasText: 'Automatique' })).toHaveCount(1)
  await expectAccessible(page)

  await page.getByRole('button', { name: 'Sauvegarder maintenant' }).click()
  await expect(page.getByRole('status')).toContainText(/La sauvegarde du .* est faite\./)
  const manual = table.getByRole('row').filter({ hasText: 'Manuelle' })
  await expect(manual).toHaveCount(1)

  // After the backup, the address of Madame ABOLANT changes.
  const abolant = await portee.db('guardians').where({ last_name: 'ABOLANT' }).first()
  const changed = await page.request.put(`${portee.staffUrl}/api/staff/guardians/${abolant.id}`, {
    data: { values: { city: 'TOULON', postalCode: '83000' } },
  })
  expect(changed.status()).toBe(204)

  await manual.getByRole('button', { name: /^Restaurer la sauvegarde du / }).click()
  const dialog = page.getByRole('dialog')
  await expect(dialog).toContainText('L’état actuel sera d’abord sauvegardé')
  await expect(dialog).toContainText('vous compris, seront déconnectées')
  await expectAccessible(page)
  await dialog.getByRole('button', { name: 'Restaurer', exact: true }).click()

  // Everyone logs in again, and finds the data of the backup.
  await expect(page.getByText(/La sauvegarde du .* est restaurée\. Reconnectez-vous/)).toBeVisible()
  await staffLogin(page, portee.staffUrl)
  await openFamily(page, 'abolant', 'ABOLANT')
  await expect(page.getByText('COGOLIN').first()).toBeVisible()
  await expect(page.getByText('TOULON')).toHaveCount(0)

  await page.goto(`${portee.staffUrl}/parametres/sauvegardes`)
  await expect(table.getByRole('row').filter({ hasText: 'Avant restauration' })).toHaveCount(1)
})
