// priceFamily for many families at once (a billing run of a whole year): the year and its grid
// read once, then the families by 500 — their quotient and residence, their pupils' enrolments,
// their rentals, each in one query — priced in memory. The lines are exactly priceFamily's.
import type { Trx } from '../../connection.ts'
import type { BillingPeriod } from '../../rules/billing.ts'
import { familySituations, yearEnrolments, yearRentals } from './pricing-data.ts'
import { priceLoaded, yearAndGrid, type FamilyPricing } from './pricing.ts'

const CHUNK = 500

function byFamily<R extends { familyId: number }>(rows: readonly R[]): Map<number, R[]> {
  const map = new Map<number, R[]>()
  for (const row of rows) {
    const list = map.get(row.familyId)
    if (list) list.push(row)
    else map.set(row.familyId, [row])
  }
  return map
}

/** What the tariffs give each family (families that do not exist are left out). */
export async function priceFamilies(
  trx: Trx,
  input: { familyIds: readonly number[]; schoolYearId: number; period: BillingPeriod },
): Promise<Map<number, FamilyPricing>> {
  const { year, grid } = await yearAndGrid(trx, input.schoolYearId)
  const priced = new Map<number, FamilyPricing>()
  for (let i = 0; i < input.familyIds.length; i += CHUNK) {
    const ids = input.familyIds.slice(i, i + CHUNK)
    const situations = await familySituations(trx, ids)
    const enrolments = byFamily(await yearEnrolments(trx, ids, year.id))
    const rentals = byFamily(await yearRentals(trx, ids, year.id))
    for (const id of ids) {
      const situation = situations.get(id)
      if (!situation) continue
      const loaded = {
        year,
        grid,
        situation,
        enrolments: enrolments.get(id) ?? [],
        rentals: rentals.get(id) ?? [],
      }
      priced.set(id, priceLoaded(loaded, input.period))
    }
  }
  return priced
}
