import fs from 'node:fs'
import path from 'node:path'
import knexFactory, { type Knex } from 'knex'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../db/connection.ts'
import { migrationSource } from '../../db/migrations/index.ts'
import { asStaff, staffCookie, staffLogin, type Client } from '../support/api.ts'
import { MINUTE } from '../support/clock.ts'
import { startTestServer, type TestServer } from '../support/server.ts'

const HOUR = 60 * MINUTE

let server: TestServer
let staff: Client

// One server for the file: each test starts with no backup and no document, and a fresh session
// (tests move the clock by days).
beforeAll(async () => {
  server = await startTestServer({ demoFamilies: 20 })
})
beforeEach(async () => {
  fs.rmSync(backupsDir(), { recursive: true, force: true })
  fs.rmSync(documentsDir(), { recursive: true, force: true })
  staff = asStaff(server, await staffCookie(server))
})
afterAll(async () => {
  await server.close()
})

const backupsDir = () => path.join(server.dataDir, 'backups')
const documentsDir = () => path.join(server.dataDir, 'documents')
const mode = (file: string) => fs.statSync(file).mode & 0o777

/** A backup's database, opened read-only the way any SQLite tool would. */
async function openBackup<T>(name: string, read: (db: Knex) => Promise<T>): Promise<T> {
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: {
      filename: path.join(backupsDir(), name, 'portee.sqlite'),
      options: { readonly: true },
    },
    useNullAsDefault: true,
  })
  try {
    return await read(db)
  } finally {
    await db.destroy()
  }
}

async function backupNow(): Promise<{ name: string; reason: string; bytes: number }> {
  const res = await staff.post('/api/staff/backups')
  expect(res.statusCode).toBe(200)
  return res.body
}

const names = async (): Promise<string[]> =>
  (await staff.read('/api/staff/backups')).items.map((b: { name: string }) => b.name)

const NEW_FAMILY = {
  civility: 'Madame',
  lastName: 'SAUVEGARDE',
  firstName: 'Inès',
  address: '1 rue du Port',
  postalCode: '83990',
  city: 'SAINT-TROPEZ',
  email: 'ines.sauvegarde@example.org',
}

describe('Sauvegarder maintenant', () => {
  it('copies the database (the same rows, a file SQLite opens) and the documents, privately', async () => {
    fs.mkdirSync(path.join(documentsDir(), 'famille-1'), { recursive: true })
    fs.writeFileSync(path.join(documentsDir(), 'famille-1', 'attestation.pdf'), 'PDF du 1er')
    const backup = await backupNow()
    expect(backup.name).toMatch(/^portee-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/)
    expect(backup.reason).toBe('manual')
    const dir = path.join(backupsDir(), backup.name)
    expect(fs.readdirSync(dir).sort()).toEqual(['documents', 'portee.sqlite', 'sauvegarde.json'])
    const live = await server.db('families').orderBy('id').select('id', 'name', 'site_id')
    expect(live.length).toBeGreaterThanOrEqual(20)
    const copied = await openBackup(backup.name, (db) =>
      db('families').orderBy('id').select('id', 'name', 'site_id'),
    )
    expect(copied).toEqual(live)
    const check = await openBackup(backup.name, (db) => db.raw('PRAGMA integrity_check'))
    expect(check).toEqual([{ integrity_check: 'ok' }])
    // One self-contained file: no -wal beside it, so it can be copied anywhere as it is.
    expect(fs.readFileSync(path.join(dir, 'portee.sqlite')).subarray(18, 20)).toEqual(
      Buffer.from([1, 1]),
    )
    const document = path.join(dir, 'documents', 'famille-1', 'attestation.pdf')
    expect(fs.readFileSync(document, 'utf8')).toBe('PDF du 1er')
    expect([mode(backupsDir()), mode(dir), mode(path.join(dir, 'documents'))]).toEqual([
      0o700, 0o700, 0o700,
    ])
    expect([mode(path.join(dir, 'portee.sqlite')), mode(document)]).toEqual([0o600, 0o600])
    const list = await staff.read('/api/staff/backups')
    expect(list.keep).toBe(14)
    expect(list.items).toEqual([
      {
        name: backup.name,
        createdAt: expect.any(String),
        reason: 'manual',
        bytes: backup.bytes,
      },
    ])
    expect(backup.bytes).toBeGreaterThan(fs.statSync(path.join(dir, 'portee.sqlite')).size)
    const audit = await server.db('audit_log').where({ action: 'backup.created' }).orderBy('id')
    expect(audit.at(-1)).toMatchObject({ actor_type: 'staff', actor_id: 1 })
    expect(JSON.parse(audit.at(-1).details)).toEqual({
      name: backup.name,
      reason: 'manual',
      bytes: backup.bytes,
    })
  })

  it('keeps the 14 newest backups and deletes the older ones', async () => {
    const made: string[] = []
    for (let i = 0; i < 16; i++) {
      made.push((await backupNow()).name)
      server.clock.advance(MINUTE)
    }
    expect(new Set(made).size).toBe(16)
    expect(await names()).toEqual(made.slice(2).reverse())
    expect(fs.readdirSync(backupsDir()).sort()).toEqual(made.slice(2))
  })
})

