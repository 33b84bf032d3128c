import Database from 'better-sqlite3'
import { beforeEach, describe, expect, it } from 'vitest'
import { systemClock } from '../../db/clock.ts'
import { migrateLatest, type Db, type Trx } from '../../db/connection.ts'
import { refreshFamilySearch } from '../../db/services/families.ts'
import { MANY_FOUND, type FamilyListQuery } from '../../db/services/family-filter.ts'
import { searchFamilies } from '../../db/services/family-list.ts'
import type { FamilySort } from '../../db/rules/lists.ts'
import { decodeCursor } from '../../db/services/list-cursors.ts'
import { trigramCounts, trigramsOf } from '../../db/services/search-trigrams.ts'
import { withSql } from '../../db/prepared.ts'
import { freshDatabases } from '../support/db.ts'
import { addManyFamilies } from '../support/families.ts'

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

  it('asks the index for the rarest trigram of a word, then keeps the families holding the whole word', async () => {
    // Every trigram of « martin » is held by another family too (« marc bertin », « arthur »):
    // whichever the index is asked for, the whole word decides.
    await addFamily(4, ['BERTIN', 'Marc'], [])
    await addFamily(5, ['ARTHUR', 'Jean'], [])
    const texts = (await db('families').select('search_text')).map((r) => String(r.search_text))
    const holders = (trigram: string) => texts.filter((t) => t.includes(trigram)).length
    for (const trigram of trigramsOf('martin')) expect(holders(trigram), trigram).toBeGreaterThan(1)
    expect(await names('martin')).toEqual(['MARTIN'])
    expect(await names('bertin marc')).toEqual(['BERTIN'])
    expect(await names('arthur martin')).toEqual([])
    // The trigram chosen is one the fewest families hold, the first of them on a tie.
    const chosen = await withSql(db, (sql) =>
      ['marc', 'arthur', 'guerin'].map((w) => trigramCounts(sql).rarest(w).trigram),
    )
    for (const [i, word] of ['marc', 'arthur', 'guerin'].entries()) {
      const fewest = Math.min(...trigramsOf(word).map(holders))
      expect(chosen[i], word).toBe(trigramsOf(word).find((t) => holders(t) === fewest))
    }
    // Counts read before many families came (kept for the connection) choose another trigram at
    // worst: the families found are the same.
    for (let id = 6; id < 30; id++) await addFamily(id, ['ROBERTIN', 'Marcel'], [])
    expect(await names('bertin marc')).toEqual(['BERTIN', ...Array(24).fill('ROBERTIN')])
    expect(await names('martin')).toEqual(['MARTIN'])
  })

  it('cuts words into trigrams by character, as the index does', () => {
    expect(trigramsOf('noe')).toEqual(['noe'])
    expect(trigramsOf('no')).toEqual([])
    expect(trigramsOf('l\u{1D11E}ea')).toEqual(['l\u{1D11E}e', '\u{1D11E}ea'])
  })

  it('follows the changes of names', async () => {
    await db('pupils').where({ first_name: 'Noé' }).update({ first_name: 'Timothée' })
    await db.transaction((trx) => refreshFamilySearch(trx, 1, systemClock))
    expect(await names('noe')).toEqual([])
    expect(await names('timothee')).toEqual(['GUÉRIN'])
  })

  it('counts the families again after any write: its own, one rolled back, another connection’s', async () => {
    // By name, counted on the families kept in memory; by guardians, in SQL: the same numbers.
    const total = async (trx?: Trx) => {
      const counted = async (sort: FamilySort) =>
        (
          await (trx ?? db).transaction((t) =>
            searchFamilies(t, { pageSize: 25, siteIds: null, sort }),
          )
        ).total
      const byName = await counted('name')
      expect(await counted('guardians')).toBe(byName)
      return byName
    }
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

  it('keeps to the site asked and to the sites the staff member works for, page and count alike', async () => {
    await db('sites').insert({ id: 2, name: 'Antenne' })
    await db('families').where({ id: 2 }).update({ site_id: 2 })
    const found = async (search: Omit<FamilyListQuery, 'pageSize'>) => {
      const page = await db.transaction((trx) => searchFamilies(trx, { ...search, pageSize: 25 }))
      return { names: page.items.map((f) => f.name), total: page.total }
    }
    expect(await found({ siteIds: null })).toEqual({
      names: ['GUÉRIN', 'LE GALL', 'MARTIN'],
      total: 3,
    })
    expect(await found({ siteIds: [2] })).toEqual({ names: ['LE GALL'], total: 1 })
    expect(await found({ siteIds: [1, 2], siteId: 1 })).toEqual({
      names: ['GUÉRIN', 'MARTIN'],
      total: 2,
    })
    expect(await found({ query: 'le', siteIds: [1] })).toEqual({ names: ['GUÉRIN'], total: 1 })
    // A staff member of no site sees no family.
    expect(await found({ siteIds: [] })).toEqual({ names: [], total: 0 })
    expect(await found({ query: 'gall', siteIds: [] })).toEqual({ names: [], total: 0 })
  })
})

