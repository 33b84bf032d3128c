// Billing runs (« Facturer »): a school year or a term billed for one family, a selection or every
// family of the staff member's sites. A run is started (its families counted, its row written),
// then processed in chunks, each chunk in a write transaction of its own (the families' pages
// keep answering between two chunks), each family priced by the tariffs (pricing.ts) and billed
// with one invoice per account. A family already billed for the period is skipped and counted.
import { chunks } from '../../chunks.ts'
import { isoNow } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import { DomainError } from '../../errors.ts'
import {
  BILLING_MESSAGES as M,
  BILLING_PERIODS,
  isInstalmentPlan,
  type Account,
  type BillingPeriod,
  type InstalmentPlan,
} from '../../rules/billing.ts'
import {
  INVOICING_MESSAGES as IM,
  overlappingPeriods,
  type RunScope,
} from '../../rules/invoicing.ts'
import { parseDay } from '../../rules/pedagogy.ts'
import { recordAudit } from '../audit.ts'
import { assertStaffSeesFamilies, type SiteScope } from '../staff-scope.ts'
import { schoolYear, type BillingActor } from './common.ts'
import {
  billingSettings,
  issueInvoices,
  type InvoiceLineInput,
  type IssueInvoiceInput,
} from './issuing.ts'
import { priceFamilies } from './pricing-batch.ts'

export interface RunInput {
  schoolYearId: number
  period: BillingPeriod
  instalments: InstalmentPlan
  /** 'YYYY-MM-DD' */
  firstDueOn: string
  scope: RunScope
  /** 'famille': one id; 'selection': the chosen ones; 'tous': ignored. */
  familyIds?: readonly number[]
  /** The staff member's sites (`null`: every site). */
  siteIds: SiteScope
}

export interface RunRow {
  id: number
  school_year_id: number
  period: BillingPeriod
  instalments: InstalmentPlan
  first_due_on: string
  families_total: number
  families_done: number
  invoices_issued: number
  started_at: string
  finished_at: string | null
}

export interface RunProgress {
  id: number
  total: number
  done: number
  issued: number
  /** Families of the run that got no invoice: billed already, or nothing to bill. */
  skipped: number
  finished: boolean
}

function checkRun(input: RunInput): void {
  const errors: Record<string, string> = {}
  if (!(BILLING_PERIODS as readonly string[]).includes(input.period))
    errors['period'] = IM.badPeriod
  if (!isInstalmentPlan(input.instalments)) errors['instalments'] = M.badPlan
  if (parseDay(input.firstDueOn) !== input.firstDueOn) errors['firstDueOn'] = IM.badDueDate
  if (input.scope !== 'tous' && (input.familyIds ?? []).length === 0)
    errors['familyIds'] = IM.noFamilies
  const [first] = Object.values(errors)
  if (first) throw new DomainError('VALIDATION', first, errors)
}

/** The families a run bills, in the order of their ids (archived families are not billed). */
async function runFamilies(trx: Trx, input: RunInput): Promise<number[]> {
  const query = trx('families').whereNull('archived_at').orderBy('id').pluck<number[]>('id')
  if (input.scope === 'tous') {
    if (input.siteIds !== null) query.whereIn('site_id', input.siteIds)
    return query
  }
  const ids = input.scope === 'famille' ? (input.familyIds ?? []).slice(0, 1) : input.familyIds
  await assertStaffSeesFamilies(trx, input.siteIds, ids ?? [])
  const found: number[] = []
  for (const part of chunks(ids ?? [])) found.push(...(await query.clone().whereIn('id', part)))
  if (found.length === 0) throw new DomainError('NOT_FOUND', M.familyNotFound)
  return found.sort((a, b) => a - b)
}

/** Starts a run: checks it, writes its row and the audit entry; gives its families to process. */
export async function startRun(
  trx: Trx,
  input: RunInput,
  actor: BillingActor,
): Promise<{ id: number; familyIds: number[] }> {
  checkRun(input)
  const year = await schoolYear(trx, input.schoolYearId)
  const familyIds = await runFamilies(trx, input)
  const [id] = await trx('billing_runs').insert({
    school_year_id: year.id,
    period: input.period,
    instalments: input.instalments,
    first_due_on: input.firstDueOn,
    families_total: familyIds.length,
    started_at: isoNow(actor.clock),
    started_by_staff_user_id: actor.staffUserId ?? null,
  })
  const runId = Number(id)
  await auditRun(trx, actor, 'billing_run.start', runId, {
    schoolYear: year.label,
    period: input.period,
    instalments: input.instalments,
    scope: input.scope,
    families: familyIds.length,
  })
  return { id: runId, familyIds }
}

function auditRun(
  trx: Trx,
  actor: BillingActor,
  action: string,
  runId: number,
  details: Record<string, unknown>,
): Promise<void> {
  return recordAudit(trx, {
    clock: actor.clock,
    actorType: actor.staffUserId ? 'staff' : 'system',
    actorId: actor.staffUserId ?? null,
    action,
    entityType: 'billing_run',
    entityId: runId,
    clientIp: actor.clientIp,
    details,
  })
}

