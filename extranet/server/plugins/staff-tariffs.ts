import type { Plugin, Request } from '@hapi/hapi'
import type { Residence } from '../../../db/rules/reenrolment.ts'
import { CAN } from '../../../db/rules/roles.ts'
import type { BracketInput, FeeInput, TariffInput } from '../../../db/rules/tariff-views.ts'
import type { ReductionRank } from '../../../db/rules/tariffs.ts'
import {
  removeFee,
  saveFee,
  setReductions,
  setRentalRate,
  tariffGrid,
} from '../../../db/services/billing/tariffs.ts'
import { copyPreviousYearTariffs } from '../../../db/services/billing/tariffs-copy.ts'
import {
  removeBracket,
  removeTariff,
  saveBracket,
  saveTariff,
  setTariffPrice,
} from '../../../db/services/billing/tariffs-edit.ts'
import { staffActor } from '../context.ts'
import { staffRoute } from '../staff-route.ts'
import * as schemas from '../schemas.ts'
import * as t from '../tariff-schemas.ts'
import { familyTariffRoutes } from '../tariff-family-routes.ts'

type Id = { Params: { id: number } }
type Year = { Query: { schoolYearId: number } }
type Body<P> = { Payload: P }
type IdBody<P> = Id & Body<P>

const READ = CAN.readBilling
const BILL = CAN.bill
const byId = { params: schemas.idParams }

/** The grid of a year and its changes (« Tarifs »). */
const gridRoutes = [
  staffRoute({
    method: 'GET',
    path: '/api/staff/tariffs',
    can: READ,
    validate: { query: t.yearQuery },
    work: (trx, r: Request<Year>) => tariffGrid(trx, r.query.schoolYearId),
  }),
  staffRoute({
    method: 'POST',
    path: '/api/staff/tariffs/copy',
    can: BILL,
    validate: { payload: t.yearBody },
    work: (trx, r: Request<Body<{ schoolYearId: number }>>) =>
      copyPreviousYearTariffs(trx, staffActor(r), r.payload.schoolYearId),
  }),
  staffRoute({
    method: 'POST',
    path: '/api/staff/tariffs',
    can: BILL,
    validate: { payload: t.tariff },
    work: (trx, r: Request<Body<TariffInput & { schoolYearId: number }>>) =>
      saveTariff(trx, staffActor(r), r.payload),
  }),
  staffRoute({
    method: 'PUT',
    path: '/api/staff/tariffs/{id}',
    can: BILL,
    validate: { ...byId, payload: t.tariff },
    work: (trx, r: Request<IdBody<TariffInput & { schoolYearId: number }>>) =>
      saveTariff(trx, staffActor(r), { ...r.payload, id: r.params.id }),
  }),
  staffRoute({
    method: 'DELETE',
    path: '/api/staff/tariffs/{id}',
    can: BILL,
    validate: byId,
    work: (trx, r: Request<Id>) => removeTariff(trx, staffActor(r), r.params.id),
  }),
  staffRoute({
    method: 'PUT',
    path: '/api/staff/tariffs/{id}/prices',
    can: BILL,
    validate: { ...byId, payload: t.price },
    work: (
      trx,
      r: Request<IdBody<{ bracketId: number; residence: Residence; amountCents: number | null }>>,
    ) => setTariffPrice(trx, staffActor(r), { ...r.payload, tariffId: r.params.id }),
  }),
  staffRoute({
    method: 'PUT',
    path: '/api/staff/tariffs/reductions',
    can: BILL,
    validate: { payload: t.reductions },
    work: (
      trx,
      r: Request<
        Body<{ schoolYearId: number; reductions: { rank: ReductionRank; rateBp: number }[] }>
      >,
    ) => setReductions(trx, staffActor(r), r.payload),
  }),
  staffRoute({
    method: 'PUT',
    path: '/api/staff/tariffs/rental-rate',
    can: BILL,
    validate: { payload: t.rentalRate },
    work: (
      trx,
      r: Request<Body<{ schoolYearId: number; priceCents: number; depositCents: number }>>,
    ) => setRentalRate(trx, staffActor(r), r.payload),
  }),
  staffRoute({
    method: 'POST',
    path: '/api/staff/quotient-brackets',
    can: BILL,
    validate: { payload: t.bracket },
    work: (trx, r: Request<Body<BracketInput & { schoolYearId: number }>>) =>
      saveBracket(trx, staffActor(r), r.payload),
  }),
  staffRoute({
    method: 'PUT',
    path: '/api/staff/quotient-brackets/{id}',
    can: BILL,
    validate: { ...byId, payload: t.bracket },
    work: (trx, r: Request<IdBody<BracketInput & { schoolYearId: number }>>) =>
      saveBracket(trx, staffActor(r), { ...r.payload, id: r.params.id }),
  }),
  staffRoute({
    method: 'DELETE',
    path: '/api/staff/quotient-brackets/{id}',
    can: BILL,
    validate: byId,
    work: (trx, r: Request<Id>) => removeBracket(trx, staffActor(r), r.params.id),
  }),
  staffRoute({
    method: 'POST',
    path: '/api/staff/billing-fees',
    can: BILL,
    validate: { payload: t.fee },
    work: (trx, r: Request<Body<FeeInput & { schoolYearId: number }>>) =>
      saveFee(trx, staffActor(r), r.payload),
  }),
  staffRoute({
    method: 'PUT',
    path: '/api/staff/billing-fees/{id}',
    can: BILL,
    validate: { ...byId, payload: t.fee },
    work: (trx, r: Request<IdBody<FeeInput & { schoolYearId: number }>>) =>
      saveFee(trx, staffActor(r), { ...r.payload, id: r.params.id }),
  }),
  staffRoute({
    method: 'DELETE',
    path: '/api/staff/billing-fees/{id}',
    can: BILL,
    validate: byId,
    work: (trx, r: Request<Id>) => removeFee(trx, staffActor(r), r.params.id),
  }),
]

/**
 * « Facturation » → « Tarifs » (the year's grid, its copy from the year before), the family's
 * quotient and residence with their proof, its rentals, the simulation of what it would be billed.
 */
export const staffTariffsApi: Plugin<void> = {
  name: 'portee-staff-tariffs-api',
  register(server) {
    server.route([...gridRoutes, ...familyTariffRoutes(server.app.ctx.config.dataDir)])
  },
}
