import { FILES } from '../support/reenrolment.ts'
import { demoRequest, giveDocument } from '../support/reenrolment-review.ts'
import { expect, expectAccessible, staffLogin, test } from './fixtures.ts'

// Staff review a réinscription ABOLANT Adrien's family sent (set up through the test server's
// database: the family's side is another part's): they open the documents in the page, refuse
// one with a reason, the family gives another, staff validate, and next year's courses appear on
// the pupil's Cours tab.

const REASON_LABEL = 'Raison du refus (la famille la lira)'

/**
 * The demo's request of ABOLANT Adrien with two documents given: a PDF for the campaign's pièce,
 * and a PNG for a « Photo d’identité » added to the campaign.
 */
async function withPdfAndPhoto(portee: Parameters<typeof demoRequest>[0] & { dataDir: string }) {
  const d = await demoRequest(portee)
  const [photoPiece] = await portee
    .db('campaign_pieces')
    .insert({
      campaign_id: d.campaignId,
      name: 'Photo d’identité',
      required: false,
      applies_to: 'tous',
      position: 100,
      created_at: '2026-05-01T00:00:00.000Z',
      updated_at: '2026-05-01T00:00:00.000Z',
    })
    .returning<{ id: number }[]>('id')
  await giveDocument(portee.db, portee.dataDir, {
    requestId: d.requestId,
    pieceId: d.pieceId,
    fileName: 'attestation.pdf',
  })
  await giveDocument(portee.db, portee.dataDir, {
    requestId: d.requestId,
    pieceId: photoPiece?.id ?? 0,
    mimeType: 'image/png',
    bytes: FILES.png,
    fileName: 'photo.png',
  })
  return d
}

