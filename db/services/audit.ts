import type { Trx } from '../connection.ts'
import { isoNow, type Clock } from '../clock.ts'

export type ActorType = 'family' | 'staff' | 'system'

export interface NewAuditEntry {
  /** When: the services' clock. */
  clock: Clock
  actorType: ActorType
  actorId?: number | null
  action: string
  entityType?: string
  entityId?: number | null
  familyId?: number | null
  clientIp?: string
  /** Never a password, a hash or a token. */
  details?: Record<string, unknown>
}

const SECRET_KEYS = /pass|hash|token|secret/i

export async function recordAudit(trx: Trx, entry: NewAuditEntry): Promise<void> {
  const details = Object.fromEntries(
    Object.entries(entry.details ?? {}).filter(([key]) => !SECRET_KEYS.test(key)),
  )
  await trx('audit_log').insert({
    at: isoNow(entry.clock),
    actor_type: entry.actorType,
    actor_id: entry.actorId ?? null,
    action: entry.action,
    entity_type: entry.entityType ?? null,
    entity_id: entry.entityId ?? null,
    family_id: entry.familyId ?? null,
    client_ip: entry.clientIp ?? '',
    details: JSON.stringify(details),
  })
}

/** An entry of a family's journal, with who did it named, and the pupil it is about. */
export interface AuditLogEntry {
  at: string
  actorType: string
  actor: string
  action: string
  entityType: string | null
  entityId: number | null
  /** As recorded; with FAMILY_REENROLMENT_WORDS under them for the family's réinscription. */
  details: Record<string, unknown>
  /** « ABOLANT Adrien »: the pupil the entry is about (ENTRY_PUPIL); null for the others. */
  pupil: string | null
}

/**
 * The id of the pupil an entry is about, read in the same statement as the entry: the `pupilId`
 * its details keep, else traced from the row it names: the pupil (their record, a request of the
 * family, their réinscription sent, a document given), an enrolment, an évaluation or a suivi note
 * (by their enrolment), a work of the répertoire, a réinscription request or document, a rental
 * (the pupil its details keep). Entries of rows deleted since (an évaluation entered by mistake,
 * an enrolment cancelled) are traced by the `pupilId` of their details only.
 */
const ENTRY_PUPIL = `COALESCE(json_extract(audit_log.details, '$.pupilId'), CASE audit_log.entity_type
  WHEN 'pupil' THEN audit_log.entity_id
  WHEN 'enrolment' THEN (SELECT e.pupil_id FROM enrolments e WHERE e.id = audit_log.entity_id)
  WHEN 'evaluation' THEN (SELECT e.pupil_id FROM evaluations v
    JOIN enrolments e ON e.id = v.enrolment_id WHERE v.id = audit_log.entity_id)
  WHEN 'suivi_note' THEN (SELECT e.pupil_id FROM suivi_notes s
    JOIN enrolments e ON e.id = s.enrolment_id WHERE s.id = audit_log.entity_id)
  WHEN 'repertoire_work' THEN (SELECT w.pupil_id FROM repertoire_works w
    WHERE w.id = audit_log.entity_id)
  WHEN 'reenrolment_request' THEN (SELECT r.pupil_id FROM reenrolment_requests r
    WHERE r.id = audit_log.entity_id)
  WHEN 'reenrolment_document' THEN (SELECT d.pupil_id FROM reenrolment_documents d
    WHERE d.id = audit_log.entity_id)
  WHEN 'rental' THEN json_extract(audit_log.details, '$.pupil_id')
END)`

/** « ABOLANT Adrien », as the back office names a pupil (fullName); null when none. */
const PUPIL_NAME = `(SELECT trim(p.last_name || ' ' || p.first_name) FROM pupils p
  WHERE p.id = ${ENTRY_PUPIL})`

/**
 * The words of the family's own réinscription entries, from the ids they keep (these rows are
 * never deleted), in the same statement: the pièce, the file given or removed and the one it
 * replaced; the year, and the courses of the lines ticked as the family's tab names them. The
 * entries written from now on keep the courses as chosen (a group picked among several): theirs
 * win. Null for any other entry.
 */
const FAMILY_REENROLMENT_WORDS = `CASE
  WHEN audit_log.action IN ('family.reenrolment_document_given',
      'family.reenrolment_document_removed')
  THEN (SELECT json_object('piece', cp.name, 'fileName', d.file_name,
      'replacedFile', (SELECT r.file_name FROM reenrolment_documents r
        WHERE r.id = json_extract(audit_log.details, '$.replaced')))
    FROM reenrolment_documents d JOIN campaign_pieces cp ON cp.id = d.piece_id
    WHERE d.id = json_extract(audit_log.details, '$.documentId'))
  WHEN audit_log.action = 'family.reenrolment_submitted'
  THEN (SELECT json_object('schoolYear', y.label, 'courses', json((
      SELECT json_group_array(c.label ORDER BY j.key)
      FROM json_each(audit_log.details, '$.reenrol') j
      JOIN enrolments e ON e.id = j.value JOIN courses c ON c.id = e.course_id)))
    FROM reenrolment_campaigns rc JOIN school_years y ON y.id = rc.school_year_id
    WHERE rc.id = json_extract(audit_log.details, '$.campaignId'))
END`

/**
 * The family's audit log, newest first: who, when, what (old and new values), about which pupil;
 * one statement, however many entries.
 */
export async function familyAudit(trx: Trx, familyId: number): Promise<AuditLogEntry[]> {
  const rows = await trx('audit_log')
    .leftJoin('staff_users', function () {
      this.on('staff_users.id', '=', 'audit_log.actor_id').andOn(
        'audit_log.actor_type',
        '=',
        trx.raw('?', ['staff']),
      )
    })
    .leftJoin('guardians', function () {
      this.on('guardians.id', '=', 'audit_log.actor_id').andOn(
        'audit_log.actor_type',
        '=',
        trx.raw('?', ['family']),
      )
    })
    .where('audit_log.family_id', familyId)
    .orderBy('audit_log.id', 'desc')
    .limit(200)
    .select<
      {
        at: string
        actor_type: string
        action: string
        entity_type: string | null
        entity_id: number | null
        details: string
        staff_name: string | null
        guardian_last: string | null
        guardian_first: string | null
        pupil_name: string | null
        traced: string | null
      }[]
    >(
      'audit_log.at',
      'audit_log.actor_type',
      'audit_log.action',
      'audit_log.entity_type',
      'audit_log.entity_id',
      'audit_log.details',
      'staff_users.display_name as staff_name',
      'guardians.last_name as guardian_last',
      'guardians.first_name as guardian_first',
      trx.raw(`${PUPIL_NAME} as pupil_name`),
      trx.raw(`${FAMILY_REENROLMENT_WORDS} as traced`),
    )
  return rows.map((r) => ({
    at: r.at,
    actorType: r.actor_type,
    actor:
      r.staff_name ??
      (r.guardian_last ? `${r.guardian_last} ${r.guardian_first ?? ''}`.trim() : 'Système'),
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    details: {
      ...(r.traced ? (JSON.parse(r.traced) as Record<string, unknown>) : {}),
      ...(JSON.parse(r.details) as Record<string, unknown>),
    },
    pupil: r.pupil_name,
  }))
}
