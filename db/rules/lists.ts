// The staff lists: their columns (the same words on the screen and in the exports), which ones
// sort, and the filters they take. The server turns a sort key into SQL from its own whitelist.

export type SortOrder = 'asc' | 'desc'

export interface ListColumn<Key extends string = string> {
  key: Key
  title: string
  /** Sorts on the server (in French order for texts). */
  sortable: boolean
}

/**
 * Where a page of a list starts: after the row of a cursor (`after`: the next page), before it
 * (`before`: the previous page), at the end (`last`), or, with none of them, at the beginning.
 * A cursor holds the sort keys and the id of a row; the client keeps it opaque.
 */
export interface ListQuery<Sort extends string = string> {
  sort?: Sort | undefined
  order?: SortOrder | undefined
  pageSize: number
  after?: ListCursor | undefined
  before?: ListCursor | undefined
  last?: boolean | undefined
}

/** A cursor once decoded: the sort it was made for and the keys of its row (the id last). */
export interface ListCursor {
  sort: string
  order: SortOrder
  keys: (string | number)[]
}

/**
 * A page of a list: its rows, how many rows the whole list holds (filters applied), and the
 * cursors of the pages before and after it (null at either end).
 */
export interface ListPage<Row> {
  items: Row[]
  total: number
  previous: string | null
  next: string | null
}

export const PAGE_SIZES = [10, 25, 50, 100] as const

function list<Key extends string>(columns: Record<Key, [string, boolean]>): ListColumn<Key>[] {
  return (Object.entries(columns) as [Key, [string, boolean]][]).map(
    ([key, [title, sortable]]) => ({
      key,
      title,
      sortable,
    }),
  )
}

/** A family's state in the Familles list. */
export const FAMILY_STATES = ['active', 'pending', 'archived', 'all'] as const
export type FamilyState = (typeof FAMILY_STATES)[number]
export const FAMILY_STATE_LABELS: Record<FamilyState, string> = {
  active: 'Actives',
  pending: 'Avec une demande en attente',
  archived: 'Archivées',
  all: 'Toutes',
}

export const FAMILY_COLUMNS = list({
  name: ['Nom', true],
  guardians: ['Responsables', true],
  pupils: ['Élèves', true],
  siteName: ['Site', true],
  state: ['État', true],
})
export type FamilySort = (typeof FAMILY_COLUMNS)[number]['key']

export const REQUEST_COLUMNS = list({
  createdAt: ['Date', true],
  familyName: ['Famille', true],
  target: ['Fiche', true],
  fields: ['Champs modifiés', true],
  siteName: ['Site', true],
})
export type RequestSort = (typeof REQUEST_COLUMNS)[number]['key']

export const MAIL_COLUMNS = list({
  createdAt: ['Date', true],
  to: ['Destinataire', true],
  subject: ['Objet', true],
  status: ['État', true],
})
export type MailSort = (typeof MAIL_COLUMNS)[number]['key']

export const MAIL_STATE_LABELS = {
  pending: 'En attente',
  sending: 'En cours d’envoi',
  sent: 'Envoyé',
  failed: 'Échec',
} as const

export type ExportFormat = 'csv' | 'xlsx'

/** The names of a family's guardians as the list shows them: « DUPONT Gérard (dupont1) ». */
export function guardianNames(
  guardians: readonly { lastName: string; firstName: string; login: string | null }[],
): string {
  return guardians
    .map((g) => `${g.lastName} ${g.firstName}${g.login ? ` (${g.login})` : ''}`)
    .join(', ')
}

/** The names of a family's pupils as the list shows them: « Léa DUPONT ». */
export function pupilNames(pupils: readonly { lastName: string; firstName: string }[]): string {
  return pupils.map((p) => `${p.firstName} ${p.lastName}`).join(', ')
}

/** A family's state in words: « Archivée », « 2 demandes en attente », « Active ». */
export function familyStateLabel(family: {
  archivedAt: string | null
  pendingRequests: number
}): string {
  if (family.archivedAt) return 'Archivée'
  if (family.pendingRequests === 1) return '1 demande en attente'
  if (family.pendingRequests > 1) return `${family.pendingRequests} demandes en attente`
  return 'Active'
}

/** « Élève DUPONT Léa », « Responsable ABOLANT Jocelyne ». */
export function requestTargetLabel(request: {
  targetType: 'guardian' | 'pupil'
  targetName: string
}): string {
  return `${request.targetType === 'pupil' ? 'Élève' : 'Responsable'} ${request.targetName}`
}