describe('the daily backup', () => {
  it('makes one at start when there is none, then one when the newest is a day old', async () => {
    const first = await server.backups.runDue()
    expect(first).toMatchObject({ reason: 'auto' })
    expect(await server.backups.runDue()).toBeNull()
    server.clock.advance(23 * HOUR)
    expect(await server.backups.runDue()).toBeNull()
    server.clock.advance(HOUR)
    const second = await server.backups.runDue()
    expect(second).toMatchObject({ reason: 'auto' })
    expect(server.backups.list().map((b) => b.name)).toEqual([second?.name, first?.name])
    const audit = await server
      .db('audit_log')
      .where({ action: 'backup.created', actor_type: 'system' })
    expect(audit.map((a) => JSON.parse(a.details).name)).toEqual([first?.name, second?.name])
  })

  it('counts a manual backup: no automatic one the same day', async () => {
    await backupNow()
    server.clock.advance(12 * HOUR)
    expect(await server.backups.runDue()).toBeNull()
  })
})

describe('Restaurer', () => {
  it('brings back the state of the backup, after a backup of the current state', async () => {
    fs.mkdirSync(documentsDir())
    fs.writeFileSync(path.join(documentsDir(), 'a.txt'), 'avant')
    const created = (await staff.post('/api/staff/families', { siteId: 1, guardian: NEW_FAMILY }))
      .body
    const backup = await backupNow()
    server.clock.advance(MINUTE)

    const changed = await staff.put(`/api/staff/guardians/${created.guardianId}`, {
      values: { city: 'TOULON', postalCode: '83000' },
    })
    expect(changed.statusCode).toBe(204)
    const later = { ...NEW_FAMILY, lastName: 'APRÈS', email: 'apres@example.org' }
    const after = (await staff.post('/api/staff/families', { siteId: 1, guardian: later })).body
    fs.writeFileSync(path.join(documentsDir(), 'a.txt'), 'après')
    fs.writeFileSync(path.join(documentsDir(), 'b.txt'), 'nouveau')

    const res = await staff.post(`/api/staff/backups/${backup.name}/restore`)
    expect(res.statusCode).toBe(200)
    expect(res.body.restored).toBe(backup.name)
    expect(res.body.savedAs.reason).toBe('before-restore')

    // Everyone logs in again: the session of the administrator who restored is over too.
    expect((await staff.get('/api/staff/families')).statusCode).toBe(401)
    staff = asStaff(server, await staffCookie(server))
    const family = await staff.read(`/api/staff/families/${created.familyId}`)
    expect(family.guardians[0]).toMatchObject({ city: 'SAINT-TROPEZ', postalCode: '83990' })
    expect((await staff.get(`/api/staff/families/${after.familyId}`)).statusCode).toBe(404)
    expect((await staff.read('/api/staff/families?q=apres')).total).toBe(0)
    expect(fs.readdirSync(documentsDir())).toEqual(['a.txt'])
    expect(fs.readFileSync(path.join(documentsDir(), 'a.txt'), 'utf8')).toBe('avant')

    // The state replaced is in the backup made just before, documents too.
    const savedAs = res.body.savedAs.name
    expect(await names()).toEqual([savedAs, backup.name])
    const apres = await openBackup(savedAs, (db) => db('guardians').where({ last_name: 'APRÈS' }))
    expect(apres).toHaveLength(1)
    const beforeDocs = path.join(backupsDir(), savedAs, 'documents')
    expect(fs.readdirSync(beforeDocs).sort()).toEqual(['a.txt', 'b.txt'])
    expect(fs.readFileSync(path.join(beforeDocs, 'a.txt'), 'utf8')).toBe('après')

    // The restored database is the server's: it writes into it, and reads it back after a restart.
    const restoredAudit = await server.db('audit_log').where({ action: 'backup.restored' })
    expect(restoredAudit).toHaveLength(1)
    expect(JSON.parse(restoredAudit[0].details)).toEqual({ name: backup.name, savedAs })
    const dataDir = server.dataDir
    await server.stop()
    server = await startTestServer({ dataDir })
    staff = asStaff(server, await staffCookie(server))
    expect((await staff.read('/api/staff/families?q=apres')).total).toBe(0)
    expect((await staff.read('/api/staff/families?q=sauvegarde')).total).toBe(1)
  })

  it('lets a request that arrives during the restore write either before it or after it, never lost', async () => {
    const backup = await backupNow()
    const guardian = { ...NEW_FAMILY, lastName: 'PENDANT', email: 'pendant@example.org' }
    const [created, restore] = await Promise.all([
      staff.post('/api/staff/families', { siteId: 1, guardian }),
      staff.post(`/api/staff/backups/${backup.name}/restore`),
    ])
    expect(restore.statusCode).toBe(200)
    // Written before the restore (then in the backup of that state) or after it, in the restored
    // database; or, its session ended by the restore, refused: then written nowhere, and said so.
    expect([201, 401]).toContain(created.statusCode)
    const live = await server.db('guardians').where({ last_name: 'PENDANT' })
    const saved = await openBackup(restore.body.savedAs.name, (db) =>
      db('guardians').where({ last_name: 'PENDANT' }),
    )
    expect(live.length + saved.length).toBe(created.statusCode === 201 ? 1 : 0)
  })

  it('brings a backup of an older version of Portée up to date', async () => {
    const backup = await backupNow()
    const file = path.join(backupsDir(), backup.name, 'portee.sqlite')
    const older = openDatabase(file)
    const [, undone] = (await older.migrate.down()) as [number, string[]]
    await older.destroy()
    const names = await migrationSource.getMigrations([])
    expect(undone).toEqual([names[names.length - 1]])
    const res = await staff.post(`/api/staff/backups/${backup.name}/restore`)
    expect(res.statusCode).toBe(200)
    expect(await server.db.schema.hasTable('staff_user_sites')).toBe(true)
    staff = asStaff(server, await staffCookie(server))
    expect((await staff.read('/api/staff/families?q=abolant')).total).toBe(1)
  })

  it('answers 404 for a backup that does not exist, 400 for a name that is not one', async () => {
    const missing = await staff.post('/api/staff/backups/portee-2020-01-01T00-00-00Z/restore')
    expect(missing.statusCode).toBe(404)
    expect(missing.body.message).toBe('Cette sauvegarde n’existe plus.')
    const traversal = await staff.post('/api/staff/backups/..%2F..%2Fportee/restore')
    expect([400, 404]).toContain(traversal.statusCode)
    expect((await staff.post('/api/staff/backups/portee/restore')).statusCode).toBe(400)
  })
})

