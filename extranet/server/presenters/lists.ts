// The lists as their exports write them: the same columns and words as on the screen.
import {
  FAMILY_COLUMNS,
  familyStateLabel,
  guardianNames,
  MAIL_COLUMNS,
  MAIL_STATE_LABELS,
  pupilNames,
  REQUEST_COLUMNS,
  requestTargetLabel,
} from '../../../db/rules/lists.ts'
import type { FamilyRow } from '../../../db/rules/records.ts'
import type { PendingRequestSummary } from '../../../db/services/change-requests/review.ts'
import type { OutboxRow } from '../../../db/services/outbox.ts'
import { frenchDateTime, type ExportTable } from '../exports.ts'

export function familiesTable(rows: FamilyRow[]): ExportTable {
  return {
    name: 'familles',
    title: 'Familles',
    columns: FAMILY_COLUMNS,
    rows: rows.map((f) => [
      f.name,
      guardianNames(f.guardians),
      pupilNames(f.pupils),
      f.siteName,
      familyStateLabel(f),
    ]),
  }
}

export function requestsTable(rows: PendingRequestSummary[]): ExportTable {
  return {
    name: 'demandes-en-attente',
    title: 'Demandes en attente',
    columns: REQUEST_COLUMNS,
    rows: rows.map((r) => [
      frenchDateTime(r.createdAt),
      r.familyName,
      requestTargetLabel(r),
      r.fields.join(', '),
      r.siteName,
    ]),
  }
}

export function mailsTable(rows: OutboxRow[]): ExportTable {
  return {
    name: 'courriels',
    title: 'Courriels',
    columns: MAIL_COLUMNS,
    rows: rows.map((m) => [
      frenchDateTime(m.created_at),
      m.to_address,
      m.subject,
      MAIL_STATE_LABELS[m.status],
    ]),
  }
}
