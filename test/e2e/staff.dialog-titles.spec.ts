import { expect, staffLogin, test } from './fixtures.ts'

// A dialog's title is a heading (level 2) a screen reader lists and jumps to, as well as the
// dialog's name: each kind of dialog of the back office.

test('each dialog’s title is a heading of level 2', async ({ page, portee }) => {
  await staffLogin(page, portee.staffUrl)

  // A record to fill in (RecordDialog, in a ClosableDialog).
  await page.getByRole('button', { name: 'Nouvelle famille' }).click()
  const record = page.getByRole('dialog', { name: 'Nouvelle famille : le premier responsable' })
  await expect(
    record.getByRole('heading', { level: 2, name: 'Nouvelle famille : le premier responsable' }),
  ).toBeVisible()
  await record.getByRole('button', { name: 'Fermer' }).click()

  // « Envoyer les identifiants », its own dialog.
  await page.getByRole('button', { name: 'Envoyer les identifiants' }).click()
  const mailing = page.getByRole('dialog', { name: 'Envoyer les identifiants' })
  await expect(
    mailing.getByRole('heading', { level: 2, name: 'Envoyer les identifiants' }),
  ).toBeVisible()
  await mailing.getByRole('button', { name: 'Annuler' }).click()
  await expect(mailing).toBeHidden()

  // A Pédagogie form (FormDialog), then a question before deleting (ConfirmDialog).
  await page
    .getByRole('navigation', { name: 'Menu principal' })
    .getByRole('link', { name: 'Pédagogie' })
    .click()
  await page.getByRole('button', { name: 'Nouveau cours' }).click()
  const form = page.getByRole('dialog', { name: /^Nouveau cours de l’année \d{4}\/\d{4}$/ })
  await expect(
    form.getByRole('heading', { level: 2, name: /^Nouveau cours de l’année \d{4}\/\d{4}$/ }),
  ).toBeVisible()
  await form.getByRole('button', { name: 'Fermer' }).click()
  await expect(form).toBeHidden()
  const first = page.getByRole('table', { name: 'Cours' }).getByRole('row').nth(1)
  await first.getByRole('button', { name: /^Supprimer / }).click()
  const question = page.getByRole('dialog', { name: 'Supprimer le cours ?' })
  await expect(
    question.getByRole('heading', { level: 2, name: 'Supprimer le cours ?' }),
  ).toBeVisible()
})
