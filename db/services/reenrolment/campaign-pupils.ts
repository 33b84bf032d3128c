// The pupils of a campaign's dashboard: one line per pupil it concerns with the state of their
// réinscription (filtered by state, searched by name, a page at a time), and the same lines with
// what the family sent for the CSV export. Grouped statements, never one per pupil.
import type { Trx } from '../../connection.ts'
import { parisDayAndTime } from '../../rules/campaigns.ts'
import {
  DASHBOARD_STATUS_LABELS,
  dashboardStatus,
  documentStateLabel,
  pieceApplies,
  type DashboardStatus,
  type DocumentState,
  type RequestStatus,
  type Residence,
} from '../../rules/reenrolment.ts'
import { frenchSortKey, searchWords } from '../../rules/text.ts'
import { escapeLike } from '../../text.ts'
import { sqlOf } from '../../prepared.ts'
import {
  foundByTrigrams,
  trigramCounts,
  trigramMatch,
  type TrigramCounts,
} from '../search-trigrams.ts'
import { campaignPieces, previousYearId, type Campaign } from './common.ts'
import { concernedPupils, withStatus } from './dashboard.ts'

export interface CampaignPupil {
  pupilId: number
  familyId: number
  familyName: string
  lastName: string
  firstName: string
  status: DashboardStatus
  /** The request, for its review page; null when the family has not started one. */
  requestId: number | null
  submittedAt: string | null
}

export interface CampaignPupilQuery {
  status?: DashboardStatus | undefined
  q?: string | undefined
  page: number
  pageSize: number
}

interface PupilRow {
  pupil_id: number
  family_id: number
  family_name: string
  last_name: string
  first_name: string
  residence: Residence | null
  request_id: number | null
  status: RequestStatus | null
  submitted_at: string | null
  administrative: number | boolean | null
  comment: string | null
}

/** The pupils of the campaign with the list's filters (state; every word typed in the name). */
function filtered(
  trx: Trx,
  campaign: Campaign,
  query: Omit<CampaignPupilQuery, 'page' | 'pageSize'>,
  counts: TrigramCounts,
) {
  const q = concernedPupils(trx, campaign)
  if (query.status) withStatus(q, query.status)
  const words = searchWords(query.q)
  const match = trigramMatch(counts, words)
  if (match !== null) {
    // The families' trigram index narrows first (it holds the names of their pupils).
    void q.whereRaw(foundByTrigrams('f.id'), [match])
  }
  for (const word of words) {
    void q.whereRaw(
      `french_key(p.last_name || ' ' || p.first_name || ' ' || f.name) LIKE ? ESCAPE '\\'`,
      [`%${escapeLike(frenchSortKey(word))}%`],
    )
  }
  return q
}

const columns = [
  'p.id as pupil_id',
  'f.id as family_id',
  'f.name as family_name',
  'p.last_name',
  'p.first_name',
  'f.residence',
  'r.id as request_id',
  'r.status',
  'r.submitted_at',
  'r.administrative',
  'r.comment',
]

const toPupil = (r: PupilRow): CampaignPupil => ({
  pupilId: r.pupil_id,
  familyId: r.family_id,
  familyName: r.family_name,
  lastName: r.last_name,
  firstName: r.first_name,
  status: dashboardStatus(r.status),
  requestId: r.request_id,
  submittedAt: r.submitted_at,
})

/** A page of the pupils (by family, then name), and how many there are in all. */
export async function campaignPupils(
  trx: Trx,
  campaign: Campaign,
  query: CampaignPupilQuery,
): Promise<{ items: CampaignPupil[]; total: number }> {
  const counts = trigramCounts(await sqlOf(trx))
  const total = await filtered(trx, campaign, query, counts).first<{ n: number }>(
    trx.raw('count(*) as n'),
  )
  const rows = await filtered(trx, campaign, query, counts)
    .orderBy([
      { column: 'f.sort_key' },
      { column: 'f.id' },
      { column: 'p.last_name' },
      { column: 'p.first_name' },
      { column: 'p.id' },
    ])
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .select<PupilRow[]>(columns)
  return { items: rows.map(toPupil), total: total?.n ?? 0 }
}

