// The documents a family gives for the pièces à fournir: checked by their bytes (never their
// name), stored under DATA_DIR/documents with a generated name, one current document per pièce
// (a replaced or removed one keeps its row and its file), served back only to the family.
import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import { fileTypeFromBuffer } from 'file-type'
import { isoNow } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import { storedFile } from '../../document-files.ts'
import { DomainError } from '../../errors.ts'
import { sqlOf } from '../../prepared.ts'
import {
  MAX_DOCUMENT_BYTES,
  REENROLMENT_MESSAGES as M,
  type DocumentType,
  type Residence,
} from '../../rules/reenrolment.ts'
import { recordAudit } from '../audit.ts'
import {
  campaignPieces,
  enrolmentsOfYear,
  pieceTargetOf,
  piecesFor,
  previousYearId,
  type Campaign,
  type Piece,
} from './common.ts'
import {
  bumpRevision,
  changeableRequest,
  draftRequest,
  openCampaignNow,
  ownPupil,
  type FamilyActor,
} from './family-checks.ts'
import { familyReenrolmentTab } from './family-tab.ts'
import type { ReenrolmentTabView } from './family-views.ts'

/** A file received, still at its temporary place (the route's upload folder, on DATA_DIR's disk). */
export interface ReceivedFile {
  path: string
  /** The family's name of the file, shown only. */
  fileName: string
  bytes: number
}

/** What the bytes say the file is. */
export interface CheckedFile extends ReceivedFile {
  mimeType: DocumentType
  extension: 'pdf' | 'jpg' | 'png'
  sha256: string
}

const bad = (message: string) => new DomainError('VALIDATION', message, { file: message })

const EXTENSION_OF: Record<DocumentType, CheckedFile['extension']> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
}

const PNG_END = Buffer.from('49454e44ae426082', 'hex')
/** The first bytes file-type reads to tell a type, and the last ones that show a file is whole. */
export const HEAD_BYTES = 4100
export const TAIL_BYTES = 1024

/** What was seen of a file's bytes: its size, its first bytes (4100 at most), its last bytes (1024 at most), its sha256. */
export interface FileBytes {
  bytes: number
  head: Buffer
  tail: Buffer
  sha256: string
}

/** Whether the file ends as a whole file of its type ends (a download cut short does not). */
function isComplete(type: DocumentType, tail: Buffer): boolean {
  if (type === 'application/pdf') return tail.includes('%%EOF', 0, 'latin1')
  let end = tail.length
  while (end > 0 && tail[end - 1] === 0) end -= 1 // padding some cameras add
  const body = tail.subarray(0, end)
  if (type === 'image/png') return body.subarray(-8).equals(PNG_END)
  return body.length >= 2 && body[body.length - 2] === 0xff && body[body.length - 1] === 0xd9
}

/** The family's name of a file, as a name only (no folder), shortened to fit its column. */
export function cleanFileName(raw: string, extension: string): string {
  const last = raw.split(/[\\/]/).pop() ?? ''
  const base = [...last]
    .filter((c) => c >= ' ' && c !== '\u007f')
    .join('')
    .trim()
  return (base || `document.${extension}`).slice(0, 200)
}

/**
 * Checks a file by its bytes, as seen when it was received: not empty, at most 10 MB, a PDF, a
 * JPEG or a PNG (file-type reads its first bytes), whole (a PDF ends with %%EOF, a JPEG with
 * FF D9, a PNG with its IEND chunk).
 */
export async function checkDocumentBytes(
  file: { path: string; fileName: string },
  seen: FileBytes,
): Promise<CheckedFile> {
  if (seen.bytes === 0) throw bad(M.emptyFile)
  if (seen.bytes > MAX_DOCUMENT_BYTES) throw bad(M.tooBig)
  const type = await fileTypeFromBuffer(seen.head)
  const mimeType = DOCUMENT_TYPE_OF[type?.mime ?? '']
  if (!mimeType) throw bad(M.wrongType)
  if (!isComplete(mimeType, seen.tail)) throw bad(M.truncated)
  const extension = EXTENSION_OF[mimeType]
  return {
    path: file.path,
    fileName: cleanFileName(file.fileName, extension),
    bytes: seen.bytes,
    mimeType,
    extension,
    sha256: seen.sha256,
  }
}

