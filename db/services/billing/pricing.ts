// PLACEHOLDER of the tariffs part's pricing (billing-common.md's contract), so that the billing
// runs build before the tariffs branch is merged: one line of 100,00 € per enrolment of the year.
// The merge of `tariffs` replaces this file by the real one.
import type { Trx } from '../../connection.ts'
import type { BillingPeriod } from '../../rules/billing.ts'
import type { InvoiceLineInput } from './invoices.ts'

export interface FamilyPricing {
  cotisations: InvoiceLineInput[]
  locations: InvoiceLineInput[]
}

export async function priceFamily(
  trx: Trx,
  input: { familyId: number; schoolYearId: number; period: BillingPeriod },
): Promise<FamilyPricing> {
  const rows = await trx('enrolments as e')
    .join('pupils as p', 'p.id', 'e.pupil_id')
    .join('courses as c', 'c.id', 'e.course_id')
    .where({ 'p.family_id': input.familyId, 'c.school_year_id': input.schoolYearId })
    .select<
      { id: number; pupil_id: number; label: string; last_name: string; first_name: string }[]
    >('e.id', 'e.pupil_id', 'c.label', 'p.last_name', 'p.first_name')
  return {
    cotisations: rows.map((r) => ({
      category: 'cotisation',
      pupilId: r.pupil_id,
      enrolmentId: r.id,
      label: `${r.label} — ${r.last_name} ${r.first_name}`,
      rule: 'Tarif provisoire : 100,00 €',
      amountCents: 10000,
    })),
    locations: [],
  }
}
