// The list of schools that staff keep ("Paramètres" → "Établissements scolaires"), from which a
// pupil's "Établissement scolaire" is chosen, by the family (through the sas) or by staff.
import { isoNow, type Clock } from '../clock.ts'
import type { Trx } from '../connection.ts'
import { sqlOf, type Sql } from '../prepared.ts'
import { DomainError } from '../errors.ts'
import type { FieldValue } from '../rules/record-fields.ts'
import { checkSchool, schoolChoices, schoolLabel, type School } from '../rules/schools.ts'
import { recordAudit } from './audit.ts'
import type { TargetType } from './records.ts'

/** Who changes the list. */
interface Actor {
  staffUserId: number
  clientIp: string
  clock: Clock
}

/** Every school of the list, by name then commune as a French reader expects (É with E). */
export async function listSchools(trx: Trx): Promise<School[]> {
  return schoolList(await sqlOf(trx))
}

/** listSchools, in one prepared statement (sorted on the key the triggers keep: sort_key). */
export function schoolList(sql: Sql): School[] {
  return sql.all<School>('SELECT id, name, city FROM schools ORDER BY sort_key, id')
}

function checked(input: { name: unknown; city: unknown }): { name: string; city: string } {
  const school = checkSchool(input)
  if (!school.ok)
    throw new DomainError('VALIDATION', 'Certains champs sont à corriger.', school.errors)
  return school.value
}

async function refuseTwin(trx: Trx, school: { name: string; city: string }, id?: number) {
  const twin = await trx('schools')
    .where(school)
    .modify((q) => (id === undefined ? q : q.whereNot({ id })))
    .first<{ id: number } | undefined>('id')
  if (twin) {
    throw new DomainError('CONFLICT', `« ${schoolLabel(school)} » est déjà dans la liste.`, {
      name: 'Cet établissement est déjà dans la liste.',
    })
  }
}

async function audit(trx: Trx, actor: Actor, action: string, id: number, details: object) {
  await recordAudit(trx, {
    clock: actor.clock,
    actorType: 'staff',
    actorId: actor.staffUserId,
    action,
    entityType: 'school',
    entityId: id,
    clientIp: actor.clientIp,
    details: { ...details },
  })
}

/** Adds a school to the list; returns it. */
export async function createSchool(
  trx: Trx,
  input: { name: unknown; city: unknown },
  actor: Actor,
): Promise<School> {
  const school = checked(input)
  await refuseTwin(trx, school)
  const now = isoNow(actor.clock)
  const [row] = await trx('schools')
    .insert({ ...school, created_at: now, updated_at: now })
    .returning<{ id: number }[]>('id')
  if (!row) throw new Error('school insert returned no id')
  await audit(trx, actor, 'staff.school_created', row.id, school)
  return { id: row.id, ...school }
}

async function existing(trx: Trx, id: number): Promise<School> {
  const school = await trx('schools').where({ id }).first<School | undefined>('id', 'name', 'city')
  if (!school) throw new DomainError('NOT_FOUND', 'Cet établissement est introuvable.')
  return school
}

/**
 * Renames a school; the pupils who had chosen it keep it under its new name (same transaction).
 */
export async function updateSchool(
  trx: Trx,
  input: { id: number; name: unknown; city: unknown },
  actor: Actor,
): Promise<School> {
  const before = await existing(trx, input.id)
  const school = checked(input)
  await refuseTwin(trx, school, input.id)
  const now = isoNow(actor.clock)
  await trx('schools')
    .where({ id: input.id })
    .update({ ...school, updated_at: now })
  await trx('pupils')
    .where({ school_name: schoolLabel(before) })
    .update({ school_name: schoolLabel(school), updated_at: now })
  await audit(trx, actor, 'staff.school_updated', input.id, { before, after: school })
  return { id: input.id, ...school }
}

/** Takes a school out of the list; the pupils who had chosen it keep the name on their record. */
export async function deleteSchool(trx: Trx, id: number, actor: Actor): Promise<void> {
  const school = await existing(trx, id)
  await trx('schools').where({ id }).delete()
  await audit(trx, actor, 'staff.school_deleted', id, { name: school.name, city: school.city })
}

/**
 * A school asked for a pupil must be one of the list (or one of the two fixed answers): the
 * family's form and the staff's offer only those. VALIDATION otherwise.
 */
export async function checkSchoolChoice(
  trx: Trx,
  type: TargetType,
  values: Record<string, FieldValue>,
): Promise<void> {
  const asked = values['schoolName']
  if (type !== 'pupil' || typeof asked !== 'string' || asked === '') return
  if (schoolChoices(await listSchools(trx)).includes(asked)) return
  throw new DomainError('VALIDATION', 'Certains champs sont à corriger.', {
    schoolName:
      'Choisissez un établissement dans la liste (ou « Établissement non-répertorié » : le secrétariat vous contactera).',
  })
}
