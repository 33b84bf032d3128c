import { beforeEach, describe, expect, it } from 'vitest'
import { issueCreditNote } from '../../db/services/billing/invoices.ts'
import { runProgress, startRun, type RunInput } from '../../db/services/billing/runs.ts'
import { processRun } from '../../extranet/server/billing-runs.ts'
import { addGrid, buildBillingWorld, type BillingWorld } from '../support/billing-invoicing.ts'
import { freshDatabases } from '../support/db.ts'

// Billing runs on a real SQLite file, priced by the real tariffs (addGrid: ABOLANT 240,00 € of
// cotisations and a rental of 300,00 €, TORRICE 95,00 €): one invoice per family and account,
// chunks that raise the progress, families billed already or with nothing to bill skipped.

const freshDb = freshDatabases('portee-runs-')
let w: BillingWorld

beforeEach(async () => {
  w = await buildBillingWorld(freshDb())
  await addGrid(w)
})

/** A run of the whole 2025/2026 year in three instalments, for every family, but for `over`. */
const runInput = (over: Partial<RunInput> = {}): RunInput => ({
  schoolYearId: w.years.y2025,
  period: 'annee',
  instalments: 3,
  firstDueOn: '2025-11-05',
  scope: 'tous',
  siteIds: null,
  ...over,
})

const start = (over: Partial<RunInput>) =>
  w.db.transaction((trx) => startRun(trx, runInput(over), w.billing))

const run = async (over: Partial<RunInput> = {}, chunk = 200) => {
  const started = await start(over)
  const seen: [number, number][] = []
  await processRun(w.db, started, w.billing, { chunk, progress: (d, t) => seen.push([d, t]) })
  const progress = await w.db.transaction((trx) => runProgress(trx, started.id))
  return { id: started.id, progress, seen }
}

const invoices = () =>
  w
    .db('invoices')
    .orderBy('id')
    .select('number', 'family_id', 'account', 'total_cents', 'billing_run_id', 'period')

