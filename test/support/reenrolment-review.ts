// Fixtures of the staff review: a request as the family's « Valider » leaves it (sent, with its
// lines and documents), written straight into the tables, and the documents' files written
// under DATA_DIR/documents with generated names, as the upload does.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Clock } from '../../db/clock.ts'
import type { Db } from '../../db/connection.ts'
import { documentsDir } from '../../db/document-files.ts'
import type { DocumentState, RequestStatus } from '../../db/rules/reenrolment.ts'
import { createNextSchoolYear } from '../../db/services/pedagogy/school-years.ts'
import { FILES, makeCampaign } from './reenrolment.ts'

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

/**
 * On the demo of a test server: the year after the current one (made if the demo has none), a
 * campaign of the Conservatoire into it (the demo's, if any) whose only pièce is a required one of
 * this test's,
 * and ABOLANT Adrien's request, sent, every course of this year ticked (any request or next-year
 * enrolment the demo gave him is taken away first).
 */
export async function demoRequest(server: { db: Db; clock: Clock }): Promise<{
  campaignId: number
  requestId: number
  lineIds: number[]
  pieceId: number
  pupilId: number
  familyId: number
  nextYearId: number
}> {
  const { db, clock } = server
  const admin = await db('staff_users').where({ login: 'admin' }).first<{ id: number }>('id')
  const actor = { staffUserId: admin.id, clientIp: '127.0.0.1', clock }
  const current = await db('school_years')
    .where({ is_current: true })
    .first<{ id: number; ends_on: string }>()
  const later = await db('school_years')
    .where('starts_on', '>', current.ends_on)
    .orderBy('starts_on')
    .first<{ id: number } | undefined>('id')
  const nextYearId =
    later?.id ?? (await db.transaction((trx) => createNextSchoolYear(trx, {}, actor))).schoolYear.id
  const existing = await db('reenrolment_campaigns')
    .where({ site_id: 1, school_year_id: nextYearId })
    .first<{ id: number } | undefined>('id')
  const campaignId =
    existing?.id ??
    (
      await makeCampaign(db, {
        siteId: 1,
        schoolYearId: nextYearId,
        opensAt: T,
        closesAt: '2099-01-01T00:00:00.000Z',
      })
    ).id
  const [piece] = await db('campaign_pieces')
    .insert({
      campaign_id: campaignId,
      name: 'Pièce du test',
      required: true,
      applies_to: 'tous',
      position: 99,
      created_at: T,
      updated_at: T,
    })
    .returning<{ id: number }[]>('id')
  if (!piece) throw new Error('piece not created')
  // The demo's own pièces, if any, step aside: only this test's pièce is asked.
  await db('campaign_pieces')
    .where({ campaign_id: campaignId })
    .whereNot({ id: piece.id })
    .update({ archived_at: T })
  const pupil = await db('pupils')
    .where({ last_name: 'ABOLANT', first_name: 'Adrien' })
    .first<{ id: number; family_id: number }>()
  const old = db('reenrolment_requests')
    .where({ campaign_id: campaignId, pupil_id: pupil.id })
    .select('id')
  await db('reenrolment_documents').whereIn('request_id', old).del()
  await db('reenrolment_lines').whereIn('request_id', old).del()
  await db('reenrolment_requests').whereIn('id', old).del()
  await db('enrolments')
    .where({ pupil_id: pupil.id })
    .whereIn('course_id', db('courses').where({ school_year_id: nextYearId }).select('id'))
    .del()
  const enrolments = await db('enrolments as e')
    .join('courses as c', 'c.id', 'e.course_id')
    .where({ 'e.pupil_id': pupil.id, 'c.school_year_id': current.id })
    .orderBy('e.id')
    .pluck<number[]>('e.id')
  const { id, lineIds } = await submittedRequest(db, {
    campaignId,
    pupilId: pupil.id,
    lines: enrolments.map((enrolmentId) => ({ enrolmentId, reenrol: true })),
  })
  return {
    campaignId,
    requestId: id,
    lineIds,
    pieceId: piece.id,
    pupilId: pupil.id,
    familyId: pupil.family_id,
    nextYearId,
  }
}
