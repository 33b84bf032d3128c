// A communal conservatoire's tariffs, built through the staff routes (the tariffs part's
// fixtures): four quotient brackets, the Musique cursus diplômant by bracket and residence (pro
// rata), Formation musicale alone, collective courses, 2nd pupil −10 %, 3rd −20 %, « Frais de
// dossier » 20 € per family, rentals 120 € a year with a 150 € deposit.
import { expect } from 'vitest'
import type { Client } from './api.ts'

export const BRACKETS = [
  ['Tranche A', 0],
  ['Tranche B', 600],
  ['Tranche C', 900],
  ['Tranche D', 1200],
] as const

/** Cents by bracket (A … D) and residence (commune, communauté, extérieur). */
export const CURSUS_PRICES = [
  [12_000, 15_000, 24_000],
  [18_000, 21_000, 30_000],
  [24_000, 27_000, 36_000],
  [30_000, 33_000, 42_000],
] as const
export const FM_PRICES = [
  [6_000, 7_000, 9_000],
  [8_000, 9_000, 12_000],
  [10_000, 11_000, 15_000],
  [12_000, 13_000, 18_000],
] as const
export const COLLECTIVE_PRICES = [
  [3_000, 3_500, 4_500],
  [4_000, 4_500, 6_000],
  [5_000, 5_500, 7_500],
  [6_000, 6_500, 9_000],
] as const

const RESIDENCES = ['commune', 'communaute', 'exterieur'] as const

async function ok(answer: Promise<{ statusCode: number; body: unknown; payload: string }>) {
  const res = await answer
  expect(res.statusCode, res.payload).toBeLessThan(300)
  return res.statusCode === 204 ? undefined : (res.body as { id: number })
}

export interface DemoGrid {
  brackets: number[]
  cursus: number
  fm: number
  collectif: number
}

async function priced(
  staff: Client,
  schoolYearId: number,
  tariff: object,
  brackets: number[],
  prices: readonly (readonly [number, number, number])[],
): Promise<number> {
  const { id } = (await ok(staff.post('/api/staff/tariffs', { schoolYearId, ...tariff }))) as {
    id: number
  }
  for (const [b, bracketId] of brackets.entries())
    for (const [r, residence] of RESIDENCES.entries())
      await ok(
        staff.put(`/api/staff/tariffs/${id}/prices`, {
          bracketId,
          residence,
          amountCents: prices[b]?.[r],
        }),
      )
  return id
}

/** Builds the grid of a school year through the routes (staff: a bill role). */
export async function buildDemoGrid(
  staff: Client,
  schoolYearId: number,
  cursusId: number,
  fmId: number,
): Promise<DemoGrid> {
  const brackets: number[] = []
  for (const [label, lowerBoundEuros] of BRACKETS) {
    const body = { schoolYearId, label, lowerBoundEuros }
    brackets.push(
      ((await ok(staff.post('/api/staff/quotient-brackets', body))) as { id: number }).id,
    )
  }
  const cursus = await priced(
    staff,
    schoolYearId,
    { target: 'cursus', cursusId, proRata: true },
    brackets,
    CURSUS_PRICES,
  )
  const fm = await priced(
    staff,
    schoolYearId,
    { target: 'discipline', disciplineId: fmId, proRata: true },
    brackets,
    FM_PRICES,
  )
  const collectif = await priced(
    staff,
    schoolYearId,
    {
      target: 'course_kind',
      courseKind: 'collectif',
      label: 'Pratique collective',
      proRata: false,
    },
    brackets,
    COLLECTIVE_PRICES,
  )
  await ok(
    staff.put('/api/staff/tariffs/reductions', {
      schoolYearId,
      reductions: [
        { rank: 2, rateBp: 1000 },
        { rank: 3, rateBp: 2000 },
      ],
    }),
  )
  await ok(
    staff.post('/api/staff/billing-fees', {
      schoolYearId,
      label: 'Frais de dossier',
      amountCents: 2000,
      per: 'famille',
    }),
  )
  await ok(
    staff.put('/api/staff/tariffs/rental-rate', {
      schoolYearId,
      priceCents: 12_000,
      depositCents: 15_000,
    }),
  )
  return { brackets, cursus, fm, collectif }
}

/** A multipart body of fields and one file `file`, as a browser's FormData sends it. */
export function multipartForm(
  fields: Record<string, string>,
  file?: { name: string; bytes: Buffer },
) {
  const boundary = '----porteeTariffsBoundary'
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) =>
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
    ),
  )
  if (file)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      ),
      file.bytes,
      Buffer.from('\r\n'),
    )
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return {
    payload: Buffer.concat(parts) as unknown as object,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  }
}
