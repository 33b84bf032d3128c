// The tariffs' routes of one family (site-scoped by the family): its quotient and residence with
// their proof, its rentals, the simulation; and the instruments. Registered by
// plugins/staff-tariffs.ts.
import fs from 'node:fs'
import path from 'node:path'
import type { Request, ResponseToolkit, ServerRoute } from '@hapi/hapi'
import type { BillingPeriod } from '../../db/rules/billing.ts'
import { MAX_DOCUMENT_BYTES, type Residence } from '../../db/rules/reenrolment.ts'
import { CAN } from '../../db/rules/roles.ts'
import type { RentalInput } from '../../db/rules/tariff-views.ts'
import {
  familyRentals,
  listInstruments,
  removeRental,
  saveInstrument,
  saveRental,
} from '../../db/services/billing/rentals.ts'
import { simulateFamily } from '../../db/services/billing/simulation.ts'
import {
  familySituationView,
  setFamilySituation,
  situationProof,
  type SituationInput,
} from '../../db/services/billing/situation.ts'
import { checkDocumentFile } from '../../db/services/reenrolment/uploads.ts'
import { allow, read, route, staffActor, write } from './context.ts'
import { attachment } from './exports.ts'
import * as schemas from './schemas.ts'
import { staffRoute } from './staff-route.ts'
import * as t from './tariff-schemas.ts'

type Id = { Params: { id: number } }
type Body<P> = { Payload: P }
type IdBody<P> = Id & Body<P>
type RentalIds = { Params: { id: number; rentalId: number } }
type Instrument = { name: string; inventoryNumber: string; archived: boolean }
type Situation = Id & {
  Payload: {
    quotientFamilial: number | '' | null
    residence: Residence | '' | null
    appliesFrom: string
    proofName: string
    file?: { path: string; filename?: string; bytes?: number }
  }
}

const READ = CAN.readBilling
const BILL = CAN.bill
const byId = { params: schemas.idParams }

/** The temporary file of an upload, gone whatever the answer (moved away when accepted). */
async function removeUpload(request: Request, h: ResponseToolkit): Promise<symbol> {
  const file = (request.payload as { file?: { path?: unknown } } | null)?.file?.path
  if (typeof file === 'string') await fs.promises.rm(file, { force: true })
  return h.continue
}

/** The situation's input: the proof's file checked by its bytes, '' fields as null. */
async function situationInput(
  request: Request<Situation>,
  dataDir: string,
): Promise<SituationInput> {
  const { file: raw, quotientFamilial, residence, ...rest } = request.payload
  const file = raw?.path
    ? await checkDocumentFile({
        path: raw.path,
        fileName: raw.filename ?? '',
        bytes: raw.bytes ?? 0,
      })
    : null
  return {
    ...rest,
    familyId: request.params.id,
    quotientFamilial: quotientFamilial === '' ? null : quotientFamilial,
    residence: residence === '' ? null : residence,
    file,
    dataDir,
  }
}

