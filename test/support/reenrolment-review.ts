// Fixtures of the staff review: a request as the family's « Valider » leaves it (sent, with its
// lines and documents), written straight into the tables, and the documents' files written
// under DATA_DIR/documents with generated names, as the upload does.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Db } from '../../db/connection.ts'
import { documentsDir } from '../../db/document-files.ts'
import type { DocumentState, RequestStatus } from '../../db/rules/reenrolment.ts'
import { FILES } from './reenrolment.ts'

const T = '2026-05-04T08:00:00.000Z'

export interface LineFixture {
  enrolmentId: number
  reenrol?: boolean
  courseId?: number | null
}

/** A pupil's request, sent by the family's first guardian unless told; its id and its lines' ids. */
export async function submittedRequest(
  db: Db,
  input: {
    campaignId: number
    pupilId: number
    lines: LineFixture[]
    status?: RequestStatus
    administrative?: boolean
    comment?: string
    submittedAt?: string
  },
): Promise<{ id: number; lineIds: number[] }> {
  const pupil = await db('pupils').where({ id: input.pupilId }).first<{ family_id: number }>()
  const guardian = await db('guardians')
    .where({ family_id: pupil.family_id })
    .orderBy('rank')
    .first<{ id: number } | undefined>('id')
  const status = input.status ?? 'envoyee'
  const at = input.submittedAt ?? T
  const [row] = await db('reenrolment_requests')
    .insert({
      campaign_id: input.campaignId,
      pupil_id: input.pupilId,
      family_id: pupil.family_id,
      status,
      administrative: input.administrative ?? false,
      comment: input.comment ?? '',
      revision: 1,
      submitted_at: status === 'brouillon' ? null : at,
      submitted_by_guardian_id: status === 'brouillon' ? null : (guardian?.id ?? null),
      created_at: at,
      updated_at: at,
    })
    .returning<{ id: number }[]>('id')
  if (!row) throw new Error('request not created')
  const lineIds: number[] = []
  for (const line of input.lines) {
    const [l] = await db('reenrolment_lines')
      .insert({
        request_id: row.id,
        enrolment_id: line.enrolmentId,
        reenrol: line.reenrol ?? true,
        course_id: line.courseId ?? null,
      })
      .returning<{ id: number }[]>('id')
    if (l) lineIds.push(l.id)
  }
  return { id: row.id, lineIds }
}

const EXTENSION: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
}

/**
 * A document given for a pièce: the file written under DATA_DIR/documents with a generated name,
 * and its row. The earlier document of the same pièce, if any, is marked removed (kept).
 */
export async function giveDocument(
  db: Db,
  dataDir: string,
  input: {
    requestId: number
    pieceId: number
    bytes?: Buffer
    mimeType?: 'application/pdf' | 'image/png' | 'image/jpeg'
    fileName?: string
    state?: DocumentState
    refusalReason?: string
    uploadedAt?: string
  },
): Promise<{ id: number; storedName: string; bytes: Buffer }> {
  const mimeType = input.mimeType ?? 'application/pdf'
  const bytes = input.bytes ?? (mimeType === 'application/pdf' ? FILES.pdf : FILES.png)
  const storedName = `${randomBytes(16).toString('hex')}.${EXTENSION[mimeType]}`
  fs.mkdirSync(documentsDir(dataDir), { recursive: true })
  fs.writeFileSync(path.join(documentsDir(dataDir), storedName), bytes)
  const request = await db('reenrolment_requests')
    .where({ id: input.requestId })
    .first<{ pupil_id: number; family_id: number }>()
  const at = input.uploadedAt ?? T
  await db('reenrolment_documents')
    .where({ request_id: input.requestId, piece_id: input.pieceId })
    .whereNull('removed_at')
    .update({ removed_at: at })
  const [row] = await db('reenrolment_documents')
    .insert({
      request_id: input.requestId,
      piece_id: input.pieceId,
      pupil_id: request.pupil_id,
      family_id: request.family_id,
      file_name: input.fileName ?? `piece.${EXTENSION[mimeType]}`,
      stored_name: storedName,
      mime_type: mimeType,
      size_bytes: bytes.length,
      sha256: 'a'.repeat(64),
      uploaded_at: at,
      state: input.state ?? 'fourni',
      refusal_reason: input.refusalReason ?? '',
    })
    .returning<{ id: number }[]>('id')
  if (!row) throw new Error('document not created')
  return { id: row.id, storedName, bytes }
}

/** The guardians of the pedagogy World's families (it has none): who the review's mails go to. */
export async function worldGuardians(db: Db): Promise<{ jocelyne: number; second: number }> {
  const guardian = (fields: object) => ({
    created_at: T,
    updated_at: T,
    access_enabled: true,
    ...fields,
  })
  const [jocelyne] = await db('guardians')
    .insert(
      guardian({
        family_id: 1,
        site_id: 1,
        rank: 1,
        civility: 'Madame',
        last_name: 'ABOLANT',
        first_name: 'Jocelyne',
        email: 'jocelyne.abolant@example.org',
        login: 'abolant1',
      }),
    )
    .returning<{ id: number }[]>('id')
  // The second guardian has no address: no mail for them.
  const [second] = await db('guardians')
    .insert(guardian({ family_id: 1, site_id: 1, rank: 2, last_name: 'ABOLANT', email: '' }))
    .returning<{ id: number }[]>('id')
  await db('guardians').insert(
    guardian({
      family_id: 2,
      site_id: 2,
      rank: 1,
      civility: 'Madame',
      last_name: 'TORRICE',
      first_name: 'Emilie',
      email: 'emilie.torrice@example.org',
    }),
  )
  if (!jocelyne || !second) throw new Error('guardians not created')
  return { jocelyne: jocelyne.id, second: second.id }
}
