import type { Plugin } from '@hapi/hapi'
import Joi from 'joi'
import { attestation, attestationPdf } from '../../../db/services/documents/attestation.ts'
import { pupilDocuments } from '../../../db/services/documents/pupil-documents.ts'
import type { PupilDocumentsView } from '../../api/document-types.ts'
import { ctx, familyAuth, read, route } from '../context.ts'
import { FAMILY_URLS, pdfAttachment, pupilDocumentsView } from '../presenters/documents.ts'
import * as schemas from '../schemas.ts'

type Id = { Params: { id: number } }
type YearParams = { Params: { id: number; schoolYearId: number } }
const yearParams = Joi.object({ id: schemas.id.required(), schoolYearId: schemas.id.required() })

/**
 * The family's Documents tab: the pupil's documents of every year and the attestations
 * d'inscription. Only the family's own pupils: any other id is 404, as for one that does not exist.
 */
export const portalDocumentsApi: Plugin<void> = {
  name: 'portee-portal-documents-api',
  register(server) {
    server.route([
      route<Id>({
        method: 'GET',
        path: '/api/family/pupils/{id}/documents',
        options: { validate: { params: schemas.idParams } },
        async handler(request): Promise<PupilDocumentsView> {
          const owner = { familyId: familyAuth(request).familyId }
          const docs = await read(request, (trx) => pupilDocuments(trx, request.params.id, owner))
          return pupilDocumentsView(docs, FAMILY_URLS)
        },
      }),
      route<YearParams>({
        method: 'GET',
        path: '/api/family/pupils/{id}/attestations/{schoolYearId}',
        options: { validate: { params: yearParams } },
        async handler(request, h) {
          const { id, schoolYearId } = request.params
          const input = { pupilId: id, schoolYearId, clock: ctx(request).clock }
          const owner = { familyId: familyAuth(request).familyId }
          const made = await read(request, (trx) => attestation(trx, { ...input, ...owner }))
          return pdfAttachment(h, await attestationPdf(made), made.fileName)
        },
      }),
    ])
  },
}