/** Instruments, and a family's rentals and simulation (site-scoped by the family). */
const rentalRoutes: ServerRoute[] = [
  staffRoute({
    method: 'GET',
    path: '/api/staff/instruments',
    can: READ,
    work: (trx) => listInstruments(trx),
  }),
  staffRoute({
    method: 'POST',
    path: '/api/staff/instruments',
    can: BILL,
    validate: { payload: t.instrument },
    work: (trx, r: Request<Body<Instrument>>) => saveInstrument(trx, staffActor(r), r.payload),
  }),
  staffRoute({
    method: 'PUT',
    path: '/api/staff/instruments/{id}',
    can: BILL,
    validate: { ...byId, payload: t.instrument },
    work: (trx, r: Request<IdBody<Instrument>>) =>
      saveInstrument(trx, staffActor(r), { ...r.payload, id: r.params.id }),
  }),
  staffRoute({
    method: 'GET',
    path: '/api/staff/families/{id}/rentals',
    can: READ,
    sees: 'family',
    validate: byId,
    work: (trx, r: Request<Id>) => familyRentals(trx, r.params.id),
  }),
  staffRoute({
    method: 'POST',
    path: '/api/staff/families/{id}/rentals',
    can: BILL,
    sees: 'family',
    validate: { ...byId, payload: t.rental },
    work: (trx, r: Request<IdBody<RentalInput>>) =>
      saveRental(trx, staffActor(r), { ...r.payload, familyId: r.params.id }),
  }),
  staffRoute({
    method: 'PUT',
    path: '/api/staff/families/{id}/rentals/{rentalId}',
    can: BILL,
    sees: 'family',
    validate: { params: t.familyRentalParams, payload: t.rental },
    work: (trx, r: Request<RentalIds & Body<RentalInput>>) =>
      saveRental(trx, staffActor(r), {
        ...r.payload,
        familyId: r.params.id,
        id: r.params.rentalId,
      }),
  }),
  staffRoute({
    method: 'DELETE',
    path: '/api/staff/families/{id}/rentals/{rentalId}',
    can: BILL,
    sees: 'family',
    validate: { params: t.familyRentalParams },
    work: (trx, r: Request<RentalIds>) =>
      removeRental(trx, staffActor(r), { familyId: r.params.id, rentalId: r.params.rentalId }),
  }),
  staffRoute({
    method: 'GET',
    path: '/api/staff/families/{id}/simulation',
    can: READ,
    sees: 'family',
    validate: { ...byId, query: t.simulationQuery },
    work: (trx, r: Request<Id & { Query: { schoolYearId: number; period: BillingPeriod } }>) =>
      simulateFamily(trx, { ...r.query, familyId: r.params.id }),
  }),
]

const proofUrl = (familyId: number) => (situationId: number) =>
  `/api/staff/families/${familyId}/situations/${situationId}/file`

function situationRoutes(dataDir: string): ServerRoute[] {
  const uploads = path.join(dataDir, 'uploads')
  const makeUploads = async (_request: Request, h: ResponseToolkit) => {
    await fs.promises.mkdir(uploads, { recursive: true })
    return h.continue
  }
  return [
    staffRoute({
      method: 'GET',
      path: '/api/staff/families/{id}/situation',
      can: READ,
      sees: 'family',
      validate: byId,
      work: (trx, r: Request<Id>) => familySituationView(trx, r.params.id, proofUrl(r.params.id)),
    }),
    route<Situation>({
      method: 'POST',
      path: '/api/staff/families/{id}/situation',
      options: {
        auth: allow(BILL),
        app: { sees: 'family' },
        validate: { params: schemas.idParams, payload: t.situation },
        payload: {
          allow: ['application/json', 'multipart/form-data'],
          output: 'data',
          parse: true,
          multipart: { output: 'file' },
          maxBytes: MAX_DOCUMENT_BYTES + 64 * 1024,
          uploads,
        },
        ext: { onPreAuth: { method: makeUploads }, onPreResponse: { method: removeUpload } },
      },
      async handler(request) {
        const input = await situationInput(request, dataDir)
        return write(request, (trx) => setFamilySituation(trx, staffActor(request), input))
      },
    }),
    route<{ Params: { id: number; situationId: number } }>({
      method: 'GET',
      path: '/api/staff/families/{id}/situations/{situationId}/file',
      options: {
        auth: allow(READ),
        app: { sees: 'family' },
        validate: { params: t.situationFileParams },
      },
      async handler(request, h) {
        const input = { familyId: request.params.id, situationId: request.params.situationId }
        const proof = await read(request, (trx) => situationProof(trx, { ...input, dataDir }))
        return h
          .response(fs.createReadStream(proof.path))
          .type(proof.mimeType)
          .header('content-disposition', attachment(proof))
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store')
      },
    }),
  ]
}

/** The routes of one family, and the instruments. */
export function familyTariffRoutes(dataDir: string): ServerRoute[] {
  return [...rentalRoutes, ...situationRoutes(dataDir)]
}
