// Réinscription fixtures on the pedagogy World (test/support/pedagogy.ts): the next school year
// with the courses copied from the current one, and a campaign with its pièces, written straight
// into the tables so that each part's tests stand on their own.
import fs from 'node:fs'
import type { Db } from '../../db/connection.ts'
import { documentsDir } from '../../db/document-files.ts'
import type { PieceScope } from '../../db/rules/reenrolment.ts'
import { createNextSchoolYear } from '../../db/services/pedagogy/school-years.ts'
import type { World } from './pedagogy.ts'

/** The year after the World's current one (2026/2027), its courses copied; its id. */
export async function nextYear(w: World): Promise<number> {
  const { schoolYear } = await w.run((trx) => createNextSchoolYear(trx, {}, w.actor))
  return schoolYear.id
}

export interface PieceFixture {
  name: string
  required?: boolean
  appliesTo?: PieceScope
  departmentId?: number
  cursusId?: number
}

export interface CampaignFixture {
  id: number
  pieceIds: number[]
}

/** A campaign of a site into a school year, open from `opensAt` until `closesAt`, with its pièces. */
export async function makeCampaign(
  db: Db,
  input: {
    siteId: number
    schoolYearId: number
    opensAt: string
    closesAt: string
    message?: string
    pieces?: PieceFixture[]
  },
): Promise<CampaignFixture> {
  const at = input.opensAt
  const [row] = await db('reenrolment_campaigns')
    .insert({
      site_id: input.siteId,
      school_year_id: input.schoolYearId,
      opens_at: input.opensAt,
      closes_at: input.closesAt,
      message: input.message ?? '',
      created_at: at,
      updated_at: at,
    })
    .returning<{ id: number }[]>('id')
  if (!row) throw new Error('campaign not created')
  const pieceIds: number[] = []
  for (const [i, p] of (input.pieces ?? []).entries()) {
    const [piece] = await db('campaign_pieces')
      .insert({
        campaign_id: row.id,
        name: p.name,
        required: p.required ?? true,
        applies_to: p.appliesTo ?? 'tous',
        department_id: p.departmentId ?? null,
        cursus_id: p.cursusId ?? null,
        position: i + 1,
        created_at: at,
        updated_at: at,
      })
      .returning<{ id: number }[]>('id')
    if (piece) pieceIds.push(piece.id)
  }
  return { id: row.id, pieceIds }
}

/** The smallest files of each accepted type, and a few that must be refused. */
export const FILES = {
  pdf: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1'),
  png: Buffer.from(
    '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
      '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
    'hex',
  ),
  jpeg: Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex'),
  /** An executable renamed .pdf. */
  exe: Buffer.concat([Buffer.from('MZ', 'latin1'), Buffer.alloc(200, 0x90)]),
  /** An HTML page renamed .pdf. */
  html: Buffer.from('<!doctype html><script>alert(1)</script>', 'utf8'),
  /** A PDF cut before its end. */
  truncatedPdf: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n', 'latin1'),
}

/**
 * Takes the demo's réinscription away (its campaigns, requests, documents' rows, the year
 * 2027/2028 and its courses and enrolments, the documents' files): for tests that build their
 * own from a demo without one.
 */
export async function clearDemoReenrolment(db: Db, dataDir: string): Promise<void> {
  fs.rmSync(documentsDir(dataDir), { recursive: true, force: true })
  await db.transaction(async (trx) => {
    for (const table of [
      'reenrolment_documents',
      'reenrolment_lines',
      'reenrolment_requests',
      'campaign_pieces',
      'reenrolment_campaigns',
    ])
      await trx(table).del()
    const current = await trx('school_years').where({ is_current: true }).first('starts_on')
    const later = trx('school_years').where('starts_on', '>', current.starts_on).select('id')
    const courses = trx('courses').whereIn('school_year_id', later).select('id')
    await trx('enrolments').whereIn('course_id', courses).del()
    await trx('courses').whereIn('school_year_id', later).del()
    await trx('school_years').where('starts_on', '>', current.starts_on).del()
  })
}
