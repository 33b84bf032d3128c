import type { Trx } from '../connection.ts'
import { nowIso } from '../text.ts'

export type ActorType = 'family' | 'staff' | 'system'

export interface AuditEntry {
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

export async function recordAudit(trx: Trx, entry: AuditEntry): Promise<void> {
  const details = Object.fromEntries(
    Object.entries(entry.details ?? {}).filter(([key]) => !SECRET_KEYS.test(key)),
  )
  await trx('audit_log').insert({
    at: nowIso(),
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
