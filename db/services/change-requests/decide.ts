// The secretariat decides, field by field, on what a family asked for.
import { isoNow, type Clock } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import { DomainError } from '../../errors.ts'
import { decisionMail } from '../../mail-templates.ts'
import { displayValue, type FieldValue } from '../../rules/record-fields.ts'
import { guardianProfile, type GuardianProfile } from '../access.ts'
import { recordAudit } from '../audit.ts'
import { refreshFamilySearch } from '../families.ts'
import { enqueueMail } from '../outbox.ts'
import { fieldDef, writeValues, type Target } from '../records.ts'
import { recordName, type RequestRow } from './requests.ts'
import { getRequest, type RequestRowView, type RequestView } from './review.ts'

export type Decision = 'accept' | 'refuse'

export interface DecisionInput {
  id: number
  revision: number
  decisions: Record<string, Decision>
  comment: string
  staffUserId: number
  clientIp: string
  clock: Clock
}

/** The request as shown, if the decision is about that very revision and its own fields. */
async function checkedView(trx: Trx, input: DecisionInput): Promise<RequestView> {
  const view = await getRequest(trx, input.id)
  if (view.revision !== input.revision) {
    throw new DomainError(
      'CONFLICT',
      'La famille a modifié sa demande pendant que vous la consultiez : rien n’a été enregistré. Vérifiez les valeurs à jour et décidez de nouveau.',
    )
  }
  const unknown = Object.keys(input.decisions).filter((f) => !view.rows.some((r) => r.field === f))
  if (unknown.length) {
    throw new DomainError(
      'VALIDATION',
      'Ces champs ne font pas partie de la demande.',
      Object.fromEntries(unknown.map((f) => [f, 'Champ inconnu de la demande.'])),
    )
  }
  return view
}

/** Marks each decided field; the accepted values go into the record. */
async function applyDecisions(
  trx: Trx,
  view: RequestView,
  input: DecisionInput,
): Promise<Record<string, { old: FieldValue; new: FieldValue }>> {
  const now = isoNow(input.clock)
  const accepted: Record<string, { old: FieldValue; new: FieldValue }> = {}
  for (const row of view.rows) {
    const decision = input.decisions[row.field]
    if (!decision) continue
    if (decision === 'accept') accepted[row.field] = { old: row.current, new: row.requested }
    await trx('change_request_fields')
      .where({ request_id: view.id, field: row.field })
      .update({ decision: decision === 'accept' ? 'accepted' : 'refused', decided_at: now })
  }
  const values = Object.fromEntries(Object.entries(accepted).map(([f, v]) => [f, v.new]))
  if (Object.keys(values).length) {
    const target: Target = { type: view.targetType, id: view.targetId }
    await writeValues(trx, target, values, input.clock)
    if ('lastName' in values || 'firstName' in values)
      await refreshFamilySearch(trx, view.familyId, input.clock)
  }
  return accepted
}

/** The family is told what was accepted, refused, and what still waits; with the comment. */
async function mailDecision(
  trx: Trx,
  view: RequestView,
  input: DecisionInput,
  guardian: GuardianProfile,
): Promise<void> {
  const describe = (r: RequestRowView) => {
    const def = fieldDef(view.targetType, r.field)
    return `${r.label} : ${def ? displayValue(def, r.requested) : String(r.requested)}`
  }
  const decided = (d: Decision | undefined) =>
    view.rows.filter((r) => input.decisions[r.field] === d).map(describe)
  const target: Target = { type: view.targetType, id: view.targetId }
  const mail = decisionMail({
    site: guardian.site,
    guardian: guardian.guardian,
    recordName: recordName(target, view.targetName),
    accepted: decided('accept'),
    refused: decided('refuse'),
    waiting: decided(undefined),
    comment: input.comment.trim(),
  })
  const to = new Set([guardian.email])
  // The guardian's own address changed: the new one is told too.
  const newEmail =
    input.decisions['email'] === 'accept'
      ? view.rows.find((r) => r.field === 'email')?.requested
      : undefined
  if (
    target.type === 'guardian' &&
    target.id === guardian.id &&
    typeof newEmail === 'string' &&
    newEmail
  )
    to.add(newEmail)
  for (const address of to) {
    await enqueueMail(trx, {
      kind: 'decision',
      to: address,
      siteId: guardian.siteId,
      guardianId: guardian.id,
      clock: input.clock,
      mail,
    })
  }
}

/**
 * Staff decide, field by field, on the revision of the request they saw (if the family changed it
 * since, nothing is decided: CONFLICT). Accepted values are applied in this one transaction,
 * refused ones dropped; the family gets a mail saying what was accepted or refused this time, with
 * the staff's comment. When no field is left waiting, the request closes.
 */
export async function decideRequest(trx: Trx, input: DecisionInput): Promise<{ closed: boolean }> {
  const view = await checkedView(trx, input)
  const request = await trx<RequestRow>('change_requests').where({ id: view.id }).first()
  // Who is told, read before the values change (an accepted e-mail address must not hide the
  // old one).
  const guardian = request?.submitted_by
    ? await guardianProfile(trx, request.submitted_by)
    : undefined
  const accepted = await applyDecisions(trx, view, input)
  const now = isoNow(input.clock)
  const comment = input.comment.trim()
  const closed = view.rows.every((r) => input.decisions[r.field])
  await trx('change_requests')
    .where({ id: view.id })
    .update({
      updated_at: now,
      revision: view.revision + 1,
      ...(comment ? { staff_comment: comment } : {}),
      ...(closed ? { status: 'closed', closed_at: now, closed_by: input.staffUserId } : {}),
    })
  await recordAudit(trx, {
    clock: input.clock,
    actorType: 'staff',
    actorId: input.staffUserId,
    action: 'staff.change_request_decided',
    entityType: view.targetType,
    entityId: view.targetId,
    familyId: view.familyId,
    clientIp: input.clientIp,
    details: {
      requestId: view.id,
      accepted,
      refused: view.rows
        .filter((r) => input.decisions[r.field] === 'refuse')
        .map((r) => ({ field: r.field, requested: r.requested })),
      comment,
    },
  })
  if (guardian?.email) await mailDecision(trx, view, input, guardian)
  return { closed }
}
