// « Simulation »: what the tariffs give one family for a school year or a term — exactly the
// lines priceFamily returns (a billing run issues these), with their rules, and the totals.
import type { Trx } from '../../connection.ts'
import type { BillingPeriod } from '../../rules/billing.ts'
import type { SimulationLineView, SimulationView } from '../../rules/tariff-views.ts'
import { schoolYear } from './common.ts'
import type { InvoiceLineInput } from './invoices.ts'
import { familySituation } from './pricing-data.ts'
import { priceFamily } from './pricing.ts'

const view = (l: InvoiceLineInput): SimulationLineView => ({
  category: l.category,
  label: l.label,
  rule: l.rule ?? '',
  amountCents: l.amountCents,
})

const sum = (lines: readonly InvoiceLineInput[]) => lines.reduce((s, l) => s + l.amountCents, 0)

export async function simulateFamily(
  trx: Trx,
  input: { familyId: number; schoolYearId: number; period: BillingPeriod },
): Promise<SimulationView> {
  const situation = await familySituation(trx, input.familyId)
  const year = await schoolYear(trx, input.schoolYearId)
  const pricing = await priceFamily(trx, input)
  const cotisationsCents = sum(pricing.cotisations)
  const locationsCents = sum(pricing.locations)
  return {
    schoolYear: { id: year.id, label: year.label },
    quotientFamilial: situation.quotient,
    residence: situation.residence,
    cotisations: pricing.cotisations.map(view),
    locations: pricing.locations.map(view),
    cotisationsCents,
    locationsCents,
    totalCents: cotisationsCents + locationsCents,
  }
}