export const EXPORT_COLUMNS = [
  { key: 'famille', title: 'Famille', sortable: false },
  { key: 'eleve', title: 'Élève', sortable: false },
  { key: 'etat', title: 'État', sortable: false },
  { key: 'envoi', title: 'Date d’envoi', sortable: false },
  { key: 'administrative', title: 'Réinscription administrative', sortable: false },
  { key: 'cours', title: 'Cours cochés', sortable: false },
  { key: 'commentaire', title: 'Information complémentaire', sortable: false },
  { key: 'pieces', title: 'Pièces (état)', sortable: false },
] as const

/** Every pupil of the campaign with what the family sent: the rows of the CSV (six statements). */
export async function campaignExportRows(trx: Trx, campaign: Campaign): Promise<string[][]> {
  const pupils = await concernedPupils(trx, campaign)
    .orderBy([
      { column: 'f.sort_key' },
      { column: 'f.id' },
      { column: 'p.last_name' },
      { column: 'p.first_name' },
    ])
    .select<PupilRow[]>(columns)
  const yearId = await previousYearId(trx, campaign.schoolYearId)
  const courses = await concernedPupils(trx, campaign)
    .join('enrolments as e', 'e.pupil_id', 'p.id')
    .join('courses as c', 'c.id', 'e.course_id')
    .join('disciplines as d', 'd.id', 'c.discipline_id')
    .where('c.school_year_id', yearId ?? -1)
    .whereNull('e.ends_on')
    .select<{ pupil_id: number; department_id: number; cursus_id: number | null }[]>(
      'p.id as pupil_id',
      'd.department_id',
      'e.cursus_id',
    )
  const ticked = await trx('reenrolment_lines as l')
    .join('reenrolment_requests as r', 'r.id', 'l.request_id')
    .join('enrolments as e', 'e.id', 'l.enrolment_id')
    .join('courses as c', 'c.id', 'e.course_id')
    .leftJoin('courses as n', 'n.id', 'l.course_id')
    .where({ 'r.campaign_id': campaign.id, 'l.reenrol': true })
    .orderBy([{ column: 'c.label' }, { column: 'l.id' }])
    .select<{ request_id: number; label: string; next: string | null }[]>(
      'l.request_id',
      'c.label',
      'n.label as next',
    )
  const documents = await trx('reenrolment_documents as doc')
    .join('reenrolment_requests as r', 'r.id', 'doc.request_id')
    .where('r.campaign_id', campaign.id)
    .whereNull('doc.removed_at')
    .select<
      { request_id: number; piece_id: number; state: DocumentState; refusal_reason: string }[]
    >('doc.request_id', 'doc.piece_id', 'doc.state', 'doc.refusal_reason')
  const pieces = await campaignPieces(trx, campaign.id)
  const group = <T, K>(rows: T[], key: (r: T) => K) => {
    const map = new Map<K, T[]>()
    for (const r of rows) map.set(key(r), [...(map.get(key(r)) ?? []), r])
    return map
  }
  const coursesOf = group(courses, (c) => c.pupil_id)
  const tickedOf = group(ticked, (t) => t.request_id)
  const docOf = new Map(documents.map((d) => [`${d.request_id}:${d.piece_id}`, d]))
  return pupils.map((p) => {
    const mine = coursesOf.get(p.pupil_id) ?? []
    const target = {
      departmentIds: [...new Set(mine.map((c) => c.department_id))],
      cursusIds: [...new Set(mine.flatMap((c) => (c.cursus_id === null ? [] : [c.cursus_id])))],
      residence: p.residence,
    }
    const states = pieces
      .filter((piece) => pieceApplies(piece, target))
      .map((piece) => {
        const doc = p.request_id === null ? undefined : docOf.get(`${p.request_id}:${piece.id}`)
        const label = documentStateLabel(
          doc ? { state: doc.state, refusalReason: doc.refusal_reason } : null,
        )
        return `${piece.name} : ${label}`
      })
    const lines = p.request_id === null ? [] : (tickedOf.get(p.request_id) ?? [])
    const status = dashboardStatus(p.status)
    return [
      p.family_name,
      `${p.last_name} ${p.first_name}`.trim(),
      p.status === 'brouillon'
        ? `${DASHBOARD_STATUS_LABELS[status]} (brouillon)`
        : DASHBOARD_STATUS_LABELS[status],
      p.submitted_at ? parisDayAndTime(p.submitted_at).day : '',
      p.request_id === null ? '' : p.administrative ? 'Oui' : 'Non',
      lines
        .map((l) => (l.next && l.next !== l.label ? `${l.label} (→ ${l.next})` : l.label))
        .join(' ; '),
      p.comment ?? '',
      states.join(' ; '),
    ]
  })
}
