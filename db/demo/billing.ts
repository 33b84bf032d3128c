// The demo conservatoire's billing: a communal conservatoire that bills through the Trésor Public
// (« AVIS DES SOMMES A PAYER »), its tariffs for the current year (quotient brackets × residence ×
// cursus), the families' quotients, a trumpet rented to the DUPONT family, and the current year
// billed for every family through the very services staff use (billing runs, SEPA mandates and
// exports, recordPayment). Some families paid at once, some pay by instalments, some are late; ABOLANT's
// invoice is unpaid, for abolant1 to pay online with the PayFiP simulator.
import { composeIBAN } from 'ibantools'
import type { Clock } from '../clock.ts'
import type { Trx } from '../connection.ts'
import { INSTALMENT_PLANS, type InstalmentPlan, type PaymentMode } from '../rules/billing.ts'
import { RUN_CHUNK } from '../rules/invoicing.ts'
import { parisDay } from '../rules/pedagogy.ts'
import type { BillingActor } from '../services/billing/common.ts'
import { finishRun, processRunChunk, startRun } from '../services/billing/runs.ts'
import { recordPayment } from '../services/billing/payments.ts'
import { exportDebits } from '../services/billing/sepa-export.ts'
import { addMandate, revokeMandate } from '../services/billing/sepa-mandates.ts'
import { seededRandom } from './generator.ts'

type Rand = () => number

const DAY = 86_400_000

/** Brackets of quotient familial (lower bounds in euros) and the year's price per residence. */
const BRACKETS = [
  { label: 'Tranche A', lower: 0 },
  { label: 'Tranche B', lower: 600 },
  { label: 'Tranche C', lower: 900 },
  { label: 'Tranche D', lower: 1300 },
] as const

/** Year prices in euros for brackets A–D, in the commune; the communauté pays 1.3×, outside 2×. */
const CURSUS_PRICES: [cursus: string, prices: [number, number, number, number]][] = [
  ['Musique cursus diplômant', [120, 180, 240, 300]],
  ['Musique hors cursus', [150, 210, 270, 330]],
  ['Parcours personnalisé', [90, 130, 170, 210]],
  ['Danse hors cursus', [100, 140, 180, 220]],
  ['Théâtre', [80, 110, 140, 170]],
]
const KIND_PRICES: [kind: 'individuel' | 'collectif', prices: [number, number, number, number]][] =
  [
    ['individuel', [150, 210, 270, 330]],
    ['collectif', [60, 80, 100, 120]],
  ]
const RESIDENCE_FACTORS = [
  ['commune', 1],
  ['communaute', 1.3],
  ['exterieur', 2],
] as const

/** The demo's PayFiP client number (the simulator accepts any) and SEPA creditor. */
export const DEMO_BILLING_SETTINGS = {
  mode: 'tresor_public',
  invoice_title: 'AVIS DES SOMMES A PAYER',
  payfip_numcli: '123456',
  payfip_saisie: 'T',
  sepa_creditor_id: 'FR12ZZZ123456',
  sepa_creditor_name: 'CONSERVATOIRE DU GOLFE',
  sepa_creditor_iban: 'FR7630006000011234567890189',
  sepa_creditor_bic: 'AGRIFRPPXXX',
  separate_rentals: true,
} as const

