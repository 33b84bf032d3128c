import { randomBytes } from 'node:crypto'
import { isoNow, type Clock } from '../clock.ts'
import type { Trx } from '../connection.ts'
import { DomainError } from '../errors.ts'
import type { Mail } from '../mail-templates.ts'
import type { ListPage, ListQuery, MailSort } from '../rules/lists.ts'
import { escapeLike } from '../text.ts'
import { allRows, listPage, onSites, type ListSpec } from './lists.ts'
import { sqlOf } from '../prepared.ts'

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed'

export interface OutboxRow {
  id: number
  created_at: string
  site_id: number | null
  guardian_id: number | null
  kind: string
  to_address: string
  subject: string
  text: string
  html: string
  message_id: string
  status: OutboxStatus
  attempts: number
  next_attempt_at: string
  last_error: string
  sent_at: string | null
  /** The link to choose a password that the mail carries, made at sending. */
  link_purpose: 'access' | 'reset' | null
  /** The staff member the mail is for (a new account's link), or null. */
  staff_user_id: number | null
}

/** What a mail of the outbox is made of (see enqueueMail). */
export interface NewMail {
  kind: string
  to: string
  siteId?: number | null
  guardianId?: number | null
  staffUserId?: number | null
  mail: Mail
  domain?: string
  clock: Clock
  /** The mail carries a link to choose a password (in place of LINK_PLACEHOLDER). */
  link?: 'access' | 'reset'
}

function outboxRow(input: NewMail) {
  const now = isoNow(input.clock)
  return {
    created_at: now,
    site_id: input.siteId ?? null,
    guardian_id: input.guardianId ?? null,
    staff_user_id: input.staffUserId ?? null,
    kind: input.kind,
    to_address: input.to,
    subject: input.mail.subject,
    text: input.mail.text,
    html: input.mail.html,
    message_id: `<${randomBytes(12).toString('hex')}@${input.domain ?? 'portee.local'}>`,
    status: 'pending',
    next_attempt_at: now,
    link_purpose: input.link ?? null,
  }
}

/**
 * Writes a mail into the outbox, in the transaction of the change that causes it: the mail
 * exists exactly when the change does. The sender delivers it later.
 */
export async function enqueueMail(trx: Trx, input: NewMail): Promise<number> {
  const [row] = await trx('outbox').insert(outboxRow(input)).returning<{ id: number }[]>('id')
  if (!row) throw new Error('outbox insert returned no id')
  return row.id
}

/** Several mails at once (a bulk mailing): one prepared statement, run for each mail. */
export async function enqueueMails(trx: Trx, inputs: readonly NewMail[]): Promise<void> {
  const sql = await sqlOf(trx)
  const columns = Object.keys(outboxRow(inputs[0] ?? EMPTY_MAIL))
  const insert = `INSERT INTO outbox (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`
  for (const input of inputs) sql.run(insert, ...Object.values(outboxRow(input)))
}

const EMPTY_MAIL: NewMail = {
  kind: '',
  to: '',
  mail: { subject: '', text: '', html: '' },
  clock: { now: () => new Date(0) },
}

/** Whether a mail of this kind was written for this guardian since a moment (to not flood them). */
export async function mailedSince(
  trx: Trx,
  input: { kind: string; guardianId: number; since: Date },
): Promise<boolean> {
  const row = await trx('outbox')
    .where({ kind: input.kind, guardian_id: input.guardianId })
    .where('created_at', '>', input.since.toISOString())
    .first<{ id: number } | undefined>('id')
  return row !== undefined
}

/** Takes the mails due now, marking them "sending" so that no other pass takes them again. */
export async function claimDueMails(trx: Trx, limit: number, clock: Clock): Promise<OutboxRow[]> {
  const now = isoNow(clock)
  const rows = await trx<OutboxRow>('outbox')
    .where({ status: 'pending' })
    .where('next_attempt_at', '<=', now)
    .orderBy('id')
    .limit(limit)
  if (rows.length) {
    await trx('outbox')
      .whereIn(
        'id',
        rows.map((r) => r.id),
      )
      .update({ status: 'sending' })
  }
  return rows
}

export async function markMailSent(trx: Trx, id: number, clock: Clock): Promise<void> {
  await trx('outbox')
    .where({ id })
    .update({
      status: 'sent',
      sent_at: isoNow(clock),
      last_error: '',
      attempts: trx.raw('attempts + 1'),
    })
}

export async function markMailRetry(
  trx: Trx,
  id: number,
  error: string,
  delayMs: number,
  clock: Clock,
): Promise<void> {
  await trx('outbox')
    .where({ id })
    .update({
      status: 'pending',
      last_error: error.slice(0, 2000),
      attempts: trx.raw('attempts + 1'),
      next_attempt_at: new Date(clock.now().getTime() + delayMs).toISOString(),
    })
}