describe('a backup that cannot be restored', () => {
  /** A folder named like a backup, whose database is `write`'s file. */
  async function planted(write: (file: string) => Promise<void> | void): Promise<string> {
    const name = 'portee-2020-01-01T00-00-00Z'
    fs.mkdirSync(path.join(backupsDir(), name), { recursive: true })
    await write(path.join(backupsDir(), name, 'portee.sqlite'))
    return name
  }

  async function expectRefused(name: string, message: string): Promise<void> {
    const familiesBefore = await server.db('families').count({ n: '*' })
    const res = await staff.post(`/api/staff/backups/${name}/restore`)
    expect(res.statusCode).toBe(400)
    expect(res.body.message).toBe(message)
    // Nothing changed: no backup made, the same data, the same session.
    expect(await names()).toEqual([name])
    expect(await server.db('families').count({ n: '*' })).toEqual(familiesBefore)
  }

  it('refuses a file that is not an SQLite database', async () => {
    const name = await planted((file) =>
      fs.writeFileSync(file, 'ceci n’est pas une base'.repeat(200)),
    )
    await expectRefused(
      name,
      'Cette sauvegarde est illisible : ce n’est pas une base de données SQLite valide.',
    )
  })

  it('refuses a damaged database', async () => {
    const good = await backupNow()
    const name = await planted((file) => {
      const bytes = fs.readFileSync(path.join(backupsDir(), good.name, 'portee.sqlite'))
      // The header stays; pages of tables and indexes are overwritten.
      bytes.fill(0x5a, 4096 * 3, 4096 * 12)
      fs.writeFileSync(file, bytes)
    })
    fs.rmSync(path.join(backupsDir(), good.name), { recursive: true })
    const res = await staff.post(`/api/staff/backups/${name}/restore`)
    expect(res.statusCode).toBe(400)
    expect(res.body.message).toMatch(/^Cette sauvegarde est (abîmée|illisible)/)
    expect(await names()).toEqual([name])
  })

  it('refuses an SQLite database that is not one of Portée', async () => {
    const name = await planted(async (file) => {
      const other = knexFactory({
        client: 'better-sqlite3',
        connection: { filename: file },
        useNullAsDefault: true,
      })
      await other.schema.createTable('contacts', (t) => t.string('nom'))
      await other.destroy()
    })
    await expectRefused(
      name,
      'Ce fichier n’est pas une sauvegarde de Portée : il ne peut pas être restauré.',
    )
  })

  it('refuses a backup made by a newer Portée', async () => {
    const good = await backupNow()
    const name = await planted(async (file) => {
      fs.copyFileSync(path.join(backupsDir(), good.name, 'portee.sqlite'), file)
      const newer = knexFactory({
        client: 'better-sqlite3',
        connection: { filename: file },
        useNullAsDefault: true,
      })
      await newer('knex_migrations').insert({
        name: '20991231000000_future',
        batch: 99,
        migration_time: Date.now(),
      })
      await newer.destroy()
    })
    fs.rmSync(path.join(backupsDir(), good.name), { recursive: true })
    await expectRefused(
      name,
      'Cette sauvegarde vient d’une version de Portée plus récente que celle-ci : mettez d’abord Portée à jour.',
    )
  })
})

describe('who may back up and restore', () => {
  it('only the administrator: 403 for a Secrétariat account', async () => {
    const admin = await server.db('staff_users').where({ login: 'admin' }).first()
    const now = new Date().toISOString()
    await server.db('staff_users').insert({
      login: 'secretaire',
      display_name: 'Secrétaire',
      role: 'secretariat',
      email: 'secretaire@example.org',
      password_hash: admin.password_hash,
      active: true,
      created_at: now,
      updated_at: now,
    })
    const backup = await backupNow()
    const login = await staffLogin(server, 'secretaire')
    expect(login.statusCode).toBe(204)
    const secretaire = asStaff(server, await staffCookie(server, 'secretaire'))
    expect((await secretaire.get('/api/staff/families')).statusCode).toBe(200)
    expect((await secretaire.get('/api/staff/backups')).statusCode).toBe(403)
    expect((await secretaire.post('/api/staff/backups')).statusCode).toBe(403)
    const restore = await secretaire.post(`/api/staff/backups/${backup.name}/restore`)
    expect(restore.statusCode).toBe(403)
    expect(await names()).toEqual([backup.name])
  })
})
