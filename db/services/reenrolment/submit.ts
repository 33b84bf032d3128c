// « Valider » of the family's Réinscription tab: the lines ticked (and the course chosen), the
// "Réinscription administrative", the "Information complémentaire", in one transaction with the
// audit entry and the acknowledgement mail; refused whole, with nothing saved, on any problem.
import { isoNow } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import { DomainError } from '../../errors.ts'
import { compose, greeting } from '../../mail-templates.ts'
import { sqlOf } from '../../prepared.ts'
import { REENROLMENT_MESSAGES as M } from '../../rules/reenrolment.ts'
import { ofName } from '../../rules/text.ts'
import { guardianProfile } from '../access.ts'
import { recordAudit } from '../audit.ts'
import { enqueueMail } from '../outbox.ts'
import {
  campaignPieces,
  enrolmentsOfYear,
  pieceTargetOf,
  piecesFor,
  previousYearId,
  type Campaign,
  type CurrentEnrolment,
} from './common.ts'
import { familyCourseOptions } from './course-options.ts'
import {
  changeableRequest,
  openCampaignNow,
  ownPupil,
  type FamilyActor,
  type RequestRow,
} from './family-checks.ts'
import { familyReenrolmentTab } from './family-tab.ts'
import type { ReenrolmentTabView } from './family-views.ts'

export const MAX_COMMENT_LENGTH = 2000

export interface Submission {
  administrative: boolean
  comment: string
  lines: { enrolmentId: number; reenrol: boolean; courseId: number | null }[]
  revision: number
}

/** A line as saved: ticked or not, the course chosen (null: the default one), its label for the mail. */
interface Chosen {
  line: CurrentEnrolment
  reenrol: boolean
  courseId: number | null
  label: string
}

const refuse = (message: string, field?: string) =>
  new DomainError('VALIDATION', message, field ? { [field]: message } : {})

/** The lines sent, checked against the pupil's courses of their year (`pupil.yearId`) and the options. */
async function checkedLines(
  trx: Trx,
  campaign: Campaign,
  pupil: { id: number; yearId: number | null },
  enrolments: CurrentEnrolment[],
  input: Submission,
): Promise<Chosen[]> {
  const sent = new Map(input.lines.map((l) => [l.enrolmentId, l]))
  for (const l of input.lines) {
    if (!enrolments.some((e) => e.enrolmentId === l.enrolmentId))
      throw new DomainError('NOT_FOUND', M.notYourCourse)
  }
  const optionsOf = familyCourseOptions(await sqlOf(trx), {
    pupil: pupil.id,
    previous: pupil.yearId,
    next: campaign.schoolYearId,
  })
  const chosen: Chosen[] = []
  for (const line of enrolments) {
    const asked = sent.get(line.enrolmentId)
    const reenrol = asked?.reenrol ?? false
    const courseId = reenrol ? (asked?.courseId ?? null) : null
    let label = line.courseLabel
    if (reenrol) {
      const options = optionsOf(line.courseId)
      const option = courseId === null ? options[0] : options.find((o) => o.courseId === courseId)
      if (courseId !== null && !option)
        throw refuse(M.courseNotOffered, `lines.${line.enrolmentId}.courseId`)
      label = option?.label ?? line.courseLabel
    }
    chosen.push({ line, reenrol, courseId, label })
  }
  return chosen
}

/** The required pièces that apply to the pupil and have no document: their names. */
async function missingPieces(
  trx: Trx,
  campaign: Campaign,
  target: Parameters<typeof piecesFor>[1],
  request: RequestRow | undefined,
): Promise<string[]> {
  const required = piecesFor(await campaignPieces(trx, campaign.id), target).filter(
    (p) => p.required,
  )
  const given = request
    ? await trx('reenrolment_documents')
        .where({ request_id: request.id })
        .whereNull('removed_at')
        .pluck<number[]>('piece_id')
    : []
  return required.filter((p) => !given.includes(p.id)).map((p) => p.name)
}

