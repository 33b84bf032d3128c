// The shapes the tariffs' services answer and the back office reads (extranet/api/tariff-types.ts
// gives them to the apps). Types only.
import type { Residence } from './reenrolment.ts'
import type { CourseKind, FeePer, ReductionRank, TariffTarget } from './tariffs.ts'
import type { LineCategory } from './billing.ts'

export interface BracketView {
  id: number
  label: string
  lowerBoundEuros: number
  /** « QF de 600 à 899 € ». */
  range: string
}

export interface TariffPriceView {
  bracketId: number
  residence: Residence
  amountCents: number
}

export interface TariffView {
  id: number
  target: TariffTarget
  cursusId: number | null
  disciplineId: number | null
  courseKind: CourseKind | null
  /** The tariff's own label ('' : its target's name is shown). */
  label: string
  /** What the grid shows: the label, or the cursus's, discipline's or kind's name. */
  name: string
  proRata: boolean
  prices: TariffPriceView[]
}

export interface FeeView {
  id: number
  label: string
  amountCents: number
  per: FeePer
}

export interface TariffGridView {
  schoolYear: { id: number; label: string }
  brackets: BracketView[]
  tariffs: TariffView[]
  reductions: { rank: ReductionRank; rateBp: number }[]
  fees: FeeView[]
  /** The rental price and deposit a new rental gets; null: not set. */
  rentalRate: { priceCents: number; depositCents: number } | null
  /** What a new tariff may price: the cursus and disciplines not archived. */
  options: { cursus: { id: number; name: string }[]; disciplines: { id: number; name: string }[] }
}

export interface BracketInput {
  label: string
  lowerBoundEuros: number
}

export interface TariffInput {
  target: TariffTarget
  cursusId?: number | null
  disciplineId?: number | null
  courseKind?: CourseKind | null
  label?: string
  proRata: boolean
}

export interface FeeInput {
  label: string
  amountCents: number
  per: FeePer
}

/** One change of the family's quotient and residence, with its proof. */
export interface SituationView {
  id: number
  quotientFamilial: number | null
  residence: Residence | null
  appliesFrom: string
  proofName: string
  /** Where the proof's file is downloaded; null: a name only. */
  fileUrl: string | null
  recordedAt: string
  recordedBy: string
}

export interface FamilySituationView {
  quotientFamilial: number | null
  residence: Residence | null
  history: SituationView[]
}

export interface InstrumentView {
  id: number
  name: string
  inventoryNumber: string
  archived: boolean
}

export interface RentalView {
  id: number
  instrumentId: number
  instrument: string
  inventoryNumber: string
  pupilId: number | null
  pupil: string | null
  schoolYearId: number
  schoolYear: string
  startsOn: string
  endsOn: string | null
  priceCents: number
  depositCents: number
}

export interface RentalInput {
  instrumentId: number
  pupilId: number | null
  schoolYearId: number
  startsOn: string
  endsOn: string | null
  priceCents: number
  depositCents: number
}

export interface SimulationLineView {
  category: LineCategory
  label: string
  rule: string
  amountCents: number
}

export interface SimulationView {
  schoolYear: { id: number; label: string }
  quotientFamilial: number | null
  residence: Residence | null
  cotisations: SimulationLineView[]
  locations: SimulationLineView[]
  cotisationsCents: number
  locationsCents: number
  totalCents: number
}