async function insertTariffs(trx: Trx, yearId: number, now: string): Promise<void> {
  const stamp = { created_at: now, updated_at: now }
  const bracketIds: number[] = []
  for (const b of BRACKETS) {
    const [id] = await trx('quotient_brackets').insert({
      school_year_id: yearId,
      label: b.label,
      lower_bound_euros: b.lower,
      ...stamp,
    })
    bracketIds.push(Number(id))
  }
  const cursus = new Map(
    (await trx('cursus').select<{ id: number; name: string }[]>('id', 'name')).map((c) => [
      c.name,
      c.id,
    ]),
  )
  const targets: { row: Record<string, unknown>; prices: readonly number[] }[] = [
    ...CURSUS_PRICES.filter(([name]) => cursus.has(name)).map(([name, prices]) => ({
      row: { target: 'cursus', cursus_id: cursus.get(name) },
      prices,
    })),
    ...KIND_PRICES.map(([kind, prices]) => ({
      row: { target: 'course_kind', course_kind: kind },
      prices,
    })),
  ]
  for (const t of targets) {
    const [tariffId] = await trx('tariffs').insert({
      school_year_id: yearId,
      ...t.row,
      label: '',
      pro_rata: true,
      ...stamp,
    })
    await trx('tariff_prices').insert(
      bracketIds.flatMap((bracketId, i) =>
        RESIDENCE_FACTORS.map(([residence, factor]) => ({
          tariff_id: Number(tariffId),
          bracket_id: bracketId,
          residence,
          amount_cents: Math.round((t.prices[i] ?? 0) * factor) * 100,
        })),
      ),
    )
  }
  await trx('family_reductions').insert([
    { school_year_id: yearId, rank: 2, rate_bp: 1000 },
    { school_year_id: yearId, rank: 3, rate_bp: 2000 },
  ])
  await trx('billing_fees').insert({
    school_year_id: yearId,
    label: 'Frais de dossier',
    amount_cents: 2000,
    per: 'famille',
    ...stamp,
  })
  await trx('rental_rates').insert({
    school_year_id: yearId,
    price_cents: 15000,
    deposit_cents: 30000,
  })
}

/** Quotients: one family in six gave none (priced at the highest bracket). */
async function setQuotients(trx: Trx, rand: Rand): Promise<void> {
  const ids = await trx('families').orderBy('id').pluck<number[]>('id')
  const byQuotient = new Map<number | null, number[]>()
  for (const id of ids) {
    const quotient = rand() < 1 / 6 ? null : 10 * Math.floor(30 + rand() * 170)
    byQuotient.set(quotient, [...(byQuotient.get(quotient) ?? []), id])
  }
  for (const [quotient, list] of byQuotient) {
    for (let i = 0; i < list.length; i += 500)
      await trx('families')
        .whereIn('id', list.slice(i, i + 500))
        .update({ quotient_familial: quotient })
  }
}

/** The family of a demo login on a site (DESIGN.md's names). */
async function familyOf(trx: Trx, siteId: number, login: string): Promise<number> {
  const row = await trx('guardians')
    .where({ site_id: siteId, login })
    .first<{ family_id: number } | undefined>('family_id')
  if (!row) throw new Error(`demo: no guardian ${login}`)
  return row.family_id
}

/** DUPONT (Conservatoire) rents a trumpet for its first pupil, for the whole year. */
async function rentTrumpet(
  trx: Trx,
  familyId: number,
  yearId: number,
  startsOn: string,
  now: string,
) {
  const [instrumentId] = await trx('instruments').insert({
    name: 'Trompette Yamaha YTR-2330',
    inventory_number: 'INV-0001',
    created_at: now,
    updated_at: now,
  })
  await trx('instruments').insert({
    name: 'Violon 3/4 Stentor',
    inventory_number: 'INV-0002',
    created_at: now,
    updated_at: now,
  })
  const pupil = await trx('pupils')
    .where({ family_id: familyId })
    .orderBy('id')
    .first<{ id: number }>('id')
  await trx('instrument_rentals').insert({
    instrument_id: Number(instrumentId),
    family_id: familyId,
    pupil_id: pupil?.id ?? null,
    school_year_id: yearId,
    starts_on: startsOn,
    ends_on: null,
    price_cents: 15000,
    deposit_cents: 30000,
    created_at: now,
    updated_at: now,
  })
}

type Story = 'unpaid' | 'paid' | 'instalments' | 'late'

interface Plan {
  story: Story
  instalments: InstalmentPlan
  directDebit: boolean
  mode: PaymentMode
}

const MODES: PaymentMode[] = ['cheque', 'carte', 'virement', 'especes', 'cheques_vacances']

