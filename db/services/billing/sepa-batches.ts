// The SEPA exports already made: their list and their file, downloaded again as it was given to
// the bank. A staff member sees an export when every debit of it is on invoices of their sites
// (the administrator sees them all).
import type { Trx } from '../../connection.ts'
import { DomainError } from '../../errors.ts'
import { SEPA_MESSAGES as M } from '../../rules/sepa.ts'
import type { SepaBatchView } from '../../rules/sepa-views.ts'
import type { SiteScope } from '../staff-scope.ts'

interface BatchRow {
  id: number
  message_id: string
  month: string
  collection_date: string
  transactions: number
  total_cents: number
  file_name: string
  created_at: string
  created_by: string | null
}

/** Batches with a debit on an invoice of a site the staff member does not work for. */
function outsideSites(trx: Trx, siteIds: readonly number[]) {
  return trx('sepa_debits as d')
    .join('invoice_instalments as ii', 'ii.id', 'd.instalment_id')
    .join('invoices as i', 'i.id', 'ii.invoice_id')
    .whereNotIn('i.site_id', siteIds)
    .select('d.batch_id')
}

/** The exports the staff member sees, newest first. */
export async function sepaBatches(trx: Trx, siteIds: SiteScope): Promise<SepaBatchView[]> {
  const query = trx('sepa_batches as b')
    .leftJoin('staff_users as s', 's.id', 'b.created_by_staff_user_id')
    .orderBy('b.id', 'desc')
    .limit(200)
    .select<BatchRow[]>(
      'b.id',
      'b.message_id',
      'b.month',
      'b.collection_date',
      'b.transactions',
      'b.total_cents',
      'b.file_name',
      'b.created_at',
      's.display_name as created_by',
    )
  if (siteIds !== null) void query.whereNotIn('b.id', outsideSites(trx, siteIds))
  const rows = await query
  return rows.map((row) => ({
    id: row.id,
    messageId: row.message_id,
    month: row.month,
    collectionDate: row.collection_date,
    transactions: row.transactions,
    totalCents: row.total_cents,
    fileName: row.file_name,
    createdAt: row.created_at,
    createdBy: row.created_by ?? '',
  }))
}

/** The file of an export, as it was made. */
export async function sepaBatchFile(
  trx: Trx,
  batchId: number,
  siteIds: SiteScope,
): Promise<{ fileName: string; xml: string }> {
  const query = trx('sepa_batches').where({ id: batchId })
  if (siteIds !== null) void query.whereNotIn('id', outsideSites(trx, siteIds))
  const row = await query.first<{ file_name: string; xml: string } | undefined>('file_name', 'xml')
  if (!row) throw new DomainError('NOT_FOUND', M.batchNotFound)
  return { fileName: row.file_name, xml: row.xml }
}
