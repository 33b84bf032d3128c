import Database from 'better-sqlite3'
import { beforeEach, describe, expect, it } from 'vitest'
import { systemClock } from '../../db/clock.ts'
import { migrateLatest, type Db, type Trx } from '../../db/connection.ts'
import { refreshFamilySearch } from '../../db/services/families.ts'
import { searchFamilies } from '../../db/services/family-list.ts'
import { freshDatabases } from '../support/db.ts'

const freshDb = freshDatabases('portee-search-')
let db: Db
const now = new Date().toISOString()

beforeEach(() => {
  db = freshDb()
})

async function addFamily(
  id: number,
  guardian: [string, string],
  pupils: [string, string][],
): Promise<void> {
  await db('families').insert({
    id,
    site_id: 1,
    name: guardian[0],
    created_at: now,
    updated_at: now,
  })
  await db('guardians').insert({
    family_id: id,
    site_id: 1,
    rank: 1,
    last_name: guardian[0],
    first_name: guardian[1],
    login: `${guardian[0].toLowerCase()}${id}`,
    created_at: now,
    updated_at: now,
  })
  for (const [lastName, firstName] of pupils) {
    await db('pupils').insert({
      family_id: id,
      last_name: lastName,
      first_name: firstName,
      created_at: now,
      updated_at: now,
    })
  }
  await db.transaction((trx) => refreshFamilySearch(trx, id, systemClock))
}

const names = async (query: string) =>
  (
    await db.transaction((trx) => searchFamilies(trx, { query, pageSize: 25, siteIds: null }))
  ).items.map((f) => f.name)

describe('the family search', () => {
  beforeEach(async () => {
    await migrateLatest(db)
    await db('sites').insert({ id: 1, name: 'Conservatoire' })
    await addFamily(1, ['GUÉRIN', 'Hélène'], [['GUÉRIN', 'Noé']])
    await addFamily(
      2,
      ['LE GALL', 'Yann'],
      [
        ['LE GALL', 'Maël'],
        ['LE GALL', 'Lou'],
      ],
    )
    await addFamily(3, ['MARTIN', 'Éloïse'], [])
  })

  it('matches any part of a name, an identifiant, short words too', async () => {
    expect(await names('guerin')).toEqual(['GUÉRIN'])
    expect(await names('uéri')).toEqual(['GUÉRIN'])
    expect(await names('mael')).toEqual(['LE GALL'])
    expect(await names('lou')).toEqual(['LE GALL'])
    expect(await names('le')).toEqual(['GUÉRIN', 'LE GALL']) // hélène, le gall
    expect(await names('martin3')).toEqual(['MARTIN'])
    expect(await names('ELOISE martin')).toEqual(['MARTIN'])
    expect(await names('eloise guerin')).toEqual([])
    expect(await names('"')).toHaveLength(3) // nothing searchable: every family
  })

  it('follows the changes of names', async () => {
    await db('pupils').where({ first_name: 'Noé' }).update({ first_name: 'Timothée' })
    await db.transaction((trx) => refreshFamilySearch(trx, 1, systemClock))
    expect(await names('noe')).toEqual([])
    expect(await names('timothee')).toEqual(['GUÉRIN'])
  })

  it('counts the families again after any write: its own, one rolled back, another connection’s', async () => {
    const total = async (trx?: Trx) =>
      (await (trx ?? db).transaction((t) => searchFamilies(t, { pageSize: 25, siteIds: null })))
        .total
    expect(await total()).toBe(3)
    expect(await total()).toBe(3) // counted once, then kept while nothing is written
    await db('families').where({ id: 3 }).update({ archived_at: now })
    expect(await total()).toBe(2)
    await db
      .transaction(async (trx) => {
        await trx('families').where({ id: 2 }).update({ archived_at: now })
        expect(await total(trx)).toBe(1)
        throw new Error('rolled back')
      })
      .catch(() => undefined)
    expect(await total()).toBe(2)
    // Another connection (the sqlite3 shell, another process) commits: data_version tells.
    const other = new Database(db.client.config.connection.filename as string)
    other.prepare('UPDATE families SET archived_at = NULL WHERE id = 3').run()
    other.close()
    expect(await total()).toBe(3)
  })

  it('leaves archived families out', async () => {
    await db('families').where({ id: 2 }).update({ archived_at: now })
    expect(await names('gall')).toEqual([])
  })
})

describe('the search index migration', () => {
  it('indexes the families already in an older database', async () => {
    await db.migrate.up() // the foundation only
    await db('sites').insert({ id: 1, name: 'Conservatoire' })
    await db('families').insert({
      id: 7,
      site_id: 1,
      name: 'PETIT',
      search_text: ' petit jeanne petit7 ',
      created_at: now,
      updated_at: now,
    })
    await migrateLatest(db)
    expect(await names('jeanne')).toEqual(['PETIT'])
    expect(await db('families').count({ n: '*' }).first()).toEqual({ n: 1 })
  })
})