describe('the families found in number', () => {
  // More families found than MANY_FOUND: a page is read along the sort's index, each family kept
  // when its text holds every word, instead of fetching every family found to sort them.
  const COUNT = MANY_FOUND * 8

  beforeEach(async () => {
    await migrateLatest(db)
    await addManyFamilies(db, COUNT)
  })

  /** Every page of a search, from the first with `next`: the ids, and the total of the first. */
  async function pages(search: Omit<FamilyListQuery, 'pageSize'>) {
    const ids: number[] = []
    let after: FamilyListQuery['after']
    let total = 0
    for (let guard = 0; guard < 200; guard++) {
      const page = await db.transaction((trx) =>
        searchFamilies(trx, { ...search, pageSize: 25, after }),
      )
      total ||= page.total
      ids.push(...page.items.map((f) => f.id))
      if (!page.next) return { ids, total }
      after = decodeCursor(page.next) ?? undefined
    }
    throw new Error('too many pages')
  }

  /** The families whose folded text holds every word, in the sort's order, as ids. */
  async function expected(
    words: string[],
    key: string,
    options: { siteId?: number; archived?: boolean; desc?: boolean } = {},
  ): Promise<number[]> {
    const rows = (await db('families')
      .modify((q) => (options.archived ? q : q.whereNull('archived_at')))
      .select('id', 'site_id', 'search_text', key)) as Record<string, string | number>[]
    const ascending = rows
      .filter((r) => words.every((w) => String(r['search_text']).includes(w)))
      .filter((r) => options.siteId === undefined || r['site_id'] === options.siteId)
      .sort((a, b) =>
        a[key] === b[key]
          ? Number(a['id']) - Number(b['id'])
          : String(a[key]) < String(b[key])
            ? -1
            : 1,
      )
      .map((r) => Number(r['id']))
    return options.desc ? ascending.reverse() : ascending
  }

  it('finds the same families in the same order as when they are few, page after page', async () => {
    // Each search finds more than MANY_FOUND: its pages are read along the sort's index.
    const many = async (search: Omit<FamilyListQuery, 'pageSize'>, want: number[]) => {
      const { ids, total } = await pages(search)
      expect(total, search.query).toBeGreaterThan(MANY_FOUND)
      expect(ids, search.query).toEqual(want)
    }
    // By name, active families: the text read from the name's index.
    await many({ query: 'LEA', siteIds: null }, await expected(['lea'], 'sort_key'))
    // A short word and a long one, by guardian: the trigram index's list, the short one in the text.
    await many(
      { query: 'i lea', sort: 'guardians', siteIds: null },
      await expected(['i', 'lea'], 'guardians_key'),
    )
    await many(
      { query: 'lea', siteId: 2, sort: 'pupils', order: 'desc', siteIds: null },
      await expected(['lea'], 'pupils_key', { siteId: 2, desc: true }),
    )
    // A staff member of one site, by name: along the name index, which holds the site too.
    await many({ query: 'lea', siteIds: [2] }, await expected(['lea'], 'sort_key', { siteId: 2 }))
    await many({ siteIds: [1] }, await expected([], 'sort_key', { siteId: 1 }))
    // Few found, among many more the trigram index gives: along the name index as well.
    const atSite = await pages({ query: 'zola', siteIds: [2] })
    expect(atSite.total).toBeLessThanOrEqual(MANY_FOUND)
    expect(atSite.ids).toEqual(await expected(['zola'], 'sort_key', { siteId: 2 }))
    // Archived families are left out, and the count follows; or taken in, when asked.
    await db('families')
      .where('id', '<=', COUNT / 2)
      .update({ archived_at: now })
    const archived = await pages({ state: 'archived', siteIds: null })
    expect(archived.ids).toEqual(
      await db('families').whereNotNull('archived_at').orderBy(['sort_key', 'id']).pluck('id'),
    )
    await many({ query: 'lea', siteIds: [1, 2] }, await expected(['lea'], 'sort_key'))
    await many(
      { query: 'lea', state: 'all', siteIds: null },
      await expected(['lea'], 'sort_key', { archived: true }),
    )
  })
})