export async function markMailFailed(trx: Trx, id: number, error: string): Promise<void> {
  await trx('outbox')
    .where({ id })
    .update({
      status: 'failed',
      last_error: error.slice(0, 2000),
      attempts: trx.raw('attempts + 1'),
    })
}

/** At start-up: mails left "sending" by a stop mid-send go back to the queue (nothing is lost). */
export async function requeueInterruptedMails(trx: Trx, clock: Clock): Promise<number> {
  return trx('outbox')
    .where({ status: 'sending' })
    .update({ status: 'pending', next_attempt_at: isoNow(clock) })
}

/**
 * "Réessayer": a failed mail is sent again at once. A mail still waiting leaves by itself (its
 * next attempt is planned); a sent mail is never sent twice.
 */
export async function retryMail(trx: Trx, id: number, clock: Clock): Promise<void> {
  const row = await trx<OutboxRow>('outbox').where({ id }).first()
  if (!row) throw new DomainError('NOT_FOUND', 'Ce courriel est introuvable.')
  if (row.status === 'sent') throw new DomainError('CONFLICT', 'Ce courriel a déjà été envoyé.')
  if (row.status !== 'failed') {
    throw new DomainError(
      'CONFLICT',
      'Ce courriel n’a pas échoué : il attend son envoi et partira de lui-même.',
    )
  }
  await trx('outbox')
    .where({ id })
    .update({ status: 'pending', next_attempt_at: isoNow(clock) })
}

export interface OutboxPage extends ListPage<OutboxRow> {
  counts: Record<OutboxStatus, number>
}

const SPEC: ListSpec<MailSort> = {
  sorts: {
    createdAt: 'outbox.created_at',
    to: 'french_key(outbox.to_address)',
    subject: 'french_key(outbox.subject)',
    // As the states read in French: Échec, En attente, En cours d’envoi, Envoyé.
    status: `CASE outbox.status WHEN 'failed' THEN 0 WHEN 'pending' THEN 1
      WHEN 'sending' THEN 2 ELSE 3 END`,
  },
  defaultSort: 'createdAt',
  defaultOrder: 'desc',
  tiebreak: 'outbox.id',
}

export interface OutboxFilter {
  status?: OutboxStatus | undefined
  /** Words searched in the recipient and the subject. */
  query?: string | undefined
  /** The sites the staff member works for (`null` or absent: every site). */
  siteIds?: readonly number[] | null | undefined
}

/** The mails of the sites seen (mails of no site, such as a test, only for every site). */
function visibleMails(trx: Trx, filter: OutboxFilter) {
  return onSites(trx<OutboxRow>('outbox'), 'outbox.site_id', filter.siteIds ?? null)
}

function filteredMails(trx: Trx, filter: OutboxFilter) {
  const query = visibleMails(trx, filter).select('outbox.*')
  if (filter.status) query.where({ status: filter.status })
  for (const word of (filter.query ?? '').trim().toLowerCase().split(/\s+/).filter(Boolean)) {
    query.where((q) =>
      q
        .whereRaw(`lower(outbox.to_address) LIKE ? ESCAPE '\\'`, [`%${escapeLike(word)}%`])
        .orWhereRaw(`lower(outbox.subject) LIKE ? ESCAPE '\\'`, [`%${escapeLike(word)}%`]),
    )
  }
  return query
}

/** "Courriels": a page of the outbox, the newest first by default, and the count of each state. */
export async function listOutbox(
  trx: Trx,
  query: OutboxFilter & ListQuery<MailSort>,
): Promise<OutboxPage> {
  const { rows, ...page } = listPage<OutboxRow, MailSort>(
    await sqlOf(trx),
    filteredMails(trx, query),
    SPEC,
    query,
  )
  const grouped = await visibleMails(trx, query)
    .select('status')
    .count<{ status: OutboxStatus; n: number }[]>({ n: '*' })
    .groupBy('status')
  const counts: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0 }
  for (const g of grouped) counts[g.status] = Number(g.n)
  return { items: rows, ...page, counts }
}

/** Every mail of the filters, in the order asked (the export). */
export async function allMails(
  trx: Trx,
  query: OutboxFilter & Pick<ListQuery<MailSort>, 'sort' | 'order'>,
): Promise<OutboxRow[]> {
  return allRows<OutboxRow, MailSort>(filteredMails(trx, query), SPEC, query)
}

export async function getMail(trx: Trx, id: number): Promise<OutboxRow> {
  const row = await trx<OutboxRow>('outbox').where({ id }).first()
  if (!row) throw new DomainError('NOT_FOUND', 'Ce courriel est introuvable.')
  return row
}
