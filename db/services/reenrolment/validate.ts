// "Valider la réinscription": the pièces required are given and not refused (the documents still
// "Fourni" become "Accepté"), and each ticked line becomes next year's enrolment: the course staff
// chose, else the family's, else the copy of the line's course; the cycle staff chose, else the
// next one of the cursus. Through the pedagogy's enrolPupil, so a full course, a course of
// another site or an enrolment that exists already are refused as on the pupil's Cours tab. One
// transaction: a line that cannot be created names itself, and nothing at all is written.
import { isoNow } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import { DomainError } from '../../errors.ts'
import { REENROLMENT_MESSAGES as M } from '../../rules/reenrolment.ts'
import { audit } from '../pedagogy/common.ts'
import { enrolPupil } from '../pedagogy/enrolments.ts'
import { getCampaign, nextYearCycleId, type Campaign } from './common.ts'
import { courseOptions } from './course-options.ts'
import { assertUndecided, mailContext, type ReviewActor } from './decide.ts'
import { mailReenrolmentValidated } from './review-mails.ts'
import {
  REVIEW_MESSAGES as R,
  linesOf,
  requestRow,
  reviewPieces,
  type RequestRow,
} from './review-data.ts'

/** What staff chose for a line (nothing: the defaults). */
export interface LineChoice {
  lineId: number
  courseId?: number | null | undefined
  cycleId?: number | null | undefined
}

export const VALIDATE_MESSAGES = {
  unknownLine: 'Cette ligne ne fait pas partie de la réinscription.',
  noCourse: (line: string) =>
    `« ${line} » : aucun cours de l’année suivante ne le continue. Choisissez un cours, ou décochez la ligne.`,
  courseNotOffered: (line: string) =>
    `« ${line} » : ce cours n’est pas un des cours proposés pour l’année suivante.`,
  lineRefused: (line: string, message: string) => `« ${line} » : ${message}`,
} as const

type Line = Awaited<ReturnType<typeof linesOf>>[number]

/** "Trompette (Musique cursus diplômant)": the course of the year before, and its cursus. */
const lineName = ({ enrolment: e }: Line) =>
  e.cursusName && e.cursusName !== e.courseLabel
    ? `${e.courseLabel} (${e.cursusName})`
    : e.courseLabel

/** The course and cycle of next year for a ticked line, or a French error naming it. */
async function nextYearOf(
  trx: Trx,
  line: Line,
  choice: LineChoice | undefined,
  campaign: Campaign,
) {
  const options = await courseOptions(trx, line.enrolment, campaign.schoolYearId)
  const offered = (id: number | null | undefined) =>
    typeof id === 'number' && options.some((o) => o.courseId === id) ? id : null
  if (typeof choice?.courseId === 'number' && offered(choice.courseId) === null)
    throw new DomainError('VALIDATION', VALIDATE_MESSAGES.courseNotOffered(lineName(line)))
  const courseId =
    offered(choice?.courseId) ??
    offered(line.row.course_id) ??
    options.find((o) => o.continues)?.courseId ??
    null
  if (courseId === null)
    throw new DomainError('CONFLICT', VALIDATE_MESSAGES.noCourse(lineName(line)))
  const cycleId =
    typeof choice?.cycleId === 'number'
      ? choice.cycleId
      : await nextYearCycleId(trx, line.enrolment)
  return { courseId, cycleId }
}

/** Refuses validation while a required pièce has no document, or a refused one. */
async function assertPiecesAccepted(trx: Trx, request: RequestRow, lines: Line[]): Promise<void> {
  const pieces = await reviewPieces(
    trx,
    request,
    lines.map((l) => l.enrolment),
  )
  const missing = pieces
    .filter((p) => p.applies && p.required && (!p.document || p.document.state === 'refuse'))
    .map((p) => p.name)
  if (missing.length) throw new DomainError('CONFLICT', M.piecesNotAccepted(missing))
}

