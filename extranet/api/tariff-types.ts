// Types of the billing API: tariffs part (the shapes db/rules/tariff-views.ts defines).
export type {
  BracketInput,
  BracketView,
  FamilySituationView,
  FeeInput,
  FeeView,
  InstrumentView,
  RentalInput,
  RentalView,
  SimulationLineView,
  SimulationView,
  SituationView,
  TariffGridView,
  TariffInput,
  TariffPriceView,
  TariffView,
} from '../../db/rules/tariff-views.ts'