/** What a file on disk holds (read once, in a stream: never whole in memory), for checkDocumentBytes. */
async function bytesOf(path: string): Promise<FileBytes> {
  const hash = createHash('sha256')
  const handle = await fs.open(path, 'r')
  try {
    const { size } = await handle.stat()
    const head = Buffer.alloc(Math.min(HEAD_BYTES, size))
    await handle.read(head, 0, head.length, 0)
    const tail = Buffer.alloc(Math.min(TAIL_BYTES, size))
    await handle.read(tail, 0, tail.length, size - tail.length)
    if (size <= MAX_DOCUMENT_BYTES)
      await pipeline(handle.createReadStream({ autoClose: false }), hash)
    return { bytes: size, head, tail, sha256: hash.digest('hex') }
  } finally {
    await handle.close()
  }
}

/** checkDocumentBytes for a file already on disk (a form hapi parsed: the tariffs' proofs). */
export async function checkDocumentFile(file: ReceivedFile): Promise<CheckedFile> {
  return checkDocumentBytes(file, await bytesOf(file.path))
}

const DOCUMENT_TYPE_OF: Partial<Record<string, DocumentType>> = {
  'application/pdf': 'application/pdf',
  'image/jpeg': 'image/jpeg',
  'image/png': 'image/png',
}

/** The pièce of the open campaign, if it applies to the pupil; 404 otherwise. */
async function applyingPiece(
  trx: Trx,
  actor: FamilyActor,
  campaign: Campaign,
  pieceId: number,
  residence: Residence | null,
): Promise<Piece> {
  const yearId = await previousYearId(trx, campaign.schoolYearId)
  const lines = yearId === null ? [] : await enrolmentsOfYear(trx, actor.pupilId, yearId)
  const pieces = piecesFor(await campaignPieces(trx, campaign.id), pieceTargetOf(residence, lines))
  const piece = pieces.find((p) => p.id === pieceId)
  if (piece) return piece
  throw new DomainError('NOT_FOUND', M.pieceUnknown)
}

interface DocumentRow {
  id: number
  state: 'fourni' | 'accepte' | 'refuse'
}

async function currentDocument(
  trx: Trx,
  requestId: number,
  pieceId: number,
): Promise<DocumentRow | undefined> {
  return trx('reenrolment_documents')
    .where({ request_id: requestId, piece_id: pieceId })
    .whereNull('removed_at')
    .first<DocumentRow | undefined>('id', 'state')
}

async function tabNow(trx: Trx, actor: FamilyActor): Promise<ReenrolmentTabView> {
  return familyReenrolmentTab(await sqlOf(trx), { ...actor, now: actor.clock.now() })
}

/**
 * A document for a pièce (checked by checkDocumentBytes), whose file is already kept under
 * DATA_DIR/documents as `storedName` (keepDocument, before this transaction: the file's syncs do
 * not hold the database): refused when the campaign is closed, the request decided, the pièce not
 * one of the pupil's or the current document already accepted, and the caller then discards the
 * file. The draft request is created if needed; the current document is replaced (kept,
 * removed_at).
 */
