import type { AuditLogEntry } from '../../../db/services/audit.ts'
import { euros } from '../../../db/rules/billing.ts'
import { formatDate } from '../../../db/rules/formats.ts'
import { AUDIT_ACTIONS } from '../../../db/rules/labels.ts'
import {
  EVALUATION_KIND_LABELS,
  markLabel,
  type EvaluationKind,
} from '../../../db/rules/pedagogy.ts'
import { displayValue, RECORD_FIELDS, type FieldDef } from '../../../db/rules/record-fields.ts'
import type { AuditEntry } from '../../api/types.ts'

type Details = Record<string, unknown>

/** Field names and values in the words of the forms: « Ville », « 14/09/1995 », « Oui ». */
function wording(entityType: string | null) {
  const fields: readonly FieldDef[] =
    entityType === 'guardian' || entityType === 'pupil' ? RECORD_FIELDS[entityType] : []
  const def = (key: string) => fields.find((f) => f.key === key)
  const name = (key: string) => def(key)?.label ?? key
  const value = (key: string, v: unknown) => {
    const field = def(key)
    const shown =
      field && (typeof v === 'string' || typeof v === 'boolean')
        ? displayValue(field, v)
        : String(v ?? '') || '—'
    return `« ${shown} »`
  }
  return { name, value }
}

/** The parts of an entry's details that say what changed, in French. */
function changeParts(d: Details, w: ReturnType<typeof wording>): string[] {
  const parts: string[] = []
  const pairs = (d['changes'] ?? d['accepted']) as
    Record<string, { old: unknown; new: unknown }> | undefined
  for (const [key, change] of Object.entries(pairs ?? {}))
    parts.push(`${w.name(key)} : ${w.value(key, change.old)} → ${w.value(key, change.new)}`)
  const refused = d['refused'] as { field: string; requested: unknown }[] | undefined
  if (refused?.length) {
    const list = refused.map((r) => `${w.name(r.field)} ${w.value(r.field, r.requested)}`)
    parts.push(`refusé : ${list.join(', ')}`)
  }
  const requested = d['requested'] as Record<string, unknown> | undefined
  for (const [key, v] of Object.entries(requested ?? {}))
    parts.push(`${w.name(key)} : ${w.value(key, v)}`)
  return parts
}

/** The rest: fields taken back, requests closed by an archiving, the secretariat's comment. */
function otherParts(d: Details, w: ReturnType<typeof wording>): string[] {
  const parts: string[] = []
  const withdrawn = d['withdrawn'] as string[] | undefined
  if (withdrawn?.length) parts.push(`retiré de la demande : ${withdrawn.map(w.name).join(', ')}`)
  const closed = d['closedRequests'] as number[] | undefined
  if (closed?.length) {
    parts.push(
      closed.length === 1
        ? 'sa demande en attente est close'
        : `${closed.length} demandes en attente closes`,
    )
  }
  if (d['comment']) parts.push(`commentaire : ${String(d['comment'])}`)
  return parts
}

const text = (v: unknown) => (typeof v === 'string' ? v : '')
const day = (v: unknown) => (typeof v === 'string' && v ? formatDate(v) : '')
const cents = (v: unknown) => (typeof v === 'number' ? euros(v) : '')

/**
 * What the entries of pedagogy, réinscription and billing keep (a course, its year, a cycle,
 * dates, a pièce, an invoice…), in a few words each: « cours « Trompette » », « 2027/2028 »; the
 * family's réinscription in the words of its tab: « Réinscription administrative », the courses
 * ticked, the pièce and the name of its file.
 */
function recordParts(action: string, d: Details): string[] {
  // A credit note keeps its own number and the invoice it cancels.
  const numbered = action === 'invoice.credit' ? 'avoir' : 'facture'
  const parts = [
    d['administrative'] === true ? 'Réinscription administrative' : '',
    text(d['course']) && `cours « ${text(d['course'])} »`,
    Array.isArray(d['courses']) && d['courses'].length
      ? `cours : ${(d['courses'] as unknown[]).map(text).join(', ')}`
      : '',
    text(d['schoolYear']) && `année ${text(d['schoolYear'])}`,
    [text(d['cursus']), text(d['cycle']) && `cycle ${text(d['cycle'])}`].filter(Boolean).join(', '),
    day(d['startsOn']) && `à partir du ${day(d['startsOn'])}`,
    day(d['endsOn']) && `jusqu’au ${day(d['endsOn'])}`,
    day(d['date'] ?? d['evaluated_on']) && `le ${day(d['date'] ?? d['evaluated_on'])}`,
    EVALUATION_KIND_LABELS[text(d['kind']) as EvaluationKind] ?? '',
    typeof d['mark'] === 'number' ? `note ${markLabel(d['mark'])}` : '',
    text(d['mention']),
    [text(d['composer']), text(d['title'])].filter(Boolean).join(' — '),
    text(d['piece']) && `pièce « ${text(d['piece'])} »`,
    text(d['fileName']) && `fichier « ${text(d['fileName'])} »`,
    text(d['replacedFile']) && `remplace « ${text(d['replacedFile'])} »`,
    text(d['reason']) && `raison : ${text(d['reason'])}`,
    text(d['number']) && `${numbered} ${text(d['number'])}`,
    text(d['invoice']) && `facture ${text(d['invoice'])}`,
    text(d['receipt']) && `reçu ${text(d['receipt'])}`,
    cents(d['totalCents']) || cents(d['amountCents']),
    day(d['paidOn']) && `payé le ${day(d['paidOn'])}`,
    text(d['rum']) && `mandat ${text(d['rum'])}`,
    day(d['signedOn']) && `signé le ${day(d['signedOn'])}`,
  ]
  return parts.filter(Boolean)
}

/** An entry of a family's journal: who, what and the values, in the words of the forms. */
export function auditEntry(entry: AuditLogEntry): AuditEntry {
  const w = wording(entry.entityType)
  const detail = [
    ...changeParts(entry.details, w),
    ...otherParts(entry.details, w),
    ...recordParts(entry.action, entry.details),
  ]
  return {
    at: entry.at,
    actor: entry.actor,
    what: AUDIT_ACTIONS[entry.action] ?? entry.action,
    pupil: entry.pupil ?? '',
    detail: detail.join(' ; '),
  }
}
