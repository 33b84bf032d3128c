import { createReadStream } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'
import Boom from '@hapi/boom'
import type { Lifecycle, Plugin, Request, ResponseToolkit } from '@hapi/hapi'
import Joi from 'joi'
import { MAX_DOCUMENT_BYTES, REENROLMENT_MESSAGES } from '../../../db/rules/reenrolment.ts'
import type { FamilyActor } from '../../../db/services/reenrolment/family-checks.ts'
import {
  familyOpenCampaign,
  familyReenrolmentTab,
} from '../../../db/services/reenrolment/family-tab.ts'
import { submitReenrolment } from '../../../db/services/reenrolment/submit.ts'
import {
  checkDocumentBytes,
  familyDocumentFile,
  removeDocument,
  storeDocument,
  type CheckedFile,
} from '../../../db/services/reenrolment/uploads.ts'
import type { ApiErrorBody } from '../../api/types.ts'
import {
  FILE_NAME_HEADER,
  type FamilyReenrolmentView,
  type ReenrolmentTabView,
} from '../../api/reenrolment-types.ts'
import { discardDocument, keepDocument, newStoredName } from '../../../db/document-files.ts'
import { DomainError } from '../../../db/errors.ts'
import { clientIp, ctx, familyAuth, read, readNow, route, write } from '../context.ts'
import { attachment } from '../exports.ts'
import * as schemas from '../schemas.ts'
import { receiveFile, UploadError, type StreamedFile } from '../upload-stream.ts'

type Id = { Params: { id: number } }
type Piece = { Params: { id: number; pieceId: number } }
type Submit = Id & {
  Payload: {
    administrative: boolean
    comment: string
    lines: { enrolmentId: number; reenrol: boolean; courseId: number | null }[]
    revision: number
  }
}

/** The guardian acting on the pupil `{id}` (the services answer 404 when it is not the family's). */
function actorOf<R extends Id>(request: Request<R>): FamilyActor {
  const { familyId, guardianId, siteId } = familyAuth(request)
  const { clock } = ctx(request)
  return {
    familyId,
    guardianId,
    siteId,
    pupilId: request.params.id,
    clientIp: clientIp(request),
    clock,
  }
}

const pieceParams = Joi.object({ id: schemas.id.required(), pieceId: schemas.id.required() })

const submission = Joi.object({
  administrative: Joi.boolean().required(),
  // The service says "2 000 caractères au plus" in its own words.
  comment: Joi.string().allow('').max(20_000).required(),
  lines: Joi.array()
    .max(200)
    .items(
      Joi.object({
        enrolmentId: schemas.id.required(),
        reenrol: Joi.boolean().required(),
        courseId: schemas.id.allow(null).required(),
      }),
    )
    .required(),
  revision: Joi.number().integer().min(0).required(),
})

/** 413 with the French "10 Mo" message, next to the file field. */
function tooBig(): Boom.Boom {
  const answer = Boom.entityTooLarge(REENROLMENT_MESSAGES.tooBig)
  const body: ApiErrorBody = {
    statusCode: 413,
    code: 'VALIDATION',
    message: REENROLMENT_MESSAGES.tooBig,
    details: { file: REENROLMENT_MESSAGES.tooBig },
  }
  ;(answer.output.payload as unknown as ApiErrorBody) = body
  return answer
}

/** A body announced over the limit (its Content-Length, refused by hapi before it is read): 413. */
const uploadFailAction: Lifecycle.Method = (_request, _h, err) => {
  if ((err as Boom.Boom).output?.statusCode === 413) throw tooBig()
  throw err
}

/** The file of an upload, written to `dir` as it arrives (upload-stream.ts), or a French refusal. */
async function receivedFile<R extends Piece>(
  request: Request<R>,
  dir: string,
): Promise<StreamedFile> {
  // The name the family's file had, a label only (cleaned by checkDocumentBytes).
  let fileName: string
  try {
    fileName = decodeURIComponent(String(request.headers[FILE_NAME_HEADER] ?? ''))
  } catch {
    const message = 'Les données envoyées sont incorrectes. Vérifiez votre saisie.'
    throw new DomainError('VALIDATION', message, { file: message })
  }
  try {
    return await receiveFile(request.payload as Readable, fileName, {
      dir,
      maxFileBytes: MAX_DOCUMENT_BYTES,
    })
  } catch (err) {
    if (!(err instanceof UploadError)) throw err
    if (err.reason === 'tooBig') throw tooBig()
    const message = REENROLMENT_MESSAGES.interrupted
    throw new DomainError('VALIDATION', message, { file: message })
  }
}

/**
 * A checked upload, moved into DATA_DIR/documents and synced first, outside the transaction
 * (other requests use the database meanwhile), then recorded (storeDocument); a refusal removes
 * the file.
 */
