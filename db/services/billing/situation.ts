// The family's quotient familial and residence, as staff set them (bill role) with the day they
// apply from and their proof: a document's name (« Attestation CAF du 12/01/2026 ») and, when
// staff give it, its file (checked by its bytes as the réinscription's documents are, stored
// under DATA_DIR/documents with a generated name). Each change is kept (family_situations); the
// family's record (families.quotient_familial, families.residence) holds the one that applies
// from the latest day — the one the tariffs price with. Audited in the family's journal.
import { isoNow } from '../../clock.ts'
import type { Trx } from '../../connection.ts'
import { keepDocument, newStoredName, storedFile } from '../../document-files.ts'
import { DomainError } from '../../errors.ts'
import { parseDay } from '../../rules/pedagogy.ts'
import { RESIDENCE_LABELS, type Residence } from '../../rules/reenrolment.ts'
import type { FamilySituationView } from '../../rules/tariff-views.ts'
import { qfEuros, TARIFF_MESSAGES as M } from '../../rules/tariffs.ts'
import type { CheckedFile } from '../reenrolment/uploads.ts'
import { auditBilling, type BillingActor } from './common.ts'
import { isResidence } from './tariffs.ts'

export interface SituationInput {
  familyId: number
  quotientFamilial: number | null
  residence: Residence | null
  /** 'YYYY-MM-DD' or '12/01/2026'. */
  appliesFrom: string
  proofName: string
  file?: CheckedFile | null
  dataDir: string
}

const invalid = (field: string, message: string) =>
  new DomainError('VALIDATION', message, { [field]: message })

const quotientLabel = (q: number | null) => (q === null ? 'Non fourni' : qfEuros(q))
const residenceLabel = (r: Residence | null) =>
  r === null ? 'Non renseignée' : RESIDENCE_LABELS[r]

function checked(input: SituationInput) {
  const q = input.quotientFamilial
  if (q !== null && (!Number.isSafeInteger(q) || q < 0)) throw invalid('quotient', M.badQuotient)
  if (input.residence !== null && !isResidence(input.residence))
    throw invalid('residence', M.targetRequired)
  const appliesFrom = parseDay(input.appliesFrom)
  if (!appliesFrom) throw invalid('appliesFrom', M.badDate)
  const proofName = (input.proofName ?? '').trim().slice(0, 200) || input.file?.fileName || ''
  if (!proofName) throw invalid('proofName', M.proofRequired)
  return { appliesFrom, proofName }
}

/** Records a quotient and residence with their day and proof; the record takes the latest day's. */
export async function setFamilySituation(
  trx: Trx,
  actor: BillingActor,
  input: SituationInput,
): Promise<{ id: number }> {
  const { appliesFrom, proofName } = checked(input)
  const family = await trx('families')
    .where({ id: input.familyId })
    .first<{ quotient_familial: number | null; residence: Residence | null } | undefined>(
      'quotient_familial',
      'residence',
    )
  if (!family) throw new DomainError('NOT_FOUND', M.familyNotFound)
  const now = isoNow(actor.clock)
  const file = input.file ?? null
  const storedName = file ? newStoredName(file.extension) : null
  const [row] = await trx('family_situations')
    .insert({
      family_id: input.familyId,
      quotient_familial: input.quotientFamilial,
      residence: input.residence,
      applies_from: appliesFrom,
      proof_name: proofName,
      stored_name: storedName,
      mime_type: file?.mimeType ?? null,
      size_bytes: file?.bytes ?? null,
      sha256: file?.sha256 ?? null,
      recorded_at: now,
      recorded_by_staff_user_id: actor.staffUserId ?? null,
    })
    .returning<{ id: number }[]>('id')
  const id = (row as { id: number }).id
  // The record takes this one unless another applies from a later day (a late proof of an older
  // quotient is kept in the history only).
  const latest = (await trx('family_situations')
    .where({ family_id: input.familyId })
    .orderBy([
      { column: 'applies_from', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .first('id')) as { id: number }
  const record =
    latest.id === id
      ? { quotient_familial: input.quotientFamilial, residence: input.residence }
      : family
  if (latest.id === id)
    await trx('families')
      .where({ id: input.familyId })
      .update({ ...record, updated_at: now })
  await auditBilling(
    trx,
    actor,
    'staff.family_situation_set',
    { type: 'family', id: input.familyId, familyId: input.familyId },
    {
      // As the journal shows changes: « Quotient familial : « 750 € » → « 820 € » ».
      changes: {
        'Quotient familial': {
          old: quotientLabel(family.quotient_familial),
          new: quotientLabel(record.quotient_familial),
        },
        Résidence: { old: residenceLabel(family.residence), new: residenceLabel(record.residence) },
      },
      appliesFrom,
      proofName,
      situationId: id,
    },
  )
  if (file && storedName) await keepDocument(input.dataDir, file.path, storedName)
  return { id }
}

/** The family's quotient and residence, and every change, the latest day first. */
export async function familySituationView(
  trx: Trx,
  familyId: number,
  fileUrl: (situationId: number) => string,
): Promise<FamilySituationView> {
  const family = await trx('families')
    .where({ id: familyId })
    .first<{ quotient_familial: number | null; residence: Residence | null } | undefined>(
      'quotient_familial',
      'residence',
    )
  if (!family) throw new DomainError('NOT_FOUND', M.familyNotFound)
  const rows = await trx('family_situations as s')
    .leftJoin('staff_users as u', 'u.id', 's.recorded_by_staff_user_id')
    .where('s.family_id', familyId)
    .orderBy([
      { column: 's.applies_from', order: 'desc' },
      { column: 's.id', order: 'desc' },
    ])
    .select<
      {
        id: number
        quotient_familial: number | null
        residence: Residence | null
        applies_from: string
        proof_name: string
        stored_name: string | null
        recorded_at: string
        display_name: string | null
      }[]
    >(
      's.id',
      's.quotient_familial',
      's.residence',
      's.applies_from',
      's.proof_name',
      's.stored_name',
      's.recorded_at',
      'u.display_name',
    )
  return {
    quotientFamilial: family.quotient_familial,
    residence: family.residence,
    history: rows.map((r) => ({
      id: r.id,
      quotientFamilial: r.quotient_familial,
      residence: r.residence,
      appliesFrom: r.applies_from,
      proofName: r.proof_name,
      fileUrl: r.stored_name ? fileUrl(r.id) : null,
      recordedAt: r.recorded_at,
      recordedBy: r.display_name ?? '',
    })),
  }
}

/** The proof's file of one of the family's situations; 404 for another family's or none. */
export async function situationProof(
  trx: Trx,
  input: { familyId: number; situationId: number; dataDir: string },
): Promise<{ path: string; fileName: string; mimeType: string }> {
  const row = await trx('family_situations')
    .where({ id: input.situationId, family_id: input.familyId })
    .whereNotNull('stored_name')
    .first<{ stored_name: string; proof_name: string; mime_type: string } | undefined>(
      'stored_name',
      'proof_name',
      'mime_type',
    )
  const file = row && (await storedFile(input.dataDir, row.stored_name))
  if (!row || !file) throw new DomainError('NOT_FOUND', M.situationNotFound)
  const extension = row.stored_name.split('.').pop() ?? ''
  const fileName = row.proof_name.toLowerCase().endsWith(`.${extension}`)
    ? row.proof_name
    : `${row.proof_name}.${extension}`
  return { path: file, fileName, mimeType: row.mime_type }
}
