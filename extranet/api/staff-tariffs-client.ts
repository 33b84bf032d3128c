// The back office's calls for tariffs, quotient, residence, rentals and the simulation.
import type { BillingPeriod } from '../../db/rules/billing.ts'
import type { Residence } from '../../db/rules/reenrolment.ts'
import type { ReductionRank } from '../../db/rules/tariffs.ts'
import type { Http } from './http.ts'
import type {
  BracketInput,
  FamilySituationView,
  FeeInput,
  InstrumentView,
  RentalInput,
  RentalView,
  SimulationView,
  TariffGridView,
  TariffInput,
} from './tariff-types.ts'

type Created = { id: number }

export function staffTariffCalls(http: Http) {
  return {
    /** « Tarifs »: the grid of a school year. */
    tariffGrid: (schoolYearId: number) =>
      http.get<TariffGridView>('/api/staff/tariffs', { schoolYearId }),
    copyPreviousTariffs: (schoolYearId: number) =>
      http.post<{ brackets: number; tariffs: number; fees: number }>('/api/staff/tariffs/copy', {
        schoolYearId,
      }),
    saveTariff: (schoolYearId: number, input: TariffInput, id?: number) =>
      id === undefined
        ? http.post<Created>('/api/staff/tariffs', { ...input, schoolYearId })
        : http.put<Created>(`/api/staff/tariffs/${id}`, { ...input, schoolYearId }),
    removeTariff: (id: number) => http.delete<undefined>(`/api/staff/tariffs/${id}`),
    /** A price of a tariff (null clears it). */
    setTariffPrice: (
      tariffId: number,
      input: { bracketId: number; residence: Residence; amountCents: number | null },
    ) => http.put<undefined>(`/api/staff/tariffs/${tariffId}/prices`, input),
    setReductions: (schoolYearId: number, reductions: { rank: ReductionRank; rateBp: number }[]) =>
      http.put<undefined>('/api/staff/tariffs/reductions', { schoolYearId, reductions }),
    setRentalRate: (schoolYearId: number, priceCents: number, depositCents: number) =>
      http.put<undefined>('/api/staff/tariffs/rental-rate', {
        schoolYearId,
        priceCents,
        depositCents,
      }),
    saveBracket: (schoolYearId: number, input: BracketInput, id?: number) =>
      id === undefined
        ? http.post<Created>('/api/staff/quotient-brackets', { ...input, schoolYearId })
        : http.put<Created>(`/api/staff/quotient-brackets/${id}`, { ...input, schoolYearId }),
    removeBracket: (id: number) => http.delete<undefined>(`/api/staff/quotient-brackets/${id}`),
    saveFee: (schoolYearId: number, input: FeeInput, id?: number) =>
      id === undefined
        ? http.post<Created>('/api/staff/billing-fees', { ...input, schoolYearId })
        : http.put<Created>(`/api/staff/billing-fees/${id}`, { ...input, schoolYearId }),
    removeFee: (id: number) => http.delete<undefined>(`/api/staff/billing-fees/${id}`),

    instruments: () => http.get<InstrumentView[]>('/api/staff/instruments'),
    saveInstrument: (
      input: { name: string; inventoryNumber: string; archived?: boolean },
      id?: number,
    ) =>
      id === undefined
        ? http.post<Created>('/api/staff/instruments', input)
        : http.put<Created>(`/api/staff/instruments/${id}`, input),

    /** The family's quotient and residence, and their history. */
    familySituation: (familyId: number) =>
      http.get<FamilySituationView>(`/api/staff/families/${familyId}/situation`),
    /** Fields quotientFamilial, residence, appliesFrom, proofName, and file (optional). */
    setFamilySituation: (familyId: number, form: FormData) =>
      http.postForm<Created>(`/api/staff/families/${familyId}/situation`, form),
    familyRentals: (familyId: number) =>
      http.get<RentalView[]>(`/api/staff/families/${familyId}/rentals`),
    saveRental: (familyId: number, input: RentalInput, id?: number) =>
      id === undefined
        ? http.post<Created>(`/api/staff/families/${familyId}/rentals`, input)
        : http.put<Created>(`/api/staff/families/${familyId}/rentals/${id}`, input),
    removeRental: (familyId: number, id: number) =>
      http.delete<undefined>(`/api/staff/families/${familyId}/rentals/${id}`),
    simulation: (familyId: number, schoolYearId: number, period: BillingPeriod = 'annee') =>
      http.get<SimulationView>(`/api/staff/families/${familyId}/simulation`, {
        schoolYearId,
        period,
      }),
  }
}