test('staff open the documents, refuse one, validate; next year’s courses appear', async ({
  page,
  portee,
}) => {
  test.slow()
  const d = await withPdfAndPhoto(portee)
  const next = await portee.db('school_years').where({ id: d.nextYearId }).first()
  // Next year, a second trumpet course beside the copy of Adrien's: staff choose between them.
  const copy = await portee
    .db('courses as n')
    .join('enrolments as e', 'e.course_id', 'n.previous_course_id')
    .where({ 'e.pupil_id': d.pupilId, 'n.school_year_id': d.nextYearId })
    .where('n.label', 'like', 'Trompette%')
    .first('n.*')
  const [thursday] = await portee
    .db('courses')
    .insert({
      ...copy,
      id: undefined,
      label: 'Trompette — groupe du jeudi',
      weekday: 4,
      start_time: '18:00',
      duration_minutes: 45,
      previous_course_id: null,
    })
    .returning<{ id: number }[]>('id')

  await staffLogin(page, portee.staffUrl)
  await page.goto(`${portee.staffUrl}/reinscriptions/demandes/${d.requestId}`)
  await expect(
    page.getByRole('heading', { name: `Réinscription d’ABOLANT Adrien — ${next.label}` }),
  ).toBeVisible()
  await expect(page.getByRole('link', { name: /^Famille ABOLANT/ })).toBeVisible()
  const pieces = page.getByRole('table', { name: 'Pièces à fournir' })
  await expect(pieces.getByRole('row').filter({ hasText: 'Pièce du test' })).toContainText('Fourni')
  await expectAccessible(page)

  // The PDF, then the image, shown in the page.
  await pieces.getByRole('button', { name: 'Consulter : Pièce du test' }).click()
  let viewer = page.getByRole('dialog', { name: 'Pièce du test — attestation.pdf' })
  const frame = viewer.locator('iframe[title="Document : attestation.pdf"]')
  await expect(frame).toBeVisible()
  expect(await frame.getAttribute('src')).toMatch(/^blob:/)
  await viewer.getByRole('button', { name: 'Fermer' }).click()
  await pieces.getByRole('button', { name: 'Consulter : Photo d’identité' }).click()
  viewer = page.getByRole('dialog', { name: 'Photo d’identité — photo.png' })
  const image = viewer.getByRole('img', { name: 'Document « Photo d’identité » : photo.png' })
  await expect(image).toBeVisible()
  expect(
    await image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
  ).toBe(1)
  await viewer.getByRole('button', { name: 'Fermer' }).click()

  // Refuser, with a reason (none: refused before sending).
  await pieces.getByRole('button', { name: 'Refuser : Pièce du test' }).click()
  const refusal = page.getByRole('dialog', { name: 'Refuser le document : Pièce du test' })
  await refusal.getByRole('button', { name: 'Refuser le document' }).click()
  await expect(refusal.getByRole('alert').first()).toContainText('Donnez la raison du refus')
  await refusal.getByLabel(REASON_LABEL).fill('Document illisible')
  await refusal.getByRole('button', { name: 'Refuser le document' }).click()
  await expect(refusal).toBeHidden()
  await expect(page.getByRole('status').filter({ hasText: 'est refusé' })).toBeVisible()
  await expect(pieces.getByRole('row').filter({ hasText: 'Pièce du test' })).toContainText(
    'Refusé : Document illisible',
  )

  // Validating now is refused: the pièce is refused (nothing asked about the photo first).
  await page.getByRole('button', { name: 'Valider la réinscription' }).click()
  await expect(page.getByRole('alert')).toContainText('Pièce du test')
  const unchecked = page.getByRole('dialog', { name: 'Accepter les documents non vérifiés ?' })
  await expect(unchecked).toHaveCount(0)

  // The family gives another file; staff validate.
  await giveDocument(portee.db, portee.dataDir, {
    requestId: d.requestId,
    pieceId: d.pieceId,
    fileName: 'attestation-nette.pdf',
  })
  await page.reload()
  await expect(pieces.getByRole('row').filter({ hasText: 'attestation-nette.pdf' })).toContainText(
    'Fourni',
  )
  await expect(pieces.getByText('Document remplacé ou supprimé le')).toBeVisible()
  // Two trumpet courses next year: each says its day and time (and teacher).
  const nextCourse = page.getByRole('combobox', { name: `Cours ${next.label} ${copy.label}` })
  const thursdayOption = nextCourse.getByRole('option', { name: /^Trompette — groupe du jeudi/ })
  await expect(thursdayOption).toHaveText(/, jeudi 18:00–18:45$/)
  await nextCourse.selectOption({ label: (await thursdayOption.textContent())?.trim() ?? '' })
  // The new file nobody opened yet, and the photo: named before they are accepted with it.
  await page.getByRole('button', { name: 'Valider la réinscription' }).click()
  await expect(unchecked).toContainText(
    'Ces documents n’ont été ni acceptés ni refusés : Pièce du test ; Photo d’identité. Valider la réinscription les accepte.',
  )
  await unchecked.getByRole('button', { name: 'Valider et accepter' }).click()
  await expect(
    page.getByRole('status').filter({ hasText: 'La réinscription est validée' }),
  ).toBeVisible()
  await expect(page.getByText('Validée', { exact: true })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Valider la réinscription' })).toHaveCount(0)
  const lines = page.getByRole('table', { name: 'Cours suivis et réinscription' })
  await expect(lines.getByText('Inscription créée').first()).toBeVisible()
  await expect(lines.getByRole('row').filter({ hasText: 'Trompette' })).toContainText(
    'Trompette — groupe du jeudi',
  )
  const created = await portee
    .db('enrolments')
    .where({ pupil_id: d.pupilId, course_id: thursday?.id ?? 0 })
    .first()
  expect(created).toMatchObject({ starts_on: next.starts_on, ends_on: null })

  // The pupil's Réinscription tab, then the Cours tab with next year's courses.
  await page.goto(`${portee.staffUrl}/familles/${d.familyId}/eleves/${d.pupilId}/reinscription`)
  const tab = page.getByRole('region', { name: 'Réinscription' })
  await expect(tab.getByRole('row').filter({ hasText: next.label })).toContainText('Validée')
  await expect(
    tab.getByRole('link', { name: `Examiner la réinscription ${next.label}` }),
  ).toBeVisible()
  await page.goto(`${portee.staffUrl}/familles/${d.familyId}/eleves/${d.pupilId}/cours`)
  await expect(
    page.getByRole('heading', { name: `Cours de l’année ${next.label} (à venir)` }),
  ).toBeVisible()
  await expect(page.getByRole('table', { name: `Cours de l’année ${next.label}` })).toContainText(
    'Trompette — groupe du jeudi',
  )
})

test('by keyboard, the document viewer keeps the focus inside, Escape closes it, and the focus goes back to « Consulter »', async ({
  page,
  portee,
}) => {
  const d = await withPdfAndPhoto(portee)
  await staffLogin(page, portee.staffUrl)
  await page.goto(`${portee.staffUrl}/reinscriptions/demandes/${d.requestId}`)
  const pieces = page.getByRole('table', { name: 'Pièces à fournir' })

  // The PDF. Chromium's viewer takes the focus once the PDF has loaded, about a second after the
  // dialog opens (the window's blur): the focus is then given back to the dialog, where Escape
  // closes it, and the button that opened it has the focus again.
  const consultPdf = pieces.getByRole('button', { name: 'Consulter : Pièce du test' })
  const viewer = page.getByRole('dialog', { name: 'Pièce du test — attestation.pdf' })
  // The frame's accessible name is its title.
  const frame = viewer.getByTitle('Document : attestation.pdf')
  // Runs in the page (the tests are type-checked without the DOM's types).
  type Window = { addEventListener(type: 'blur', listener: () => void, o: { once: true }): void }
  const openPdf = async () => {
    const loaded = page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          // No fallback: the PDF taking the focus is what this part of the test is about.
          ;(globalThis as unknown as Window).addEventListener('blur', resolve, { once: true })
        }),
    )
    await consultPdf.press('Enter')
    await expect(frame).toBeVisible()
    await loaded
    await expect(frame).not.toBeFocused()
  }
  await openPdf()
  await page.keyboard.press('Escape')
  await expect(viewer).toBeHidden()
  await expect(consultPdf).toBeFocused()

  // Tab and Shift+Tab go round the frame, the download link and « Fermer », each once.
  await openPdf()
  const download = viewer.getByRole('link', { name: 'Télécharger attestation.pdf' })
  const close = viewer.getByRole('button', { name: 'Fermer' })
  await close.focus()
  for (const next of [frame, download, close, frame]) {
    await page.keyboard.press('Tab')
    await expect(next).toBeFocused()
  }
  for (const previous of [close, download, frame, close]) {
    await page.keyboard.press('Shift+Tab')
    await expect(previous).toBeFocused()
  }
  await page.keyboard.press('Escape')
  await expect(viewer).toBeHidden()
  await expect(consultPdf).toBeFocused()

  // The image: the link and « Fermer » in turn; closed by « Fermer », the focus back too.
  const consultImage = pieces.getByRole('button', { name: 'Consulter : Photo d’identité' })
  await consultImage.press('Enter')
  const image = page.getByRole('dialog', { name: 'Photo d’identité — photo.png' })
  const imageDownload = image.getByRole('link', { name: 'Télécharger photo.png' })
  const imageClose = image.getByRole('button', { name: 'Fermer' })
  await expect(image.getByRole('img')).toBeVisible()
  await imageClose.focus()
  for (const next of [imageDownload, imageClose]) {
    await page.keyboard.press('Tab')
    await expect(next).toBeFocused()
  }
  for (const previous of [imageDownload, imageClose]) {
    await page.keyboard.press('Shift+Tab')
    await expect(previous).toBeFocused()
  }
  await page.keyboard.press('Enter')
  await expect(image).toBeHidden()
  await expect(consultImage).toBeFocused()
})
