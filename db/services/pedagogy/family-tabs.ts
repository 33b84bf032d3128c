// The pupil's tabs as a family reads them: the same reads, after one statement that checks the
// pupil (or the enrolment) is the family's; any other id is "not found", as for a missing one.
import type { Trx } from '../../connection.ts'
import { sqlOf, type Sql } from '../../prepared.ts'
import { notFound } from './common.ts'
import { enrolmentFollowUp, type EnrolmentFollowUp } from './enrolment-follow-up.ts'
import {
  CURRENT_START,
  enrolmentLines,
  TIMETABLE_ORDER,
  toLine,
  type LineRow,
  pupilCoursesNow,
  pupilHistory,
  pupilRepertoire,
  type CycleResultLine,
  type EnrolmentLine,
  type RepertoireYear,
} from './pupil-tabs.ts'

export interface FamilyPupilRef {
  familyId: number
  pupilId: number
}

async function assertFamilyPupil(trx: Trx, ref: FamilyPupilRef): Promise<void> {
  const pupil = await trx('pupils')
    .where({ id: ref.pupilId, family_id: ref.familyId })
    .whereNull('archived_at')
    .first('id')
  if (!pupil) throw notFound('Cette fiche est introuvable.')
}

/** "Cours" of one of the family's pupils (two prepared statements: the hot tab of the extranet). */
export function familyPupilCoursesNow(sql: Sql, ref: FamilyPupilRef): EnrolmentLine[] {
  const own = sql.get(
    'SELECT 1 FROM pupils WHERE id = ? AND family_id = ? AND archived_at IS NULL',
    ref.pupilId,
    ref.familyId,
  )
  if (!own) throw notFound('Cette fiche est introuvable.')
  return pupilCoursesNow(sql, ref.pupilId)
}

export async function familyPupilCourses(trx: Trx, ref: FamilyPupilRef): Promise<EnrolmentLine[]> {
  return familyPupilCoursesNow(await sqlOf(trx), ref)
}

/**
 * The courses of the years after the current one the pupil is enrolled in (a validated
 * réinscription), soonest year first, in timetable order; none when no year is current.
 */
async function pupilUpcoming(trx: Trx, pupilId: number): Promise<EnrolmentLine[]> {
  const rows = (await enrolmentLines(trx)
    .where('enrolments.pupil_id', pupilId)
    .whereNull('enrolments.ends_on')
    .where('school_years.starts_on', '>', trx.raw(CURRENT_START))
    .orderBy('school_years.starts_on')
    .orderByRaw(TIMETABLE_ORDER)) as LineRow[]
  return rows.map(toLine)
}

/** The courses of the next year of one of the family's pupils (below « Cours »). */
export async function familyPupilUpcoming(trx: Trx, ref: FamilyPupilRef): Promise<EnrolmentLine[]> {
  await assertFamilyPupil(trx, ref)
  return pupilUpcoming(trx, ref.pupilId)
}

/** "Historique" of one of the family's pupils. */
export async function familyPupilHistory(
  trx: Trx,
  ref: FamilyPupilRef,
): Promise<{ lines: EnrolmentLine[]; cycleResults: CycleResultLine[] }> {
  await assertFamilyPupil(trx, ref)
  return pupilHistory(trx, ref.pupilId)
}

/** "Répertoire" of one of the family's pupils. */
export async function familyPupilRepertoire(
  trx: Trx,
  ref: FamilyPupilRef,
): Promise<RepertoireYear[]> {
  await assertFamilyPupil(trx, ref)
  return pupilRepertoire(trx, ref.pupilId)
}

/** A course of one of the family's pupils opened: "Suivi", "Évaluations", "Absences". */
export async function familyEnrolmentFollowUp(
  trx: Trx,
  ref: { familyId: number; enrolmentId: number },
): Promise<EnrolmentFollowUp> {
  const own = await trx('enrolments')
    .join('pupils', 'pupils.id', 'enrolments.pupil_id')
    .where({ 'enrolments.id': ref.enrolmentId, 'pupils.family_id': ref.familyId })
    .whereNull('pupils.archived_at')
    .first('enrolments.id')
  const followUp = own ? await enrolmentFollowUp(trx, ref.enrolmentId) : null
  if (!followUp) throw notFound('Ce cours est introuvable.')
  return followUp
}
