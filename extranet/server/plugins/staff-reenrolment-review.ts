import fs from 'node:fs'
import Boom from '@hapi/boom'
import type { Plugin, Request } from '@hapi/hapi'
import Joi from 'joi'
import { documentPath } from '../../../db/document-files.ts'
import { CAN } from '../../../db/rules/roles.ts'
import { decideDocument, refuseReenrolment } from '../../../db/services/reenrolment/decide.ts'
import { pupilReenrolments, storedDocument } from '../../../db/services/reenrolment/review-data.ts'
import { reenrolmentReview } from '../../../db/services/reenrolment/review.ts'
import { validateReenrolment } from '../../../db/services/reenrolment/validate.ts'
import type {
  PupilReenrolmentView,
  ReenrolmentReviewView,
  ReviewLineChoice,
} from '../../api/review-types.ts'
import { allow, ctx, read, route, staffActor } from '../context.ts'
import { attachment } from '../exports.ts'
import * as schemas from '../schemas.ts'
import { staffRoute } from '../staff-route.ts'

type Id = { Params: { id: number } }
type DocumentDecision = Id & { Payload: { decision: 'accepte' | 'refuse'; reason: string } }
type Validation = Id & { Payload: { lines: ReviewLineChoice[]; revision?: number } }
type Refusal = Id & { Payload: { reason: string } }

const READ = CAN.readReenrolment
const RUN = CAN.runReenrolment
const byId = { params: schemas.idParams }
const reason = Joi.string().trim().allow('').max(2000).default('')

const documentDecision = Joi.object({
  decision: Joi.string().valid('accepte', 'refuse').required(),
  reason,
})

const validation = Joi.object({
  revision: Joi.number().integer().min(0),
  lines: Joi.array()
    .items(
      Joi.object({
        lineId: schemas.id.required(),
        courseId: schemas.id.allow(null),
        cycleId: schemas.id.allow(null),
      }),
    )
    .max(100)
    .default([]),
})

const refusal = Joi.object({ reason })

/**
 * The review of a pupil's réinscription: the request as staff read it, a document accepted or
 * refused, a document's file (as an attachment, never sniffed), « Valider la réinscription »
 * (next year's enrolments), « Refuser »; and a pupil's requests. Every `{id}` is checked against
 * the staff member's sites (the family's site).
 */
export const staffReenrolmentReviewApi: Plugin<void> = {
  name: 'portee-staff-reenrolment-review-api',
  register(server) {
    server.route([
      staffRoute({
        method: 'GET',
        path: '/api/staff/reenrolments/{id}',
        can: READ,
        sees: 'reenrolment',
        validate: byId,
        work: (trx, r: Request<Id>): Promise<ReenrolmentReviewView> =>
          reenrolmentReview(trx, r.params.id),
      }),
      staffRoute({
        method: 'PUT',
        path: '/api/staff/reenrolment-documents/{id}',
        can: RUN,
        sees: 'reenrolmentDocument',
        validate: { ...byId, payload: documentDecision },
        work: (trx, r: Request<DocumentDecision>) =>
          decideDocument(trx, { ...r.payload, documentId: r.params.id }, staffActor(r)),
      }),
      route<Id>({
        method: 'GET',
        path: '/api/staff/reenrolment-documents/{id}/file',
        options: { auth: allow(READ), app: { sees: 'reenrolmentDocument' }, validate: byId },
        async handler(request, h) {
          const doc = await read(request, (trx) => storedDocument(trx, request.params.id))
          const file = documentPath(ctx(request).config.dataDir, doc.storedName)
          if (!fs.existsSync(file))
            throw Boom.notFound('Le fichier de ce document est introuvable.')
          return h
            .response(fs.createReadStream(file))
            .type(doc.mimeType)
            .header('content-disposition', attachment(doc))
            .header('x-content-type-options', 'nosniff')
            .header('cache-control', 'private, no-store')
        },
      }),
      staffRoute({
        method: 'POST',
        path: '/api/staff/reenrolments/{id}/validate',
        can: RUN,
        sees: 'reenrolment',
        validate: { ...byId, payload: validation },
        work: (trx, r: Request<Validation>) =>
          validateReenrolment(trx, { ...r.payload, requestId: r.params.id }, staffActor(r)),
      }),
      staffRoute({
        method: 'POST',
        path: '/api/staff/reenrolments/{id}/refuse',
        can: RUN,
        sees: 'reenrolment',
        validate: { ...byId, payload: refusal },
        work: (trx, r: Request<Refusal>) =>
          refuseReenrolment(trx, { ...r.payload, requestId: r.params.id }, staffActor(r)),
      }),
      staffRoute({
        method: 'GET',
        path: '/api/staff/pupils/{id}/reenrolments',
        can: READ,
        sees: 'pupil',
        validate: byId,
        work: (trx, r: Request<Id>): Promise<PupilReenrolmentView[]> =>
          pupilReenrolments(trx, r.params.id),
      }),
    ])
  },
}
