import { describe, expect, it } from 'vitest'
import { migrateLatest } from '../../db/connection.ts'
import { freshDatabases } from '../support/db.ts'

const freshDb = freshDatabases('portee-db-')

describe('the database', () => {
  it('sets WAL, foreign keys, busy_timeout and synchronous=FULL on its connection', async () => {
    const db = freshDb()
    const pragma = async (name: string) => {
      const rows = (await db.raw(`PRAGMA ${name}`)) as Record<string, unknown>[]
      return Object.values(rows[0] ?? {})[0]
    }
    expect(await pragma('journal_mode')).toBe('wal')
    expect(await pragma('foreign_keys')).toBe(1)
    expect(await pragma('busy_timeout')).toBe(5000)
    expect(await pragma('synchronous')).toBe(2)
  })

  it('migrates an empty database, and again without harm', async () => {
    const db = freshDb()
    await migrateLatest(db)
    await migrateLatest(db)
    for (const table of [
      'sites',
      'school_years',
      'families',
      'guardians',
      'pupils',
      'staff_users',
      'sessions',
      'audit_log',
    ]) {
      expect(await db.schema.hasTable(table)).toBe(true)
    }
  })

  it('keeps the rows of a populated database across a rollback of nothing and a new start', async () => {
    const db = freshDb()
    await migrateLatest(db)
    await db('sites').insert({ name: 'Conservatoire' })
    await migrateLatest(db)
    expect(await db('sites').count({ n: '*' }).first()).toEqual({ n: 1 })
  })

  it('refuses a guardian of a family that does not exist (foreign keys are on)', async () => {
    const db = freshDb()
    await migrateLatest(db)
    await expect(
      db('guardians').insert({
        family_id: 999,
        site_id: 999,
        rank: 1,
        last_name: 'X',
        created_at: '',
        updated_at: '',
      }),
    ).rejects.toThrow(/FOREIGN KEY/)
  })

  it('keeps identifiants unique per site only', async () => {
    const db = freshDb()
    await migrateLatest(db)
    await db('sites').insert([
      { id: 1, name: 'A' },
      { id: 2, name: 'B' },
    ])
    const now = new Date().toISOString()
    await db('families').insert([
      { id: 1, site_id: 1, name: 'X', created_at: now, updated_at: now },
      { id: 2, site_id: 2, name: 'X', created_at: now, updated_at: now },
      { id: 3, site_id: 1, name: 'X', created_at: now, updated_at: now },
    ])
    const guardian = (id: number, familyId: number, siteId: number) => ({
      id,
      family_id: familyId,
      site_id: siteId,
      rank: 1,
      last_name: 'DUPONT',
      login: 'dupont1',
      created_at: now,
      updated_at: now,
    })
    await db('guardians').insert(guardian(1, 1, 1))
    await db('guardians').insert(guardian(2, 2, 2))
    await expect(db('guardians').insert(guardian(3, 3, 1))).rejects.toThrow(/UNIQUE/)
  })
})
