// The pièces à fournir of a campaign as staff edit them in the campaign's form: the list sent is
// the new list, in its order. A pièce of the list keeps its row (changed in place); a new one is
// added; one left out is deleted, or archived when families already gave documents for it
// (nothing a family gave is lost).
import { isoNow } from '../../clock.ts'
import { DomainError } from '../../errors.ts'
import type { Trx } from '../../connection.ts'
import { CAMPAIGN_MESSAGES as C } from '../../rules/campaigns.ts'
import { PEDAGOGY_MESSAGES as M } from '../../rules/pedagogy.ts'
import {
  PIECE_SCOPES,
  REENROLMENT_MESSAGES as R,
  type PieceScope,
} from '../../rules/reenrolment.ts'
import type { PedagogyActor } from '../pedagogy/common.ts'

/** A pièce as the form sends it; `id` for a pièce the campaign already has. */
export interface PieceInput {
  id?: number | null | undefined
  name: string
  required: boolean
  appliesTo: PieceScope
  departmentId?: number | null | undefined
  cursusId?: number | null | undefined
}

/** A pièce as the back office shows it. */
export interface PieceView {
  id: number
  name: string
  required: boolean
  appliesTo: PieceScope
  departmentId: number | null
  department: string
  cursusId: number | null
  cursus: string
  position: number
  /** Families gave documents for it: removing it archives it. */
  hasDocuments: boolean
}

export const MAX_PIECES = 30

/** The pièces of a campaign (not archived), in order, with their department and cursus names. */
export async function piecesOfCampaign(trx: Trx, campaignId: number): Promise<PieceView[]> {
  const rows = await trx('campaign_pieces as p')
    .leftJoin('departments as d', 'd.id', 'p.department_id')
    .leftJoin('cursus as u', 'u.id', 'p.cursus_id')
    .where('p.campaign_id', campaignId)
    .whereNull('p.archived_at')
    .orderBy([{ column: 'p.position' }, { column: 'p.id' }])
    .select<
      {
        id: number
        name: string
        required: number | boolean
        applies_to: PieceScope
        department_id: number | null
        department: string | null
        cursus_id: number | null
        cursus: string | null
        position: number
        documents: number
      }[]
    >(
      'p.id',
      'p.name',
      'p.required',
      'p.applies_to',
      'p.department_id',
      'd.name as department',
      'p.cursus_id',
      'u.name as cursus',
      'p.position',
      trx.raw(
        '(SELECT count(*) FROM reenrolment_documents doc WHERE doc.piece_id = p.id) AS documents',
      ),
    )
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    required: Boolean(r.required),
    appliesTo: r.applies_to,
    departmentId: r.department_id,
    department: r.department ?? '',
    cursusId: r.cursus_id,
    cursus: r.cursus ?? '',
    position: r.position,
    hasDocuments: r.documents > 0,
  }))
}

interface CheckedPiece {
  id: number | null
  name: string
  required: boolean
  applies_to: PieceScope
  department_id: number | null
  cursus_id: number | null
}

/** Checks the pièces of the form; the errors go under `pieces.<index>.<field>`. */
export async function checkPieces(
  trx: Trx,
  pieces: readonly PieceInput[],
  errors: Record<string, string>,
): Promise<CheckedPiece[]> {
  if (pieces.length > MAX_PIECES) errors['pieces'] = C.tooManyPieces
  const departments = new Set(
    (await trx('departments').select<{ id: number }[]>('id')).map((d) => d.id),
  )
  const cursus = new Set((await trx('cursus').select<{ id: number }[]>('id')).map((c) => c.id))
  return pieces.map((p, i) => {
    const at = (field: string) => `pieces.${i}.${field}`
    const name = typeof p.name === 'string' ? p.name.trim().replace(/\s+/g, ' ') : ''
    if (!name) errors[at('name')] = C.pieceName
    else if (name.length > 300) errors[at('name')] = M.tooLong(300)
    const scope = (PIECE_SCOPES as readonly string[]).includes(p.appliesTo) ? p.appliesTo : 'tous'
    const departmentId = scope === 'departement' ? (p.departmentId ?? null) : null
    const cursusId = scope === 'cursus' ? (p.cursusId ?? null) : null
    if (scope === 'departement' && (departmentId === null || !departments.has(departmentId)))
      errors[at('departmentId')] = R.pieceNeedsDepartment
    if (scope === 'cursus' && (cursusId === null || !cursus.has(cursusId)))
      errors[at('cursusId')] = R.pieceNeedsCursus
    return {
      id: p.id ?? null,
      name,
      required: Boolean(p.required),
      applies_to: scope,
      department_id: departmentId,
      cursus_id: cursusId,
    }
  })
}

export interface PieceChanges {
  added: string[]
  changed: string[]
  deleted: string[]
  archived: string[]
}

/** Writes the checked list of pièces of a campaign (see the top of this file); says what changed. */
export async function writePieces(
  trx: Trx,
  campaignId: number,
  pieces: readonly CheckedPiece[],
  actor: PedagogyActor,
): Promise<PieceChanges> {
  const now = isoNow(actor.clock)
  const before = await piecesOfCampaign(trx, campaignId)
  const byId = new Map(before.map((p) => [p.id, p]))
  const changes: PieceChanges = { added: [], changed: [], deleted: [], archived: [] }
  for (const piece of pieces) {
    if (piece.id !== null && !byId.has(piece.id)) {
      const index = pieces.indexOf(piece)
      throw new DomainError('VALIDATION', C.pieceNotFound, {
        [`pieces.${index}.name`]: C.pieceNotFound,
      })
    }
  }
  for (const [index, piece] of pieces.entries()) {
    const { id, ...values } = piece
    const row = { ...values, position: index + 1, updated_at: now }
    if (id === null) {
      await trx('campaign_pieces').insert({ ...row, campaign_id: campaignId, created_at: now })
      changes.added.push(piece.name)
      continue
    }
    const old = byId.get(id)
    byId.delete(id)
    if (old && changedPiece(old, piece)) changes.changed.push(piece.name)
    await trx('campaign_pieces').where({ id }).update(row)
  }
  for (const gone of byId.values()) {
    if (gone.hasDocuments) {
      await trx('campaign_pieces')
        .where({ id: gone.id })
        .update({ archived_at: now, updated_at: now })
      changes.archived.push(gone.name)
    } else {
      await trx('campaign_pieces').where({ id: gone.id }).delete()
      changes.deleted.push(gone.name)
    }
  }
  return changes
}

function changedPiece(old: PieceView, piece: CheckedPiece): boolean {
  return (
    old.name !== piece.name ||
    old.required !== piece.required ||
    old.appliesTo !== piece.applies_to ||
    old.departmentId !== piece.department_id ||
    old.cursusId !== piece.cursus_id
  )
}