describe('a billing run', () => {
  it('bills every family: one invoice per account, numbered in turn, with the tariffs’ lines', async () => {
    const r = await run({}, 1)
    expect(r.progress).toEqual({
      id: r.id,
      total: 2,
      done: 2,
      issued: 3,
      skipped: 0,
      finished: true,
    })
    expect(r.seen).toEqual([
      [1, 2],
      [2, 2],
    ])
    expect(await invoices()).toEqual([
      {
        number: '2025-F-000001',
        family_id: 1,
        account: 'cotisations',
        total_cents: 24_000,
        billing_run_id: r.id,
        period: 'annee',
      },
      {
        number: '2025-F-000002',
        family_id: 1,
        account: 'locations',
        total_cents: 30_000,
        billing_run_id: r.id,
        period: 'annee',
      },
      {
        number: '2025-F-000003',
        family_id: 2,
        account: 'cotisations',
        total_cents: 9_500,
        billing_run_id: r.id,
        period: 'annee',
      },
    ])
    const lines = await w
      .db('invoice_lines')
      .where({ invoice_id: 1 })
      .orderBy('position')
      .select('category', 'amount_cents')
    expect(lines).toEqual([
      { category: 'cotisation', amount_cents: 18_000 },
      { category: 'cotisation', amount_cents: 4_000 },
      { category: 'frais', amount_cents: 2_000 },
    ])
    expect(
      await w
        .db('invoice_instalments')
        .where({ invoice_id: 3 })
        .orderBy('position')
        .select('due_on', 'amount_cents'),
    ).toEqual([
      { due_on: '2025-11-05', amount_cents: 3_168 },
      { due_on: '2026-02-05', amount_cents: 3_166 },
      { due_on: '2026-05-05', amount_cents: 3_166 },
    ])
    expect(
      await w
        .db('audit_log')
        .where('action', 'like', 'billing_run.%')
        .orderBy('id')
        .pluck('action'),
    ).toEqual(['billing_run.start', 'billing_run.finish'])
  })

  it('puts the rentals on the cotisations’ invoice when the settings say so', async () => {
    await w
      .db('billing_settings')
      .insert({ id: 1, separate_rentals: false, updated_at: '2025-08-01' })
    await run({ scope: 'famille', familyIds: [w.families.abolant] })
    expect((await invoices()).map((i) => [i.account, i.total_cents])).toEqual([
      ['cotisations', 54_000],
    ])
  })

  it('keeps to the staff member’s sites and to the families chosen', async () => {
    const mine = await run({ siteIds: [2] })
    expect(mine.progress.total).toBe(1)
    expect((await invoices()).map((i) => i.family_id)).toEqual([2])
    const chosen = await run({
      scope: 'selection',
      familyIds: [w.families.abolant, w.families.torrice],
    })
    // TORRICE was billed by the first run: skipped, counted.
    expect(chosen.progress).toMatchObject({ total: 2, done: 2, issued: 2, skipped: 1 })
    await expect(
      start({ instalments: 1, scope: 'famille', familyIds: [w.families.abolant], siteIds: [2] }),
    ).rejects.toThrow('Cette famille est introuvable.')
  })

  it('takes a selection longer than SQLite binds in one statement', async () => {
    const unknown = Array.from({ length: 40_000 }, (_, i) => 1_000_000 + i)
    const { familyIds } = await start({
      instalments: 1,
      scope: 'selection',
      familyIds: [...unknown, w.families.torrice, w.families.abolant],
      siteIds: [1, 2],
    })
    // The families found, in the order of their ids (the run's chunks go in that order).
    const expected = [w.families.abolant, w.families.torrice].sort((a, b) => a - b)
    expect(familyIds).toEqual(expected)
  })

  it('skips a family billed for the year when a term is billed, and bills it again after a credit note', async () => {
    await run()
    const term = await run({ period: 'trimestre_2' })
    expect(term.progress).toMatchObject({ done: 2, issued: 0, skipped: 2, finished: true })
    // The whole of TORRICE's invoice credited: the year is billed again, for TORRICE only.
    await w.db.transaction((trx) =>
      issueCreditNote(
        trx,
        {
          invoiceId: 3,
          reason: 'Erreur de tranche',
          lines: [{ category: 'cotisation', label: 'Annulation', amountCents: 9_500 }],
        },
        w.billing,
      ),
    )
    const again = await run()
    expect(again.progress).toMatchObject({ done: 2, issued: 1, skipped: 1 })
    expect((await invoices()).at(-1)).toMatchObject({
      number: '2025-F-000004',
      family_id: 2,
      total_cents: 9_500,
    })
  })

  it('skips a family with nothing to bill and leaves archived families out', async () => {
    await w.db('enrolments').where({ pupil_id: w.pupils.emilie }).del()
    await w.db('families').insert({
      id: 3,
      site_id: 1,
      name: 'ARCHIVÉE',
      archived_at: '2025-08-02',
      created_at: '2025-08-01',
      updated_at: '2025-08-01',
    })
    const r = await run()
    expect(r.progress).toMatchObject({ total: 2, done: 2, issued: 2, skipped: 1 })
    expect((await invoices()).map((i) => i.family_id)).toEqual([1, 1])
  })

  it('debits the instalments of a family whose SEPA mandate is in force, not the others’', async () => {
    await w.db('sepa_mandates').insert({
      family_id: w.families.abolant,
      number: 1,
      rum: `PORTEE-${w.families.abolant}-1`,
      holder_name: 'ABOLANT Jocelyne',
      iban: 'FR1420041010050500013M02606',
      bic: 'PSSTFRPPPAR',
      signed_on: '2025-09-01',
      created_at: '2025-09-01T10:00:00.000Z',
      updated_at: '2025-09-01T10:00:00.000Z',
    })
    await run()
    const debited = await w
      .db('invoice_instalments as ii')
      .join('invoices as i', 'i.id', 'ii.invoice_id')
      .groupBy('i.family_id')
      .orderBy('i.family_id')
      .select(
        'i.family_id',
        w.db.raw('MIN(ii.direct_debit) AS lo'),
        w.db.raw('MAX(ii.direct_debit) AS hi'),
      )
    expect(debited).toEqual([
      { family_id: w.families.abolant, lo: 1, hi: 1 },
      { family_id: w.families.torrice, lo: 0, hi: 0 },
    ])
  })
})
