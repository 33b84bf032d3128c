// A pupil's Documents tab: the documents the family uploaded for the réinscription of every year
// (the campaign's year, the pièce, the file, its state) and the school years the conservatoire
// can attest (those where the pupil has an enrolment: a cancelled one is deleted, an ended one
// stays). Staff read any pupil they see; a family only its own pupils (any other is not found).
import type { Trx } from '../../connection.ts'
import { DomainError } from '../../errors.ts'
import type { DocumentState } from '../../rules/reenrolment.ts'

export interface UploadedDocument {
  id: number
  schoolYear: string
  piece: string
  fileName: string
  uploadedAt: string
  sizeBytes: number
  state: DocumentState
  refusalReason: string
  removedAt: string | null
}

export interface AttestationYear {
  schoolYearId: number
  schoolYear: string
}

export interface PupilDocuments {
  pupil: { id: number; lastName: string; firstName: string }
  uploaded: UploadedDocument[]
  attestations: AttestationYear[]
}

const NOT_FOUND = 'Cette fiche est introuvable.'

export interface PupilOwner {
  /** The family asking: only its own pupils, not archived. Absent: staff. */
  familyId?: number
}

/** The pupil, when it exists (and is the family's, not archived, when a family asks). */
export async function pupilFor(
  trx: Trx,
  pupilId: number,
  owner: PupilOwner,
): Promise<{
  id: number
  lastName: string
  firstName: string
  birthDate: string
  civility: string
  familyId: number
}> {
  const query = trx('pupils').where({ id: pupilId })
  if (owner.familyId !== undefined)
    query.where({ family_id: owner.familyId }).whereNull('archived_at')
  const row = await query.first<
    | {
        id: number
        last_name: string
        first_name: string
        birth_date: string
        civility: string
        family_id: number
      }
    | undefined
  >('id', 'last_name', 'first_name', 'birth_date', 'civility', 'family_id')
  if (!row) throw new DomainError('NOT_FOUND', NOT_FOUND)
  return {
    id: row.id,
    lastName: row.last_name,
    firstName: row.first_name,
    birthDate: row.birth_date,
    civility: row.civility,
    familyId: row.family_id,
  }
}

/** The school years where the pupil has an enrolment, latest first. */
export async function attestationYears(trx: Trx, pupilId: number): Promise<AttestationYear[]> {
  const rows = await trx('school_years as y')
    .whereExists((q) =>
      q
        .from('enrolments as e')
        .join('courses as c', 'c.id', 'e.course_id')
        .whereRaw('c.school_year_id = y.id')
        .where('e.pupil_id', pupilId),
    )
    .orderBy('y.starts_on', 'desc')
    .select<{ id: number; label: string }[]>('y.id', 'y.label')
  return rows.map((r) => ({ schoolYearId: r.id, schoolYear: r.label }))
}

/**
 * The pupil's documents: the uploaded ones, latest campaign first then in the pièces' order (for
 * staff, the replaced or removed ones too: nothing a family gave is lost), and the years to attest.
 */
export async function pupilDocuments(
  trx: Trx,
  pupilId: number,
  owner: PupilOwner,
): Promise<PupilDocuments> {
  const pupil = await pupilFor(trx, pupilId, owner)
  const query = trx('reenrolment_documents as d')
    .join('campaign_pieces as p', 'p.id', 'd.piece_id')
    .join('reenrolment_campaigns as c', 'c.id', 'p.campaign_id')
    .join('school_years as y', 'y.id', 'c.school_year_id')
    .where('d.pupil_id', pupil.id)
    .orderBy([
      { column: 'y.starts_on', order: 'desc' },
      { column: 'p.position' },
      { column: 'd.uploaded_at', order: 'desc' },
      { column: 'd.id', order: 'desc' },
    ])
  // A family sees what it gives now: its own documents, not the replaced or removed ones.
  if (owner.familyId !== undefined)
    query.where('d.family_id', owner.familyId).whereNull('d.removed_at')
  const rows = await query.select<
    {
      id: number
      label: string
      name: string
      file_name: string
      uploaded_at: string
      size_bytes: number
      state: DocumentState
      refusal_reason: string
      removed_at: string | null
    }[]
  >(
    'd.id',
    'y.label',
    'p.name',
    'd.file_name',
    'd.uploaded_at',
    'd.size_bytes',
    'd.state',
    'd.refusal_reason',
    'd.removed_at',
  )
  return {
    pupil: { id: pupil.id, lastName: pupil.lastName, firstName: pupil.firstName },
    uploaded: rows.map((r) => ({
      id: r.id,
      schoolYear: r.label,
      piece: r.name,
      fileName: r.file_name,
      uploadedAt: r.uploaded_at,
      sizeBytes: r.size_bytes,
      state: r.state,
      refusalReason: r.refusal_reason,
      removedAt: r.removed_at,
    })),
    attestations: await attestationYears(trx, pupil.id),
  }
}
