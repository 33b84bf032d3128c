import { isoNow, type Clock } from '../clock.ts'
import type { Db, Trx } from '../connection.ts'
import { DomainError } from '../errors.ts'
import { assertAcceptablePassword } from '../password-policy.ts'
import type { PasswordHasher } from '../password.ts'
import { isStaffRole, type StaffRole } from '../rules/roles.ts'
import { recordAudit } from './audit.ts'
import { normalizeLogin } from './login.ts'

export interface StaffUser {
  id: number
  login: string
  displayName: string
  role: StaffRole
}

export async function getStaffUser(trx: Trx, id: number): Promise<StaffUser | undefined> {
  const row = await trx('staff_users')
    .where({ id, active: true })
    .first<{ id: number; login: string; display_name: string; role: string } | undefined>()
  if (!row || !isStaffRole(row.role)) return undefined
  return { id: row.id, login: row.login, displayName: row.display_name, role: row.role }
}

/** True while the database has no staff account: the back office then asks for the administrator's. */
export async function setupRequired(trx: Trx): Promise<boolean> {
  const row = await trx('staff_users').count<{ n: number }[]>({ n: '*' }).first()
  return Number(row?.n ?? 0) === 0
}

/**
 * The first start of a production database: the administrator chooses their identifiant and
 * password (no default password ships). Refused once any staff account exists.
 */
export async function createFirstAdministrator(
  db: Db,
  hasher: PasswordHasher,
  input: {
    login: string
    displayName: string
    password: string
    confirmation: string
    clientIp: string
    clock: Clock
  },
): Promise<{ staffUserId: number }> {
  const already = new DomainError(
    'ALREADY_SET_UP',
    'Le compte administrateur existe déjà : connectez-vous.',
  )
  if (!(await db.transaction((trx) => setupRequired(trx)))) throw already
  const login = normalizeLogin(input.login)
  assertAcceptablePassword(input.password, input.confirmation, { login })
  const passwordHash = await hasher.hash(input.password)
  return db.transaction(async (trx) => {
    if (!(await setupRequired(trx))) throw already
    const now = isoNow(input.clock)
    const [row] = await trx('staff_users')
      .insert({
        login,
        display_name: input.displayName.trim(),
        role: 'admin',
        password_hash: passwordHash,
        created_at: now,
        updated_at: now,
      })
      .returning<{ id: number }[]>('id')
    if (!row) throw new Error('staff_users insert returned no id')
    await recordAudit(trx, {
      clock: input.clock,
      actorType: 'staff',
      actorId: row.id,
      action: 'staff.administrator_created',
      clientIp: input.clientIp,
      details: { login },
    })
    return { staffUserId: row.id }
  })
}
