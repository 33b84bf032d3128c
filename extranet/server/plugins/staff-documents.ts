import type { Plugin } from '@hapi/hapi'
import Joi from 'joi'
import { CAN } from '../../../db/rules/roles.ts'
import { attestation, attestationPdf } from '../../../db/services/documents/attestation.ts'
import { pupilDocuments } from '../../../db/services/documents/pupil-documents.ts'
import type { PupilDocumentsView } from '../../api/document-types.ts'
import { allow, ctx, read, route } from '../context.ts'
import { pdfAttachment, pupilDocumentsView, STAFF_URLS } from '../presenters/documents.ts'
import * as schemas from '../schemas.ts'

type Id = { Params: { id: number } }
type YearParams = { Params: { id: number; schoolYearId: number } }
const yearParams = Joi.object({ id: schemas.id.required(), schoolYearId: schemas.id.required() })

/** A pupil's documents for staff: what the family uploaded, the attestations the conservatoire publishes. */
export const staffDocumentsApi: Plugin<void> = {
  name: 'portee-staff-documents-api',
  register(server) {
    const auth = allow(CAN.readFamilies)
    server.route([
      route<Id>({
        method: 'GET',
        path: '/api/staff/pupils/{id}/documents',
        options: { auth, app: { sees: 'pupil' }, validate: { params: schemas.idParams } },
        async handler(request): Promise<PupilDocumentsView> {
          const docs = await read(request, (trx) => pupilDocuments(trx, request.params.id, {}))
          return pupilDocumentsView(docs, STAFF_URLS)
        },
      }),
      route<YearParams>({
        method: 'GET',
        path: '/api/staff/pupils/{id}/attestations/{schoolYearId}',
        options: { auth, app: { sees: 'pupil' }, validate: { params: yearParams } },
        async handler(request, h) {
          const { id, schoolYearId } = request.params
          const input = { pupilId: id, schoolYearId, clock: ctx(request).clock }
          const made = await read(request, (trx) => attestation(trx, input))
          return pdfAttachment(h, await attestationPdf(made), made.fileName)
        },
      }),
    ])
  },
}