/**
 * A request already sent that « Valider » would send again as it is (a second tap, the page sent
 * twice): the same box « Réinscription administrative », comment and lines, and no document given
 * or removed since.
 */
async function sentAsIs(
  trx: Trx,
  request: RequestRow | undefined,
  input: Submission,
  chosen: Chosen[],
): Promise<boolean> {
  if (request?.status !== 'envoyee') return false
  if (Boolean(request.administrative) !== input.administrative) return false
  if (request.comment !== input.comment) return false
  // A document given or taken away since the last « Valider » is a change too.
  const since = request.submitted_at ?? ''
  const documentChanged = await trx('reenrolment_documents')
    .where({ request_id: request.id })
    .where((q) => void q.where('uploaded_at', '>', since).orWhere('removed_at', '>', since))
    .first('id')
  if (documentChanged) return false
  const saved = await trx('reenrolment_lines')
    .where({ request_id: request.id })
    .select<{ enrolment_id: number; reenrol: number; course_id: number | null }[]>(
      'enrolment_id',
      'reenrol',
      'course_id',
    )
  const byEnrolment = new Map(saved.map((l) => [l.enrolment_id, l]))
  return chosen.every((c) => {
    const line = byEnrolment.get(c.line.enrolmentId)
    return line && Boolean(line.reenrol) === c.reenrol && line.course_id === c.courseId
  })
}

/** Saves the request (created when the family gives nothing before « Valider »), revision + 1. */
async function saveRequest(
  trx: Trx,
  actor: FamilyActor,
  campaign: Campaign,
  request: RequestRow | undefined,
  input: Submission,
): Promise<number> {
  const now = isoNow(actor.clock)
  const values = {
    status: 'envoyee',
    administrative: input.administrative,
    comment: input.comment,
    revision: input.revision + 1,
    submitted_at: now,
    submitted_by_guardian_id: actor.guardianId,
    updated_at: now,
  }
  if (!request) {
    const [row] = await trx('reenrolment_requests')
      .insert({
        campaign_id: campaign.id,
        pupil_id: actor.pupilId,
        family_id: actor.familyId,
        ...values,
        created_at: now,
      })
      .returning<{ id: number }[]>('id')
    if (!row) throw new Error('reenrolment request insert returned no id')
    return row.id
  }
  const changed = await trx('reenrolment_requests')
    .where({ id: request.id, revision: input.revision })
    .update(values)
  if (changed !== 1) throw new DomainError('CONFLICT', M.stale)
  return request.id
}

async function saveLines(trx: Trx, requestId: number, chosen: Chosen[]): Promise<void> {
  if (chosen.length === 0) return
  await trx('reenrolment_lines')
    .insert(
      chosen.map((c) => ({
        request_id: requestId,
        enrolment_id: c.line.enrolmentId,
        reenrol: c.reenrol,
        course_id: c.courseId,
      })),
    )
    .onConflict(['request_id', 'enrolment_id'])
    .merge(['reenrol', 'course_id'])
}

