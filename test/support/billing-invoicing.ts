// The invoicing tests' world: the pedagogy World (ABOLANT on the Conservatoire, TORRICE on the
// Antenne, the school year 2025/2026) with their responsables 1, and invoices issued through
// issueInvoice with explicit lines (the tariffs are not needed to test the ledger).
import type { Db, Trx } from '../../db/connection.ts'
import type { BillingActor } from '../../db/services/billing/common.ts'
import {
  issueInvoice,
  type InvoiceLineInput,
  type IssueInvoiceInput,
} from '../../db/services/billing/invoices.ts'
import { buildWorld, type World } from './pedagogy.ts'

export interface BillingWorld extends World {
  billing: BillingActor
  /** Issues an invoice to ABOLANT (unless told otherwise) for 2025/2026 in its own transaction. */
  invoice: (
    lines: InvoiceLineInput[],
    over?: Partial<IssueInvoiceInput>,
  ) => Promise<{ id: number; number: string; totalCents: number }>
}

const T = '2025-08-01T08:00:00.000Z'

export const line = (label: string, amountCents: number): InvoiceLineInput => ({
  category: 'cotisation',
  label,
  rule: `Tarif : ${amountCents / 100} €`,
  amountCents,
})

export async function buildBillingWorld(db: Db): Promise<BillingWorld> {
  const w = await buildWorld(db)
  await db('guardians').insert([
    {
      family_id: 1,
      site_id: 1,
      rank: 1,
      civility: 'Madame',
      last_name: 'ABOLANT',
      first_name: 'Jocelyne',
      address: '3 rue des Lilas',
      postal_code: '77100',
      city: 'MEAUX',
      email: 'jocelyne.abolant@example.org',
      created_at: T,
      updated_at: T,
    },
    {
      family_id: 2,
      site_id: 2,
      rank: 1,
      civility: 'Madame',
      last_name: 'TORRICE',
      first_name: 'Emilie',
      address: '',
      postal_code: '83120',
      city: 'SAINTE MAXIME',
      email: '',
      created_at: T,
      updated_at: T,
    },
  ])
  const billing: BillingActor = { staffUserId: 1, clientIp: '127.0.0.1', clock: w.clock }
  return {
    ...w,
    billing,
    invoice: (lines, over = {}) =>
      db.transaction((trx: Trx) =>
        issueInvoice(
          trx,
          {
            familyId: w.families.abolant,
            schoolYearId: w.years.y2025,
            period: 'annee',
            lines,
            instalments: 1,
            firstDueOn: '2025-11-05',
            ...over,
          },
          billing,
        ),
      ),
  }
}

const LEDGER_TABLES = [
  'invoices',
  'invoice_lines',
  'invoice_instalments',
  'payments',
  'billing_sequences',
  'billing_runs',
  'audit_log',
]

/** Every row of the ledger's tables and the audit log: what a refused action must leave. */
export async function ledgerSnapshot(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {}
  for (const table of LEDGER_TABLES) out[table] = await db(table).orderBy('rowid').select()
  return out
}

/**
 * A grid of tariffs for 2025/2026 written straight into the tariffs' tables, and what it bills:
 * ABOLANT (QF 750, commune: Tranche B) — Adrien's Trompette (individuel, 180,00 €) and Ensemble
 * de cuivres (collectif, 40,00 €), the Frais de dossier (20,00 €), a trumpet rented (300,00 € a
 * year, deposit 100,00 € not billed); TORRICE (no quotient: Tranche C; no residence: extérieur) —
 * Emilie's Classique adulte (collectif, 75,00 €) and the fee.
 */