describe('the guardians and pupils of the list', () => {
  beforeEach(async () => {
    await migrateLatest(db)
    await db('sites').insert({ id: 1, name: 'Conservatoire' })
    await addFamily(1, ['GUÉRIN', 'Hélène'], [['GUÉRIN', 'Noé']])
    await addFamily(2, ['LE GALL', 'Yann'], [])
  })

  const listed = async () =>
    (await db.transaction((trx) => searchFamilies(trx, { pageSize: 25, siteIds: null }))).items.map(
      (f) => ({ id: f.id, guardians: f.guardians, pupils: f.pupils }),
    )

  /** The same, read from their own tables: the active ones, guardians by rank, pupils by id. */
  const fromTables = async () =>
    Promise.all(
      [1, 2].map(async (id) => ({
        id,
        guardians: await db('guardians')
          .where({ family_id: id })
          .whereNull('archived_at')
          .orderBy('rank')
          .select('id', 'rank', 'civility', 'last_name as lastName', 'first_name as firstName')
          .select('login'),
        pupils: await db('pupils')
          .where({ family_id: id })
          .whereNull('archived_at')
          .orderBy('id')
          .select('id', 'last_name as lastName', 'first_name as firstName'),
      })),
    )

  it('follow every change of them, whatever writes it', async () => {
    expect(await listed()).toEqual(await fromTables())
    const [helene] = await db('guardians').where({ first_name: 'Hélène' }).pluck('id')
    await db('guardians').where({ id: helene }).update({ civility: 'Docteur', login: null })
    await db('guardians').insert({
      family_id: 1,
      site_id: 1,
      rank: 2,
      last_name: 'GUÉRIN',
      first_name: 'Marc',
      created_at: now,
      updated_at: now,
    })
    await db('pupils').insert({ family_id: 1, last_name: 'GUÉRIN', first_name: 'Zoé', ...at })
    await db('pupils').where({ first_name: 'Noé' }).update({ archived_at: now })
    await db('pupils').insert({ family_id: 2, last_name: 'LE GALL', first_name: 'Lou', ...at })
    const after = await listed()
    expect(after).toEqual(await fromTables())
    expect(after[0]?.guardians.map((g) => [g.civility, g.firstName, g.login])).toEqual([
      ['Docteur', 'Hélène', null],
      ['', 'Marc', null],
    ])
    expect(after.map((f) => f.pupils.map((p) => p.firstName))).toEqual([['Zoé'], ['Lou']])
    // A pupil moved to another family, a guardian removed: both families follow.
    await db('pupils').where({ first_name: 'Zoé' }).update({ family_id: 2 })
    await db('guardians').where({ first_name: 'Marc' }).delete()
    expect(await listed()).toEqual(await fromTables())
    expect((await listed())[1]?.pupils.map((p) => p.firstName)).toEqual(['Zoé', 'Lou']) // by id
  })
})

const at = { created_at: now, updated_at: now }

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