/** The acknowledgement of receipt to the guardian who validated (seed 003). */
async function acknowledge(
  trx: Trx,
  actor: FamilyActor,
  campaign: Campaign,
  input: Submission,
  chosen: Chosen[],
): Promise<void> {
  const guardian = await guardianProfile(trx, actor.guardianId)
  if (!guardian?.email) return
  const pupil = await trx('pupils')
    .where({ id: actor.pupilId })
    .first<{ last_name: string; first_name: string }>('last_name', 'first_name')
  const name = `${pupil.first_name} ${pupil.last_name}`.trim()
  const asked = [
    ...(input.administrative ? ['Réinscription administrative'] : []),
    ...chosen.filter((c) => c.reenrol).map((c) => `Poursuite du cours : ${c.label}`),
  ]
  const subject = `Réinscription ${campaign.schoolYearLabel} ${ofName(name)} : accusé de réception — ${guardian.site.name}`
  const paragraphs = [
    greeting(guardian.guardian),
    `Nous avons bien reçu la demande de réinscription ${ofName(name)} pour l’année scolaire ${campaign.schoolYearLabel}.`,
    `Votre demande :\n${asked.map((a) => `- ${a}`).join('\n')}`,
    ...(input.comment.trim() ? [`Votre message : « ${input.comment.trim()} »`] : []),
    'Le secrétariat du conservatoire va l’examiner puis la valider : vous recevrez alors un courriel. D’ici là, vous pouvez encore la modifier dans l’onglet « Réinscription » de l’élève.',
  ]
  await enqueueMail(trx, {
    kind: 'reenrolment_acknowledgement',
    to: guardian.email,
    siteId: guardian.siteId,
    guardianId: guardian.id,
    clock: actor.clock,
    mail: compose(guardian.site, subject, paragraphs),
  })
}

/**
 * « Valider »: refused with nothing saved when the campaign is not open, the request was decided,
 * the revision sent is not the current one (a double submit, the other guardian's change),
 * nothing is chosen, a required pièce has no document, a line is not one of the pupil's courses,
 * a course chosen is not offered, or it was sent already as it is. The family may validate again
 * while it waits (a change).
 */
export async function submitReenrolment(
  trx: Trx,
  actor: FamilyActor,
  input: Submission,
): Promise<ReenrolmentTabView> {
  const { residence } = await ownPupil(trx, actor)
  const campaign = await openCampaignNow(trx, actor)
  const request = await changeableRequest(trx, campaign.id, actor.pupilId)
  if (input.revision !== (request?.revision ?? 0)) throw new DomainError('CONFLICT', M.stale)
  if (input.comment.length > MAX_COMMENT_LENGTH) throw refuse(M.commentTooLong, 'comment')
  const yearId = await previousYearId(trx, campaign.schoolYearId)
  const enrolments = yearId === null ? [] : await enrolmentsOfYear(trx, actor.pupilId, yearId)
  const pupil = { id: actor.pupilId, yearId }
  const chosen = await checkedLines(trx, campaign, pupil, enrolments, input)
  if (!input.administrative && !chosen.some((c) => c.reenrol)) throw refuse(M.nothingChosen)
  const target = pieceTargetOf(residence, enrolments)
  const missing = await missingPieces(trx, campaign, target, request)
  if (missing.length) throw refuse(M.missingPieces(missing), 'pieces')
  // Sent again unchanged: no second acknowledgement, nothing written.
  if (request && (await sentAsIs(trx, request, input, chosen))) {
    const refused = await trx('reenrolment_documents')
      .where({ request_id: request.id, state: 'refuse' })
      .whereNull('removed_at')
      .first('id')
    throw new DomainError('CONFLICT', refused ? M.unchangedRefused : M.unchanged)
  }
  const requestId = await saveRequest(trx, actor, campaign, request, input)
  await saveLines(trx, requestId, chosen)
  const continued = chosen.filter((c) => c.reenrol)
  await recordAudit(trx, {
    clock: actor.clock,
    actorType: 'family',
    actorId: actor.guardianId,
    action: 'family.reenrolment_submitted',
    entityType: 'pupil',
    entityId: actor.pupilId,
    familyId: actor.familyId,
    clientIp: actor.clientIp,
    details: {
      campaignId: campaign.id,
      requestId,
      administrative: input.administrative,
      reenrol: continued.map((c) => c.line.enrolmentId),
      revision: input.revision + 1,
      // The courses to continue as chosen (the mail's): a group picked is not kept elsewhere.
      courses: continued.map((c) => c.label),
    },
  })
  await acknowledge(trx, actor, campaign, input, chosen)
  const at = { ...actor, now: actor.clock.now() }
  return familyReenrolmentTab(await sqlOf(trx), at)
}
