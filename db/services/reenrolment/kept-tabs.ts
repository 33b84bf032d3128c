// What the family's Réinscription tab shows of a pupil that changes seldom, its lines and its
// pièces, kept in memory for each connection: the morning a campaign opens, each family reads its
// tab again and again (after each pièce it gives, after « Valider », both guardians), and the
// lines alone cost some twenty b-tree searches and the choices of next year. They are kept with
// the revisions of all they are made of (family-tab.ts reads them with the pupil, in the same
// transaction; triggers give each a new random number at every change, whatever the connection:
// migration 20261208000000), and read again when one is not the one they were kept at.
import type { Sql } from '../../prepared.ts'
import type { ReenrolmentLineView, ReenrolmentPieceView } from './family-views.ts'

/** A pupil's lines and pièces, as the tab shows them. */
export interface TabContent {
  lines: ReenrolmentLineView[]
  pieces: ReenrolmentPieceView[]
}

/**
 * The pupils kept for one connection, at most: a few kilobytes each, the morning's families well
 * under the server's memory goal. Past it, the pupil kept the longest ago goes.
 */
const KEPT_PUPILS = 3000

const kept = new WeakMap<Sql, Map<number, { revisions: string; content: TabContent }>>()

/** `value` and all it holds made read-only: the content is shared by every reader. */
function deepFrozen<T extends object>(value: T): T {
  for (const inner of Object.values(value))
    if (inner !== null && typeof inner === 'object') deepFrozen(inner as object)
  Object.freeze(value)
  return value
}

/**
 * The content of pupil `pupilId`'s tab at `revisions` (every revision it is made of, written as
 * one text): the one kept, or `read()` and kept. Frozen: never to be changed.
 */
export function tabContentAt(
  sql: Sql,
  pupilId: number,
  revisions: string,
  read: () => TabContent,
): TabContent {
  let pupils = kept.get(sql)
  if (!pupils) kept.set(sql, (pupils = new Map()))
  const known = pupils.get(pupilId)
  if (known?.revisions === revisions) return known.content
  const content = deepFrozen(read())
  pupils.delete(pupilId)
  if (pupils.size >= KEPT_PUPILS) pupils.delete(pupils.keys().next().value as number)
  pupils.set(pupilId, { revisions, content })
  return content
}
