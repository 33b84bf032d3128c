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

/** An entry of a family's journal, with who did it named. */
export interface AuditLogEntry {
  at: string
  actorType: string
  actor: string
  action: string
  entityType: string | null
  entityId: number | null
  details: Record<string, unknown>
}

/** The family's audit log, newest first: who, when, what (old and new values). */
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
    details: JSON.parse(r.details) as Record<string, unknown>,
  }))
}
