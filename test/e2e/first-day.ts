import type { Page } from '@playwright/test'
import { SAMPLE_HEADINGS } from '../../extranet/server/presenters/import-files.ts'
import { expect } from './fixtures.ts'

// The steps of a conservatoire's first day in the back office, shared by the specs that walk
// through them (the first run, the whole first day).

export const ADMIN_PASSWORD = 'Le sacre du printemps 1913'

/** On a database without any account: the administrator's account, which opens the first run. */
export async function createAdministrator(page: Page, staffUrl: string): Promise<void> {
  await page.goto(staffUrl)
  await page.getByLabel('Identifiant').fill('direction')
  await page.getByLabel('Nom affiché').fill('Hélène Martin')
  await page.getByLabel('Mot de passe', { exact: true }).fill(ADMIN_PASSWORD)
  await page.getByLabel('Confirmer le mot de passe', { exact: true }).fill(ADMIN_PASSWORD)
  await page.getByRole('button', { name: 'Créer le compte administrateur' }).click()
  await expect(page.getByRole('heading', { name: 'Première mise en service' })).toBeVisible()
}

/** « Paramètres › Sites », « Nouveau site »: a site of PORT-LANVERN. */
export async function addSite(page: Page, name: string, address: string): Promise<void> {
  await page.getByRole('button', { name: 'Nouveau site' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('Nom du site *').fill(name)
  await dialog.getByLabel('Adresse *').fill(address)
  await dialog.getByLabel('Code postal *').fill('29900')
  await dialog.getByLabel('Ville *').fill('PORT-LANVERN')
  await dialog.getByLabel('Téléphone').fill('0298001122')
  await dialog.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(
    page.getByRole('status').filter({ hasText: `Le site « ${name} » est créé.` }),
  ).toBeVisible()
}

/** A fictional surname per family: KERAA, KERBA… */
export const surname = (i: number) =>
  `KER${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}`

/** 50 families of the site « Conservatoire », one pupil each; `broken` spoils three lines. */
export function familiesCsv(broken: boolean): { name: string; mimeType: string; buffer: Buffer } {
  const rows = [SAMPLE_HEADINGS]
  for (let i = 0; i < 50; i++) {
    const name = surname(i)
    const site = broken && i === 20 ? 'Annexe inconnue' : 'Conservatoire'
    const email = broken && i === 7 ? 'famille7@' : `famille${i}@import.example.org`
    const born = broken && i === 33 ? '31/02/2015' : '14/09/2015'
    rows.push([
      String(100 + i),
      site,
      ...['Madame', name, 'Anne', `${i + 1} rue du Port`, '29170', 'FOUESNANT'],
      ...['', '0611223344', '', email],
      ...Array.from({ length: 10 }, () => ''),
      ...['Monsieur', name, 'Yann', born, 'Quimper', 'CM1', 'oui'],
    ])
  }
  const text = rows.map((r) => r.join(';')).join('\r\n')
  return { name: 'familles.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${text}`) }
}
