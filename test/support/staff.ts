import bcrypt from 'bcryptjs'
import { prehashPassword } from '../../db/password.ts'
import type { StaffRole } from '../../db/rules/roles.ts'
import { asStaff, sessionCookie, staffCookie, type Client } from './api.ts'
import {
  DEMO_PASSWORD,
  startTestServer,
  type TestServer,
  type TestServerOptions,
} from './server.ts'

/**
 * A staff account of any role, written straight into the test database (the accounts pages are
 * not needed to test who may do what), with the demo password; then its session.
 */
export async function staffAs(
  server: TestServer,
  role: StaffRole,
  options: { login?: string; siteIds?: number[] } = {},
): Promise<Client> {
  const login = options.login ?? `${role}-${Math.random().toString(36).slice(2, 8)}`
  const now = server.clock.now().toISOString()
  const [row] = await server
    .db('staff_users')
    .insert({
      login,
      display_name: `Compte ${role}`,
      role,
      // A low cost: the check reads the cost from the hash, and tests need not wait for 12.
      password_hash: bcrypt.hashSync(prehashPassword(DEMO_PASSWORD), 4),
      created_at: now,
      updated_at: now,
    })
    .returning<{ id: number }[]>('id')
  if (!row) throw new Error('staff user not inserted')
  for (const siteId of options.siteIds ?? []) {
    await server.db('staff_user_sites').insert({ staff_user_id: row.id, site_id: siteId })
  }
  return asStaff(server, await staffCookie(server, login))
}

/** A server on an empty database, as a conservatoire gets it: no demo, no account, no site. */
export function startEmptyServer(options: TestServerOptions = {}): Promise<TestServer> {
  const configure = options.config ?? ((c) => c)
  return startTestServer({ ...options, config: (c) => configure({ ...c, demo: false }) })
}

/** The first run's administrator account (POST /api/staff/setup), and its session. */
export async function firstAdministrator(server: TestServer): Promise<Client> {
  const answer = await asStaff(server).post('/api/staff/setup', {
    login: 'direction',
    displayName: 'Hélène Martin',
    password: 'Conservatoire-Neuf-2026!',
    confirmation: 'Conservatoire-Neuf-2026!',
  })
  return asStaff(server, sessionCookie(answer))
}