/** What each family does: most paid at once, a quarter pay monthly by direct debit, some late. */
function planOf(rand: Rand): Plan {
  const r = rand()
  const mode = MODES[Math.floor(rand() * MODES.length)] ?? 'cheque'
  if (r < 0.45) return { story: 'paid', instalments: 1, directDebit: false, mode }
  if (r < 0.7)
    return { story: 'instalments', instalments: 10, directDebit: true, mode: 'prelevement' }
  if (r < 0.85) return { story: 'instalments', instalments: 3, directDebit: false, mode: 'cheque' }
  if (r < 0.95) return { story: 'late', instalments: 3, directDebit: false, mode: 'cheque' }
  return { story: 'unpaid', instalments: 1, directDebit: false, mode }
}

/** Pays an invoice's instalments due by `today` (all of them for 'paid'; none for 'late'). */
async function pay(
  trx: Trx,
  invoiceId: number,
  plan: Plan,
  today: string,
  actor: BillingActor,
): Promise<void> {
  // Direct debits are collected by the month's SEPA exports (loadDemoDebits).
  if (plan.story === 'unpaid' || plan.directDebit) return
  const instalments = await trx('invoice_instalments')
    .where({ invoice_id: invoiceId })
    .orderBy('position')
    .select<{ id: number; due_on: string; amount_cents: number }[]>('id', 'due_on', 'amount_cents')
  for (const [i, inst] of instalments.entries()) {
    const due = plan.story === 'paid' || inst.due_on <= today
    // A late family paid its first instalment only.
    if (!due || (plan.story === 'late' && i > 0)) break
    if (inst.amount_cents <= 0) continue
    await recordPayment(
      trx,
      {
        invoiceId,
        mode: plan.mode,
        amountCents: inst.amount_cents,
        paidOn: inst.due_on < today ? inst.due_on : today,
        reference: plan.mode === 'cheque' ? `CHQ ${1_000_000 + invoiceId}` : '',
        instalmentId: inst.id,
      },
      actor,
    )
  }
}

/** A French IBAN of the demo (bank 30006, branch 00001), valid: its RIB key and check digits. */
function demoIban(familyId: number): string {
  const account = String(10_000_000_000 + familyId)
  const key = 97 - ((89 * 30006 + 15 * 1 + 3 * Number(account)) % 97)
  const bban = `3000600001${account}${String(key).padStart(2, '0')}`
  const iban = composeIBAN({ countryCode: 'FR', bban })
  if (!iban) throw new Error(`demo: no IBAN for ${bban}`)
  return iban
}

/**
 * The direct-debit families' mandates, signed at the start of the school year (DUPONT Marc's
 * first one revoked for a new account): billing runs then debit their instalments.
 */
async function addDemoMandates(
  trx: Trx,
  input: { families: number[]; revoked: number; signedOn: string },
  actor: BillingActor,
): Promise<void> {
  const signer = { ...actor, clock: { now: () => new Date(`${input.signedOn}T10:00:00Z`) } }
  for (const familyId of input.families) {
    const name = await trx('families').where({ id: familyId }).first<{ name: string }>('name')
    const mandate = {
      holderName: name?.name ?? 'FAMILLE',
      iban: demoIban(familyId),
      bic: 'AGRIFRPPXXX',
      signedOn: input.signedOn,
    }
    if (familyId === input.revoked) {
      const first = await addMandate(
        trx,
        familyId,
        { ...mandate, iban: demoIban(900_000 + familyId) },
        signer,
      )
      await revokeMandate(trx, first.id, signer)
    }
    await addMandate(trx, familyId, mandate, signer)
  }
}

/**
 * The SEPA export of each month up to this one, made five days before its month as the office
 * does: the debited instalments of those months are paid.
 */
async function exportDemoDebits(
  trx: Trx,
  firstDueOn: string,
  actor: BillingActor,
  clock: Clock,
): Promise<void> {
  const thisMonth = parisDay(clock.now()).slice(0, 7)
  for (let month = firstDueOn.slice(0, 7); month <= thisMonth; month = nextMonth(month)) {
    const before = new Date(Date.parse(`${month}-01T09:00:00Z`) - 5 * DAY)
    await exportDebits(
      trx,
      { month, siteIds: null },
      { ...actor, clock: { now: () => before } },
    ).catch((error: unknown) => {
      if (!(error instanceof Error && /rien à prélever/.test(error.message))) throw error
    })
  }
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
}