export async function storeDocument(
  trx: Trx,
  actor: FamilyActor,
  input: { pieceId: number; file: CheckedFile; storedName: string },
): Promise<ReenrolmentTabView> {
  const { residence } = await ownPupil(trx, actor)
  const campaign = await openCampaignNow(trx, actor)
  await changeableRequest(trx, campaign.id, actor.pupilId)
  await applyingPiece(trx, actor, campaign, input.pieceId, residence)
  const request = await draftRequest(trx, campaign.id, actor)
  const current = await currentDocument(trx, request.id, input.pieceId)
  if (current?.state === 'accepte') throw new DomainError('CONFLICT', M.documentAccepted)
  const now = isoNow(actor.clock)
  if (current)
    await trx('reenrolment_documents').where({ id: current.id }).update({ removed_at: now })
  const [row] = await trx('reenrolment_documents')
    .insert({
      request_id: request.id,
      piece_id: input.pieceId,
      pupil_id: actor.pupilId,
      family_id: actor.familyId,
      file_name: input.file.fileName,
      stored_name: input.storedName,
      mime_type: input.file.mimeType,
      size_bytes: input.file.bytes,
      sha256: input.file.sha256,
      uploaded_at: now,
      uploaded_by_guardian_id: actor.guardianId,
    })
    .returning<{ id: number }[]>('id')
  await bumpRevision(trx, request, actor.clock)
  await recordAudit(trx, {
    clock: actor.clock,
    actorType: 'family',
    actorId: actor.guardianId,
    action: 'family.reenrolment_document_given',
    entityType: 'pupil',
    entityId: actor.pupilId,
    familyId: actor.familyId,
    clientIp: actor.clientIp,
    details: { pieceId: input.pieceId, documentId: row?.id, replaced: current?.id ?? null },
  })
  return tabNow(trx, actor)
}

/** « Supprimer »: the current document of the pièce leaves the tab (its row and file are kept). */
export async function removeDocument(
  trx: Trx,
  actor: FamilyActor,
  pieceId: number,
): Promise<ReenrolmentTabView> {
  const { residence } = await ownPupil(trx, actor)
  const campaign = await openCampaignNow(trx, actor)
  const request = await changeableRequest(trx, campaign.id, actor.pupilId)
  const piece = await applyingPiece(trx, actor, campaign, pieceId, residence)
  const current = request && (await currentDocument(trx, request.id, pieceId))
  if (!request || !current) throw new DomainError('NOT_FOUND', M.noDocument)
  if (current.state === 'accepte') throw new DomainError('CONFLICT', M.documentAccepted)
  // A request sent keeps every required pièce: one may be replaced (« Importer »), not taken away.
  if (piece.required && request.status === 'envoyee')
    throw new DomainError('CONFLICT', M.requiredAfterSubmit)
  await trx('reenrolment_documents')
    .where({ id: current.id })
    .update({ removed_at: isoNow(actor.clock) })
  await bumpRevision(trx, request, actor.clock)
  await recordAudit(trx, {
    clock: actor.clock,
    actorType: 'family',
    actorId: actor.guardianId,
    action: 'family.reenrolment_document_removed',
    entityType: 'pupil',
    entityId: actor.pupilId,
    familyId: actor.familyId,
    clientIp: actor.clientIp,
    details: { pieceId, documentId: current.id },
  })
  return tabNow(trx, actor)
}

/** A document of one of the family's pupils, to download; 404 for any other. */
export async function familyDocumentFile(
  trx: Trx,
  input: { familyId: number; documentId: number; dataDir: string },
): Promise<{ path: string; fileName: string; mimeType: string; size: number }> {
  const row = await trx('reenrolment_documents as d')
    .join('pupils as p', 'p.id', 'd.pupil_id')
    .where({ 'd.id': input.documentId, 'p.family_id': input.familyId })
    .first<
      { stored_name: string; file_name: string; mime_type: string; size_bytes: number } | undefined
    >('d.stored_name', 'd.file_name', 'd.mime_type', 'd.size_bytes')
  const file = row && (await storedFile(input.dataDir, row.stored_name))
  if (!row || !file) throw new DomainError('NOT_FOUND', 'Ce document est introuvable.')
  return {
    path: file,
    fileName: row.file_name,
    mimeType: row.mime_type,
    size: row.size_bytes,
  }
}
