// The pièces of a campaign as the family's Réinscription tab reads them, kept in memory for each
// connection: the morning a campaign opens, thousands of families read the same few pièces, which
// change a few times a year. They are kept with the campaign's pieces_revision, a random number
// that triggers change with every change of its pièces, by any connection (migration
// 20261206000000): the tab reads the revision with its campaign, in the same transaction, and
// reads the pièces again when it is not the one they were kept at. 7 pièces: some 20 µs of
// every tab.
import type { Sql } from '../../prepared.ts'
import { PIECE_COLUMNS, pieceOf, type Piece, type PieceRow } from './common.ts'

const PIECES = `SELECT ${PIECE_COLUMNS.join(', ')}
  FROM campaign_pieces WHERE campaign_id = ? AND archived_at IS NULL
  ORDER BY position, id`

/** For one connection: each campaign's pièces, and the revision they were read at. */
const kept = new WeakMap<Sql, Map<number, { revision: number; pieces: readonly Piece[] }>>()

/**
 * The pièces of campaign `campaignId` (archived ones left out, in order) when its pieces_revision
 * is `revision`: those kept, or read (one prepared statement) and kept. Shared by every reader:
 * frozen, never to be changed.
 */
export function piecesAt(sql: Sql, campaignId: number, revision: number): readonly Piece[] {
  let campaigns = kept.get(sql)
  if (!campaigns) kept.set(sql, (campaigns = new Map()))
  const known = campaigns.get(campaignId)
  if (known?.revision === revision) return known.pieces
  const rows = sql.all<PieceRow>(PIECES, campaignId)
  const pieces = Object.freeze(rows.map((r) => Object.freeze(pieceOf(r))))
  campaigns.set(campaignId, { revision, pieces })
  return pieces
}
