// The family's side of the sas: what it asks for waits here until the secretariat decides.
import { isoNow, type Clock } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import { DomainError } from '../../errors.ts'
import { acknowledgementMail } from '../../mail-templates.ts'
import { displayValue, type FieldValue } from '../../rules/record-fields.ts'
import { guardianProfile } from '../access.ts'
import { recordAudit } from '../audit.ts'
import { enqueueMail, mailedSince } from '../outbox.ts'
import { checkSchoolChoice } from '../schools.ts'
import { checkValues, familyOfTarget, fieldDef, recordValues, type Target } from '../records.ts'
import {
  parseValue,
  pendingFields,
  pendingRequest,
  pendingState,
  recordName,
  targetName,
  type FieldRow,
  type PendingState,
  type RequestRow,
} from './requests.ts'

interface Submission {
  familyId: number
  guardianId: number
  target: Target
  values: Record<string, unknown>
  clientIp: string
  clock: Clock
}

async function openRequest(trx: Trx, input: Submission): Promise<RequestRow> {
  const now = isoNow(input.clock)
  const [row] = await trx('change_requests')
    .insert({
      family_id: input.familyId,
      target_type: input.target.type,
      target_id: input.target.id,
      status: 'pending',
      submitted_by: input.guardianId,
      created_at: now,
      updated_at: now,
    })
    .returning<{ id: number }[]>('id')
  const request = row && (await trx<RequestRow>('change_requests').where({ id: row.id }).first())
  if (!request) throw new Error('change request insert returned no row')
  return request
}

/** One field asked for: a new pending row, or the same field asked again with another value. */
async function askField(
  trx: Trx,
  request: RequestRow,
  previous: FieldRow | undefined,
  field: string,
  value: FieldValue,
  current: FieldValue | undefined,
): Promise<void> {
  if (previous) {
    await trx('change_request_fields')
      .where({ id: previous.id })
      .update({ new_value: JSON.stringify(value) })
    return
  }
  // A field already decided in this request (the rest still waiting) is asked for again.
  const row = {
    base_value: JSON.stringify(current ?? ''),
    new_value: JSON.stringify(value),
    decision: 'pending',
    decided_at: null,
  }
  const decided = await trx('change_request_fields')
    .where({ request_id: request.id, field })
    .update(row)
  if (!decided) await trx('change_request_fields').insert({ request_id: request.id, field, ...row })
}

/**
 * Puts the checked values into the record's pending request (opened when needed): a value equal to
 * the record's takes the field back out of the request (withdrawn); an unchanged pending value is
 * left as it is.
 */
async function applyToRequest(
  trx: Trx,
  input: Submission,
  values: Record<string, FieldValue>,
): Promise<{ request: RequestRow | undefined; changed: string[]; withdrawn: string[] }> {
  const current = await recordValues(trx, input.target)
  let request = await pendingRequest(trx, input.target)
  const existing = request ? await pendingFields(trx, request.id) : []
  const changed: string[] = []
  const withdrawn: string[] = []
  for (const [field, value] of Object.entries(values)) {
    const previous = existing.find((f) => f.field === field)
    if (value === current[field]) {
      if (previous) {
        await trx('change_request_fields').where({ id: previous.id }).delete()
        withdrawn.push(field)
      }
    } else if (!previous || parseValue(previous.new_value) !== value) {
      request ??= await openRequest(trx, input)
      await askField(trx, request, previous, field, value, current[field])
      changed.push(field)
    }
  }
  return { request, changed, withdrawn }
}

/** After a change: a request left empty goes, one whose fields were all decided closes. */
async function settleRequest(trx: Trx, request: RequestRow, input: Submission): Promise<void> {
  const now = isoNow(input.clock)
  const fields = await trx<FieldRow>('change_request_fields').where({ request_id: request.id })
  if (fields.length === 0) {
    // Everything withdrawn, nothing decided: as if never asked.
    await trx('change_requests').where({ id: request.id }).delete()
    return
  }
  const open = fields.some((f) => f.decision === 'pending')
  await trx('change_requests')
    .where({ id: request.id })
    .update({
      updated_at: now,
      revision: request.revision + 1,
      // Everything left was decided earlier (and mailed then): the request is done.
      ...(open ? { submitted_by: input.guardianId } : { status: 'closed', closed_at: now }),
    })
}

/** One acknowledgement is enough for the changes a family makes within these minutes. */
const ACKNOWLEDGEMENT_QUIET_MS = 5 * 60_000

/**
 * The acknowledgement of receipt, with every value that now waits; one at most every few minutes
 * (a family saving the form again and again gets one mail, which says so).
 */
async function acknowledge(trx: Trx, input: Submission, state: PendingState | null): Promise<void> {
  const guardian = await guardianProfile(trx, input.guardianId)
  if (!guardian?.email) return
  const since = new Date(input.clock.now().getTime() - ACKNOWLEDGEMENT_QUIET_MS)
  const kind = 'acknowledgement'
  if (await mailedSince(trx, { kind, guardianId: guardian.id, since })) return
  const lines = Object.entries(state?.values ?? {}).map(([field, value]) => {
    const def = fieldDef(input.target.type, field)
    return def ? `${def.label} : ${displayValue(def, value)}` : ''
  })
  await enqueueMail(trx, {
    kind: 'acknowledgement',
    to: guardian.email,
    siteId: guardian.siteId,
    guardianId: guardian.id,
    clock: input.clock,
    mail: acknowledgementMail({
      site: guardian.site,
      guardian: guardian.guardian,
      recordName: recordName(input.target, await targetName(trx, input.target)),
      lines: lines.filter(Boolean),
    }),
  })
}

/**
 * A family asks to change a record of its own: nothing changes in the record; the changed fields
 * wait in the sas. A second change before validation updates the same request; a field set back
 * to the record's value leaves the request (withdrawn). The guardian gets an acknowledgement by
 * mail of what now waits, when something new was asked.
 */
export async function submitChanges(trx: Trx, input: Submission): Promise<PendingState | null> {
  // Another family's record (or one that does not exist) is simply not found.
  if ((await familyOfTarget(trx, input.target)) !== input.familyId) {
    throw new DomainError('NOT_FOUND', 'Cette fiche est introuvable.')
  }
  const values = checkValues(input.target.type, input.values)
  await checkSchoolChoice(trx, input.target.type, values)
  const { request, changed, withdrawn } = await applyToRequest(trx, input, values)
  if (changed.length === 0 && withdrawn.length === 0) return pendingState(trx, input.target)
  if (request) await settleRequest(trx, request, input)
  const state = await pendingState(trx, input.target)
  await recordAudit(trx, {
    clock: input.clock,
    actorType: 'family',
    actorId: input.guardianId,
    action: 'family.change_requested',
    entityType: input.target.type,
    entityId: input.target.id,
    familyId: input.familyId,
    clientIp: input.clientIp,
    details: {
      fields: changed,
      requested: Object.fromEntries(changed.map((f) => [f, values[f]])),
      ...(withdrawn.length ? { withdrawn } : {}),
    },
  })
  if (changed.length) await acknowledge(trx, input, state)
  return state
}