export async function addGrid(w: World): Promise<void> {
  const y = w.years.y2025
  const bracket = async (label: string, lower: number) =>
    Number(
      (
        await w.db('quotient_brackets').insert({
          school_year_id: y,
          label,
          lower_bound_euros: lower,
          created_at: T,
          updated_at: T,
        })
      )[0],
    )
  const brackets = [await bracket('Tranche A', 0), await bracket('Tranche B', 600)]
  brackets.push(await bracket('Tranche C', 900))
  const tariff = async (kind: string, proRata: boolean, cents: [number, number, number]) => {
    const [id] = await w.db('tariffs').insert({
      school_year_id: y,
      target: 'course_kind',
      course_kind: kind,
      pro_rata: proRata,
      created_at: T,
      updated_at: T,
    })
    await w.db('tariff_prices').insert(
      brackets.flatMap((b, i) =>
        (['commune', 'communaute', 'exterieur'] as const).map((residence, r) => ({
          tariff_id: id,
          bracket_id: b,
          residence,
          amount_cents: (cents[i] ?? 0) + r * 1500,
        })),
      ),
    )
  }
  // commune / communauté / extérieur: +15,00 € each; A, B, C as given.
  await tariff('individuel', true, [12_000, 18_000, 24_000])
  await tariff('collectif', false, [3_000, 4_000, 4_500])
  await w.db('family_reductions').insert({ school_year_id: y, rank: 2, rate_bp: 1000 })
  await w.db('billing_fees').insert({
    school_year_id: y,
    label: 'Frais de dossier',
    amount_cents: 2000,
    per: 'famille',
    created_at: T,
    updated_at: T,
  })
  await w
    .db('families')
    .where({ id: w.families.abolant })
    .update({ quotient_familial: 750, residence: 'commune' })
  const enrol = (pupil_id: number, course_id: number) =>
    w.db('enrolments').insert({
      pupil_id,
      course_id,
      starts_on: '2025-09-01',
      created_at: T,
      updated_at: T,
    })
  await enrol(w.pupils.adrien, w.courses.trompette)
  await enrol(w.pupils.adrien, w.courses.cuivres)
  await enrol(w.pupils.emilie, w.courses.classique)
  const [instrument] = await w.db('instruments').insert({
    name: 'Trompette Yamaha YTR-2330',
    inventory_number: 'INV-0012',
    created_at: T,
    updated_at: T,
  })
  await w.db('instrument_rentals').insert({
    instrument_id: instrument,
    family_id: w.families.abolant,
    pupil_id: w.pupils.adrien,
    school_year_id: y,
    starts_on: '2025-09-01',
    price_cents: 30_000,
    deposit_cents: 10_000,
    created_at: T,
    updated_at: T,
  })
}

/**
 * A grid for a year that has none (the demo's, until it gets its real tariffs; the bench, the
 * e2e):
 * three brackets, a price per course kind by bracket and residence, a fee, reductions.
 */
export async function demoGrid(db: Db, schoolYearId: number): Promise<void> {
  const has = await db('tariffs').where({ school_year_id: schoolYearId }).first('id')
  if (has) return
  await db.transaction(async (trx) => {
    const brackets: number[] = []
    for (const [label, lower] of [
      ['Tranche A', 0],
      ['Tranche B', 600],
      ['Tranche C', 900],
    ] as const) {
      const [id] = await trx('quotient_brackets').insert({
        school_year_id: schoolYearId,
        label,
        lower_bound_euros: lower,
        created_at: T,
        updated_at: T,
      })
      brackets.push(Number(id))
    }
    for (const [kind, base] of [
      ['individuel', 15_000],
      ['collectif', 4_000],
    ] as const) {
      const [id] = await trx('tariffs').insert({
        school_year_id: schoolYearId,
        target: 'course_kind',
        course_kind: kind,
        pro_rata: true,
        created_at: T,
        updated_at: T,
      })
      await trx('tariff_prices').insert(
        brackets.flatMap((bracket, b) =>
          (['commune', 'communaute', 'exterieur'] as const).map((residence, r) => ({
            tariff_id: id,
            bracket_id: bracket,
            residence,
            amount_cents: base + b * 3_000 + r * 1_500,
          })),
        ),
      )
    }
    await trx('family_reductions').insert([
      { school_year_id: schoolYearId, rank: 2, rate_bp: 1000 },
      { school_year_id: schoolYearId, rank: 3, rate_bp: 2000 },
    ])
    await trx('billing_fees').insert({
      school_year_id: schoolYearId,
      label: 'Frais de dossier',
      amount_cents: 2000,
      per: 'famille',
      created_at: T,
      updated_at: T,
    })
  })
}