async function keepAndRecord<R extends Piece>(
  request: Request<R>,
  file: CheckedFile,
  dataDir: string,
): Promise<ReenrolmentTabView> {
  const storedName = newStoredName(file.extension)
  await keepDocument(dataDir, file.path, storedName)
  const input = { pieceId: request.params.pieceId, file, storedName }
  try {
    return await write(request, (trx) => storeDocument(trx, actorOf(request), input))
  } catch (err) {
    await discardDocument(dataDir, storedName)
    throw err
  }
}

/**
 * The family's Réinscription tab: whether the site's campaign is open, the tab, « Valider », the
 * pièces à fournir (Importer, Supprimer) and the documents given. Another family's pupil,
 * pièce or document: 404.
 */
export const portalReenrolmentApi: Plugin<void> = {
  name: 'portee-portal-reenrolment-api',
  register(server) {
    const { dataDir } = server.app.ctx.config
    // Same disk as DATA_DIR/documents: an accepted upload is moved there by a rename.
    const uploads = path.join(dataDir, 'uploads')
    // Made when a file comes (nothing added to DATA_DIR before a family uploads anything).
    const makeUploads = async (_request: Request, h: ResponseToolkit) => {
      await fs.mkdir(uploads, { recursive: true })
      return h.continue
    }
    const byId = { validate: { params: schemas.idParams } }
    server.route([
      route({
        method: 'GET',
        path: '/api/family/reenrolment',
        async handler(request): Promise<FamilyReenrolmentView> {
          const at = { siteId: familyAuth(request).siteId, now: ctx(request).clock.now() }
          return { campaign: await readNow(request, (sql) => familyOpenCampaign(sql, at)) }
        },
      }),
      route<Id>({
        method: 'GET',
        path: '/api/family/pupils/{id}/reenrolment',
        options: byId,
        async handler(request): Promise<ReenrolmentTabView> {
          const { familyId, siteId } = familyAuth(request)
          const at = { familyId, siteId, pupilId: request.params.id, now: ctx(request).clock.now() }
          return readNow(request, (sql) => familyReenrolmentTab(sql, at))
        },
      }),
      route<Submit>({
        method: 'PUT',
        path: '/api/family/pupils/{id}/reenrolment',
        options: { validate: { params: schemas.idParams, payload: submission } },
        async handler(request): Promise<ReenrolmentTabView> {
          const actor = actorOf(request)
          return write(request, (trx) => submitReenrolment(trx, actor, request.payload))
        },
      }),
      route<Piece>({
        method: 'POST',
        path: '/api/family/pupils/{id}/reenrolment/pieces/{pieceId}',
        options: {
          validate: { params: pieceParams },
          payload: {
            // The file itself (the family app sends its bytes, its name in FILE_NAME_HEADER),
            // read by the handler as it arrives (upload-stream.ts): written to disk, hashed and
            // checked on the way, never held whole in memory nor read twice.
            allow: 'application/octet-stream',
            output: 'stream',
            parse: false,
            maxBytes: MAX_DOCUMENT_BYTES,
            // A phone line may take more than hapi's 10 seconds for 10 Mo: the listener's request
            // timeout (config.ts, two minutes) bounds it instead.
            timeout: false,
            failAction: uploadFailAction,
          },
          ext: { onPreAuth: { method: makeUploads } },
        },
        async handler(request): Promise<ReenrolmentTabView> {
          const received = await receivedFile(request, uploads)
          try {
            const file = await checkDocumentBytes(received, received)
            return await keepAndRecord(request, file, dataDir)
          } finally {
            // Gone whatever the answer (moved to DATA_DIR/documents when it was accepted).
            await fs.rm(received.path, { force: true })
          }
        },
      }),
      route<Piece>({
        method: 'DELETE',
        path: '/api/family/pupils/{id}/reenrolment/pieces/{pieceId}',
        options: { validate: { params: pieceParams } },
        async handler(request): Promise<ReenrolmentTabView> {
          const actor = actorOf(request)
          return write(request, (trx) => removeDocument(trx, actor, request.params.pieceId))
        },
      }),
      route<Id>({
        method: 'GET',
        path: '/api/family/documents/{id}',
        options: byId,
        async handler(request, h) {
          const input = {
            familyId: familyAuth(request).familyId,
            documentId: request.params.id,
            dataDir,
          }
          const doc = await read(request, (trx) => familyDocumentFile(trx, input))
          return h
            .response(createReadStream(doc.path))
            .type(doc.mimeType)
            .header('content-length', String(doc.size))
            .header('content-disposition', attachment(doc))
            .header('x-content-type-options', 'nosniff')
        },
      }),
    ])
  },
}