/**
 * Loads the billing of the current school year: settings, tariffs, quotients, the DUPONT rental,
 * then one invoice per family and account, issued about two months ago, and their payments.
 */
export async function loadDemoBilling(trx: Trx, input: { clock: Clock }): Promise<void> {
  const nowMs = input.clock.now().getTime()
  const now = input.clock.now().toISOString()
  const year = await trx('school_years')
    .where({ is_current: true })
    .first<{ id: number; starts_on: string }>('id', 'starts_on')
  if (!year) throw new Error('demo: no current school year')
  await trx('billing_settings').insert({ id: 1, ...DEMO_BILLING_SETTINGS, updated_at: now })
  await insertTariffs(trx, year.id, now)
  const rand = seededRandom(1313)
  await setQuotients(trx, rand)
  const dupont = await familyOf(trx, 1, 'dupont1')
  await rentTrumpet(trx, dupont, year.id, year.starts_on, now)

  // Issued eight weeks ago (never before the school year starts), due two weeks later.
  const issuedMs = Math.max(Date.parse(`${year.starts_on}T12:00:00Z`) + DAY, nowMs - 56 * DAY)
  const issueClock: Clock = { now: () => new Date(issuedMs) }
  const firstDueOn = parisDay(new Date(issuedMs + 14 * DAY))
  const today = parisDay(input.clock.now())
  const staff = await trx('staff_users')
    .where({ login: 'comptabilite' })
    .first<{ id: number }>('id')
  const actor: BillingActor = {
    staffUserId: staff?.id ?? null,
    clientIp: '127.0.0.1',
    clock: issueClock,
  }
  const paymentActor: BillingActor = { ...actor, clock: input.clock }
  const named = new Map<number, Plan>([
    [
      await familyOf(trx, 1, 'abolant1'),
      { story: 'unpaid', instalments: 1, directDebit: false, mode: 'cheque' },
    ],
    [dupont, { story: 'instalments', instalments: 3, directDebit: false, mode: 'cheque' }],
    [
      await familyOf(trx, 2, 'torrice1'),
      { story: 'paid', instalments: 1, directDebit: false, mode: 'cheque' },
    ],
    [
      await familyOf(trx, 2, 'dupont1'),
      { story: 'instalments', instalments: 10, directDebit: true, mode: 'prelevement' },
    ],
  ])
  const families = await trx('families')
    .whereNull('archived_at')
    .orderBy('id')
    .pluck<number[]>('id')
  const plans = new Map(families.map((id) => [id, named.get(id) ?? planOf(rand)]))
  const debited = families.filter((id) => plans.get(id)?.directDebit)
  await addDemoMandates(
    trx,
    { families: debited, revoked: await familyOf(trx, 2, 'dupont1'), signedOn: year.starts_on },
    actor,
  )
  // One billing run per instalment plan, as the office would bill: a selection each.
  for (const instalments of INSTALMENT_PLANS) {
    const familyIds = families.filter((id) => plans.get(id)?.instalments === instalments)
    if (familyIds.length === 0) continue
    const run = await startRun(
      trx,
      {
        schoolYearId: year.id,
        period: 'annee',
        instalments,
        firstDueOn,
        scope: 'selection',
        familyIds,
        siteIds: null,
      },
      actor,
    )
    for (let i = 0; i < run.familyIds.length; i += RUN_CHUNK)
      await processRunChunk(trx, run.id, run.familyIds.slice(i, i + RUN_CHUNK), actor)
    await finishRun(trx, run.id, actor)
  }
  const invoices = await trx('invoices')
    .where({ school_year_id: year.id, kind: 'facture' })
    .orderBy('id')
    .select<{ id: number; family_id: number }[]>('id', 'family_id')
  for (const invoice of invoices) {
    const plan = plans.get(invoice.family_id)
    if (plan) await pay(trx, invoice.id, plan, today, paymentActor)
  }
  await exportDemoDebits(trx, firstDueOn, actor, input.clock)
}