export async function runRow(trx: Trx, runId: number): Promise<RunRow> {
  const run = await trx('billing_runs').where({ id: runId }).first<RunRow | undefined>()
  if (!run) throw new DomainError('NOT_FOUND', IM.runNotFound)
  return run
}

/** The accounts of a chunk's families that have a live invoice (not wholly credited) already. */
async function billedAlready(trx: Trx, run: RunRow, familyIds: readonly number[]) {
  const rows = await trx('invoices as i')
    .where({ 'i.kind': 'facture', 'i.school_year_id': run.school_year_id })
    .whereIn('i.period', overlappingPeriods(run.period))
    .whereIn('i.family_id', familyIds)
    .whereRaw(
      `i.total_cents + COALESCE((SELECT SUM(c.total_cents) FROM invoices c
         WHERE c.credits_invoice_id = i.id), 0) > 0`,
    )
    .select<{ family_id: number; account: Account }[]>('i.family_id', 'i.account')
  return new Set(rows.map((r) => `${r.family_id}:${r.account}`))
}

/** The families of a chunk with a SEPA mandate in force: their instalments are debited. */
async function withMandate(trx: Trx, familyIds: readonly number[]): Promise<Set<number>> {
  const ids = await trx('sepa_mandates')
    .whereIn('family_id', familyIds)
    .whereNull('revoked_at')
    .pluck<number[]>('family_id')
  return new Set(ids)
}

/** The invoices a family's pricing gives: one per account, or one when rentals go with the rest. */
function invoicesOf(
  pricing: { cotisations: InvoiceLineInput[]; locations: InvoiceLineInput[] },
  separateRentals: boolean,
): [Account, InvoiceLineInput[]][] {
  const all: [Account, InvoiceLineInput[]][] = separateRentals
    ? [
        ['cotisations', pricing.cotisations],
        ['locations', pricing.locations],
      ]
    : [['cotisations', [...pricing.cotisations, ...pricing.locations]]]
  return all.filter(([, lines]) => lines.reduce((sum, l) => sum + l.amountCents, 0) > 0)
}

/**
 * Bills a chunk of the run's families, in the caller's transaction: each one priced, then one
 * invoice per account with something to bill, unless that account is billed already for the
 * period. Raises the run's counts. Gives the invoices issued.
 */
export async function processRunChunk(
  trx: Trx,
  runId: number,
  familyIds: readonly number[],
  actor: BillingActor,
): Promise<number> {
  const run = await runRow(trx, runId)
  const { separateRentals } = await billingSettings(trx)
  const billed = await billedAlready(trx, run, familyIds)
  const inputs: IssueInvoiceInput[] = []
  const priced = await priceFamilies(trx, {
    familyIds,
    schoolYearId: run.school_year_id,
    period: run.period,
  })
  const debited = await withMandate(trx, familyIds)
  for (const familyId of familyIds) {
    const pricing = priced.get(familyId)
    if (!pricing) continue
    for (const [account, lines] of invoicesOf(pricing, separateRentals)) {
      if (billed.has(`${familyId}:${account}`)) continue
      inputs.push({
        familyId,
        schoolYearId: run.school_year_id,
        period: run.period,
        account,
        lines,
        instalments: run.instalments,
        firstDueOn: run.first_due_on,
        directDebit: debited.has(familyId),
        billingRunId: run.id,
      })
    }
  }
  const issued = (await issueInvoices(trx, inputs, actor)).length
  await trx('billing_runs')
    .where({ id: run.id })
    .update({
      families_done: trx.raw('families_done + ?', [familyIds.length]),
      invoices_issued: trx.raw('invoices_issued + ?', [issued]),
    })
  return issued
}

/** Marks the run finished (every chunk processed), with its audit entry. */
export async function finishRun(trx: Trx, runId: number, actor: BillingActor): Promise<void> {
  const run = await runRow(trx, runId)
  await trx('billing_runs')
    .where({ id: runId })
    .update({ finished_at: isoNow(actor.clock) })
  await auditRun(trx, actor, 'billing_run.finish', runId, {
    families: run.families_done,
    invoices: run.invoices_issued,
  })
}

/** How far a run is: « 1 200 familles sur 20 000, 1 150 factures ». */
export async function runProgress(trx: Trx, runId: number): Promise<RunProgress> {
  const run = await runRow(trx, runId)
  const billed = await trx('invoices')
    .where({ billing_run_id: runId })
    .countDistinct<{ n: number }>({ n: 'family_id' })
    .first()
  return {
    id: run.id,
    total: run.families_total,
    done: run.families_done,
    issued: run.invoices_issued,
    skipped: run.families_done - Number(billed?.n ?? 0),
    finished: run.finished_at !== null,
  }
}
