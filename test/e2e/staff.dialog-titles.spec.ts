import { expect, staffLogin, test } from './fixtures.ts'

// A dialog's title is a heading (level 2) a screen reader lists and jumps to, as well as the
// dialog's name: each kind of dialog of the back office.

test('each dialog’s title is a heading of level 2', async ({ page, portee }) => {
  await staffLogin(page, portee.staffUrl)
  /** The dialog named `title`, once its heading of level 2 of the same name shows. */
  const titled = async (title: string | RegExp) => {
    const dialog = page.getByRole('dialog', { name: title })
    await expect(dialog.getByRole('heading', { level: 2, name: title })).toBeVisible()
    return dialog
  }

  // A record to fill in (RecordDialog, in a ClosableDialog).
  await page.getByRole('button', { name: 'Nouvelle famille' }).click()
  const record = await titled('Nouvelle famille : le premier responsable')
  await record.getByRole('button', { name: 'Fermer' }).click()

  // « Envoyer les identifiants », its own dialog.
  await page.getByRole('button', { name: 'Envoyer les identifiants' }).click()
  const mailing = await titled('Envoyer les identifiants')
  await mailing.getByRole('button', { name: 'Annuler' }).click()
  await expect(mailing).toBeHidden()

  // A Pédagogie form (FormDialog), then a question before deleting (ConfirmDialog).
  await page
    .getByRole('navigation', { name: 'Menu principal' })
    .getByRole('link', { name: 'Pédagogie' })
    .click()
  await page.getByRole('button', { name: 'Nouveau cours' }).click()
  const form = await titled(/^Nouveau cours de l’année \d{4}\/\d{4}$/)
  await form.getByRole('button', { name: 'Fermer' }).click()
  await expect(form).toBeHidden()
  const first = page.getByRole('table', { name: 'Cours' }).getByRole('row').nth(1)
  await first.getByRole('button', { name: /^Supprimer / }).click()
  await titled('Supprimer le cours ?')
})