/** Creates the enrolment of one ticked line; its id and course. */
async function enrolLine(
  trx: Trx,
  request: RequestRow,
  campaign: Campaign & { startsOn: string },
  line: Line,
  choice: LineChoice | undefined,
  actor: ReviewActor,
): Promise<{ enrolmentId: number; course: string }> {
  const next = await nextYearOf(trx, line, choice, campaign)
  try {
    const { enrolmentId } = await enrolPupil(
      trx,
      {
        pupilId: request.pupil_id,
        courseId: next.courseId,
        schoolYearId: campaign.schoolYearId,
        cursusId: line.enrolment.cursusId,
        cycleId: next.cycleId,
        startsOn: campaign.startsOn,
      },
      actor,
    )
    await trx('reenrolment_lines')
      .where({ id: line.row.id })
      .update({ created_enrolment_id: enrolmentId })
    const course = await trx('courses')
      .where({ id: next.courseId })
      .first<{ label: string }>('label')
    return { enrolmentId, course: course.label }
  } catch (error) {
    if (!(error instanceof DomainError) || error.code === 'NOT_FOUND') throw error
    throw new DomainError(error.code, VALIDATE_MESSAGES.lineRefused(lineName(line), error.message))
  }
}

/**
 * Validates a réinscription the family sent (`revision`, when given, must be the one staff saw):
 * next year's enrolments created, the documents accepted, the family told. Returns the
 * enrolments created.
 */
export async function validateReenrolment(
  trx: Trx,
  input: { requestId: number; lines: readonly LineChoice[]; revision?: number | undefined },
  actor: ReviewActor,
): Promise<{ enrolmentIds: number[] }> {
  const request = await requestRow(trx, input.requestId)
  assertUndecided(request)
  if (request.status !== 'envoyee') throw new DomainError('CONFLICT', M.notSubmitted)
  if (input.revision !== undefined && input.revision !== request.revision)
    throw new DomainError('CONFLICT', M.stale)
  const found = await getCampaign(trx, request.campaign_id)
  const year = await trx('school_years')
    .where({ id: found?.schoolYearId ?? 0 })
    .first<{ starts_on: string } | undefined>('starts_on')
  if (!found || !year) throw new DomainError('NOT_FOUND', R.requestNotFound)
  const campaign = { ...found, startsOn: year.starts_on }
  const lines = await linesOf(trx, request, campaign)
  const choices = new Map(input.lines.map((c) => [c.lineId, c]))
  for (const id of choices.keys())
    if (!lines.some((l) => l.row.id === id))
      throw new DomainError('VALIDATION', VALIDATE_MESSAGES.unknownLine, {
        [`lines.${id}`]: VALIDATE_MESSAGES.unknownLine,
      })
  await assertPiecesAccepted(trx, request, lines)
  const created: { enrolmentId: number; course: string }[] = []
  for (const line of lines.filter((l) => l.reenrol))
    created.push(await enrolLine(trx, request, campaign, line, choices.get(line.row.id), actor))
  const now = isoNow(actor.clock)
  await trx('reenrolment_documents')
    .where({ request_id: request.id, state: 'fourni' })
    .whereNull('removed_at')
    .update({ state: 'accepte', reviewed_at: now, reviewed_by_staff_user_id: actor.staffUserId })
  await trx('reenrolment_requests').where({ id: request.id }).update({
    status: 'validee',
    decided_at: now,
    decided_by_staff_user_id: actor.staffUserId,
    updated_at: now,
  })
  const leftForStaff = Boolean(request.administrative) && request.comment.trim() !== ''
  const entity = { type: 'reenrolment_request', id: request.id, familyId: request.family_id }
  await audit(trx, actor, 'staff.reenrolment_validated', entity, {
    pupilId: request.pupil_id,
    schoolYear: campaign.schoolYearLabel,
    courses: created.map((c) => c.course),
    leftForStaff,
  })
  const context = await mailContext(trx, request, actor)
  await mailReenrolmentValidated(
    trx,
    context,
    created.map((c) => c.course),
    leftForStaff,
  )
  return { enrolmentIds: created.map((c) => c.enrolmentId) }
}
