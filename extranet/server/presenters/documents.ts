import type { ReqRef, ResponseObject, ResponseToolkit } from '@hapi/hapi'
import {
  parisDateAndTime,
  attestationTitle,
  attestationFileName,
} from '../../../db/rules/pupil-documents.ts'
import { documentStateLabel, sizeInMo } from '../../../db/rules/reenrolment.ts'
import type { PupilDocuments } from '../../../db/services/documents/pupil-documents.ts'
import type { PupilDocumentsView } from '../../api/document-types.ts'

/** Where each app downloads a document's file and an attestation. */
export interface DocumentUrls {
  file: (documentId: number) => string
  attestation: (pupilId: number, schoolYearId: number) => string
}

export const FAMILY_URLS: DocumentUrls = {
  file: (id) => `/api/family/documents/${id}`,
  attestation: (pupilId, yearId) => `/api/family/pupils/${pupilId}/attestations/${yearId}`,
}

export const STAFF_URLS: DocumentUrls = {
  file: (id) => `/api/staff/reenrolment-documents/${id}/file`,
  attestation: (pupilId, yearId) => `/api/staff/pupils/${pupilId}/attestations/${yearId}`,
}

/** The Documents tab, as both apps show it. */
export function pupilDocumentsView(docs: PupilDocuments, urls: DocumentUrls): PupilDocumentsView {
  return {
    uploaded: docs.uploaded.map((d) => ({
      id: d.id,
      schoolYear: d.schoolYear,
      piece: d.piece,
      fileName: d.fileName,
      uploadedAt: d.uploadedAt,
      ...parisDateAndTime(d.uploadedAt),
      size: sizeInMo(d.sizeBytes),
      state: d.state,
      stateLabel: documentStateLabel(d),
      removedAt: d.removedAt,
      url: urls.file(d.id),
    })),
    attestations: docs.attestations.map((y) => ({
      schoolYearId: y.schoolYearId,
      schoolYear: y.schoolYear,
      title: attestationTitle(y.schoolYear),
      fileName: attestationFileName(y.schoolYear, docs.pupil),
      url: urls.attestation(docs.pupil.id, y.schoolYearId),
    })),
  }
}

/** A PDF made by the server, as a download that no browser sniffs into something else. */
export function pdfAttachment<R extends ReqRef>(
  h: ResponseToolkit<R>,
  body: Buffer,
  fileName: string,
): ResponseObject {
  return h
    .response(body)
    .type('application/pdf')
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
}
