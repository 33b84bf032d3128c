import Database from 'better-sqlite3'
import { beforeEach, describe, expect, it } from 'vitest'
import { systemClock } from '../../db/clock.ts'
import { migrateLatest, type Db, type Trx } from '../../db/connection.ts'
import { familySearchColumns, refreshFamilySearch } from '../../db/services/families.ts'
import { MANY_FOUND, type FamilyListQuery } from '../../db/services/family-filter.ts'
import { searchFamilies } from '../../db/services/family-list.ts'
import {
  compareAsSqlite,
  MOST_CHANGES,
  namesNow,
  type FamilyFound,
  type Names,
} from '../../db/services/kept-family-names.ts'
import { withSql } from '../../db/prepared.ts'
import { decodeCursor } from '../../db/services/list-cursors.ts'
import { freshDatabases } from '../support/db.ts'
import { addManyFamilies } from '../support/families.ts'

// The Familles list by name reads its pages along the active families kept in memory for its
// connection (kept-family-names.ts), with the revision that triggers change at every change of
// what they hold: each change shows at the next read, whoever made it, and a change rolled back is
// gone. Every page is compared with the same page read from the tables by SQL alone.

const freshDb = freshDatabases('portee-list-kept-')
let db: Db
const now = new Date().toISOString()
const at = { created_at: now, updated_at: now }

const COUNT = MANY_FOUND + 100

beforeEach(async () => {
  db = freshDb()
  await migrateLatest(db)
  await addManyFamilies(db, COUNT)
  // A third site, so that two sites asked are not every site.
  await db('sites').insert({ id: 3, name: 'Annexe' })
  await db('families').whereRaw('id % 5 = 0').update({ site_id: 3 })
})

type Search = Omit<FamilyListQuery, 'pageSize'>

/** What a page shows of each family, from the list (without its pending requests). */
const shown = (page: Awaited<ReturnType<typeof searchFamilies>>) =>
  page.items.map(({ pendingRequests: _, ...family }) => family)

/** A page of the list (on `trx` when given). */
const listed = (search: Search, trx?: Trx) =>
  (trx ?? db).transaction((t) => searchFamilies(t, { pageSize: 25, ...search }))

/**
 * The same page read from the tables by SQL alone: the active families of the sites asked whose
 * folded text holds every word, by name (SQLite's order), from the page's start.
 */
async function fromTables(search: Search, trx?: Trx) {
  const after = search.after?.keys
  const rows = (await foundInTables(search, trx)
    .modify((q) => {
      if (after) void q.whereRaw('(families.sort_key, families.id) > (?, ?)', after)
    })
    .orderBy(['families.sort_key', 'families.id'])
    .limit(25)
    .select(
      'families.id',
      'families.name',
      'families.site_id',
      'sites.name as site_name',
      'families.archived_at',
      'families.guardians_json',
      'families.pupils_json',
    )) as Record<string, unknown>[]
  return rows.map((r) => ({
    id: r['id'],
    name: r['name'],
    siteId: r['site_id'],
    siteName: r['site_name'],
    archivedAt: r['archived_at'],
    guardians: JSON.parse(r['guardians_json'] as string) as unknown,
    pupils: JSON.parse(r['pupils_json'] as string) as unknown,
  }))
}

/** The active families of the sites asked whose folded text holds every word, in SQL alone. */
function foundInTables(search: Search, trx?: Trx) {
  const words = (search.query ?? '').split(' ').filter(Boolean)
  return (trx ?? db)('families')
    .join('sites', 'sites.id', 'families.site_id')
    .whereNull('families.archived_at')
    .modify((q) => {
      for (const word of words) void q.whereRaw('instr(families.search_text, ?) > 0', [word])
      if (search.siteIds) void q.whereIn('families.site_id', search.siteIds)
    })
}

/** How many families the tables give for `search`. */
async function countedInTables(search: Search, trx?: Trx) {
  const [row] = (await foundInTables(search, trx).count({ n: '*' })) as { n: number }[]
  return Number(row?.n)
}

// Without words, along the names; with words, along the families holding a trigram of each (one
// word; two words, the families holding both; on a site).
const SEARCHES: Search[] = [
  { siteIds: null },
  { query: 'lea', siteIds: null },
  { query: 'lea', siteIds: [2] },
  { siteIds: [1, 2] },
  { query: 'martin lea', siteIds: null },
  { query: 'zola', siteIds: [1, 3] },
  { query: 'gall', siteIds: [1, 2] },
  { query: 'martin e', siteIds: [1, 3] },
  { query: 'lea', siteIds: [1, 3] },
  { siteIds: [2, 3] },
]

/** Every search above, each page as the tables give it, and its number; its second page too. */
async function expectAsTables(trx?: Trx) {
  for (const search of SEARCHES) {
    const page = await listed(search, trx)
    expect(page.total, JSON.stringify(search)).toBeGreaterThan(25)
    expect(page.total, JSON.stringify(search)).toBe(await countedInTables(search, trx))
    expect(shown(page), JSON.stringify(search)).toEqual(await fromTables(search, trx))
    const after = decodeCursor(page.next as string) ?? undefined
    expect(shown(await listed({ ...search, after }, trx))).toEqual(
      await fromTables({ ...search, after }, trx),
    )
  }
}

/** The families of the first page of the list, by name. */
const firstIds = async () => (await listed({ siteIds: null })).items.map((f) => f.id)

async function renameGuardian(familyId: number, lastName: string) {
  await db('guardians').where({ family_id: familyId }).update({ last_name: lastName })
  await db.transaction((trx) => refreshFamilySearch(trx, familyId, systemClock))
}

describe('the Familles list kept in memory', () => {
  it('shows at the next read each change of what its pages show, whatever writes it', async () => {
    await expectAsTables()
    const [first, second] = await firstIds()
    // A guardian's name: the family moves in the order, its text and guardians change.
    await renameGuardian(first as number, 'ZYGMUNT')
    await expectAsTables()
    expect(await firstIds()).not.toContain(first)
    await renameGuardian(first as number, 'AABERG')
    expect((await firstIds())[0]).toBe(first)
    // A guardian's civility only (guardians_json), a pupil's first name (pupils_json and the text).
    await db('guardians').where({ family_id: second }).update({ civility: 'Docteur' })
    await db('pupils').where({ family_id: second }).update({ first_name: 'Timothée' })
    await db.transaction((trx) => refreshFamilySearch(trx, second as number, systemClock))
    await expectAsTables()
    expect((await listed({ query: 'timothee', siteIds: null })).items.map((f) => f.id)).toEqual([
      second,
    ])
    // The family's name alone.
    await db('families').where({ id: second }).update({ name: 'AUTRE NOM' })
    await expectAsTables()
    // A family added, archived, back again; moved to the other site; deleted.
    await db('families').insert({
      id: COUNT + 1,
      site_id: 2,
      ...at,
      ...familySearchColumns([{ last_name: 'AAA', first_name: 'Léa', login: null }], []),
    })
    await expectAsTables()
    expect((await firstIds())[0]).toBe(COUNT + 1)
    await db('families')
      .where({ id: COUNT + 1 })
      .update({ archived_at: now })
    await expectAsTables()
    expect(await firstIds()).not.toContain(COUNT + 1)
    await db('families')
      .where({ id: COUNT + 1 })
      .update({ archived_at: null })
    expect((await firstIds())[0]).toBe(COUNT + 1)
    await db('families')
      .where({ id: COUNT + 1 })
      .update({ site_id: 1 })
    await expectAsTables()
    await db('families')
      .where({ id: COUNT + 1 })
      .delete()
    await expectAsTables()
    expect(await firstIds()).not.toContain(COUNT + 1)
    // The site's name each row shows.
    await db('sites').where({ id: 2 }).update({ name: 'Antenne de Sainte-Maxime' })
    await expectAsTables()
  })

  it('finds nothing on a site the staff member does not work for, nor for one of no site', async () => {
    for (const search of [
      { query: 'lea', siteId: 2, siteIds: [1, 3] },
      { siteId: 2, siteIds: [1, 3] },
      { query: 'lea', siteIds: [] },
      { siteIds: [] },
    ]) {
      const page = await listed(search)
      expect({ total: page.total, items: page.items }, JSON.stringify(search)).toEqual({
        total: 0,
        items: [],
      })
    }
    // The site asked among those of the staff member: its families alone.
    const page = await listed({ query: 'lea', siteId: 3, siteIds: [1, 3] })
    expect(page.total).toBe(await countedInTables({ query: 'lea', siteIds: [3] }))
    expect(shown(page)).toEqual(await fromTables({ query: 'lea', siteIds: [3] }))
  })

  it('finds a family by a word it comes to hold, and no longer by one it lost', async () => {
    /** The families a search finds, and how many it says. */
    const found = async (query: string) => {
      const page = await listed({ query, siteIds: null })
      return { ids: page.items.map((f) => f.id), total: page.total }
    }
    // Read once: the families holding each word's trigram, and their number, are kept.
    expect(await found('zygmunt')).toEqual({ ids: [], total: 0 })
    const martin = await found('martin')
    expect(martin.total).toBeGreaterThan(25)
    const [first] = martin.ids
    /** The last name of the family's guardian and pupil. */
    const rename = async (lastName: string) => {
      await db('pupils').where({ family_id: first }).update({ last_name: lastName })
      await renameGuardian(first as number, lastName)
    }
    await rename('ZYGMUNT')
    expect(await found('zygmunt')).toEqual({ ids: [first], total: 1 })
    expect(await found('zygmunt lea')).toEqual(
      (await found('lea')).ids.includes(first as number)
        ? { ids: [first], total: 1 }
        : { ids: [], total: 0 },
    )
    const after = await found('martin')
    expect(after.ids).not.toContain(first)
    expect(after.total).toBe(martin.total - 1)
    await rename('MARTIN')
    expect(await found('zygmunt')).toEqual({ ids: [], total: 0 })
    expect(await found('martin')).toEqual(martin)
  })

  it('brings the families kept up to date family by family, the others kept as they were', async () => {
    const namesRead = () => withSql(db, (sql) => namesNow(sql))
    const familyOf = (names: Names, id: number) => names.families.find((f) => f.id === id)
    await expectAsTables()
    const before = await namesRead()
    const [first, second] = (await firstIds()) as [number, number]
    await renameGuardian(first, 'ZYGMUNT')
    await db('families').where({ id: second }).update({ archived_at: now })
    await expectAsTables()
    const after = await namesRead()
    // The others: the same objects, not read again; the family renamed, read again.
    const other = before.families.find((f) => f.id !== first && f.id !== second) as FamilyFound
    expect(familyOf(after, other.id)).toBe(other)
    expect(familyOf(after, first)).not.toBe(familyOf(before, first))
    expect(familyOf(after, first)?._k0).toBe('zygmunt')
    expect(familyOf(after, second)).toBeUndefined()
    // More changes than are taken one by one (an import): every family read again.
    for (let round = 0; round * COUNT <= MOST_CHANGES; round++)
      await db('families').update({ name: db.raw(`name || ' '`) })
    await expectAsTables()
    expect(familyOf(await namesRead(), other.id)).not.toBe(other)
  })

  it('forgets a change rolled back, even when another change follows', async () => {
    await expectAsTables()
    const [first] = await firstIds()
    await db
      .transaction(async (trx) => {
        await trx('families').where({ id: first }).update({ archived_at: now })
        await expectAsTables(trx)
        throw new Error('rolled back')
      })
      .catch(() => undefined)
    // Another change before any read: its revision is never the one rolled back.
    await db('families').where({ id: first }).update({ name: 'APRÈS' })
    await expectAsTables()
    expect((await firstIds())[0]).toBe(first)
  })

  it('shows a change made by another connection to the same file', async () => {
    await expectAsTables()
    const [first] = await firstIds()
    const other = new Database(db.client.config.connection.filename as string)
    other.prepare('UPDATE families SET archived_at = ? WHERE id = ?').run(now, first)
    other.prepare("UPDATE sites SET name = 'Antenne Est' WHERE id = 2").run()
    other.close()
    await expectAsTables()
    expect(await firstIds()).not.toContain(first)
  })

  it('reads the same families backwards, from the end and before a cursor', async () => {
    /** Every page of `search` following `next` (or `previous`, from the last page), as ids. */
    const all = async (search: Search, backwards = false) => {
      const ids: number[] = []
      let cursor: FamilyListQuery['after']
      for (let guard = 0; guard < 50; guard++) {
        const page = await listed({
          ...search,
          ...(backwards ? (cursor ? { before: cursor } : { last: true }) : { after: cursor }),
        })
        let found = page.items.map((f) => f.id)
        // Backwards, fewer families before a page than a page: the first page, full (listPage),
        // over the start of the page read before it.
        const seen = found.indexOf(ids[0] as number)
        if (backwards && !page.previous && seen >= 0) {
          expect(found.slice(seen)).toEqual(ids.slice(0, found.length - seen))
          found = found.slice(0, seen)
        }
        ids.splice(backwards ? 0 : ids.length, 0, ...found)
        const next = backwards ? page.previous : page.next
        if (!next) return ids
        cursor = decodeCursor(next) ?? undefined
      }
      throw new Error('too many pages')
    }
    for (const search of SEARCHES) {
      const forwards = await all(search)
      expect(forwards.length).toBe((await listed(search)).total)
      expect(await all(search, true), JSON.stringify(search)).toEqual(forwards)
      expect(await all({ ...search, sort: 'name', order: 'desc' })).toEqual(forwards.reverse())
    }
  })

  it('goes from page to page in SQLite’s order of the names, whatever their characters', async () => {
    // JavaScript puts a character beyond U+FFFF (a surrogate pair) before U+E000–U+FFFF; SQLite,
    // comparing the bytes of UTF-8, after them.
    // (« ! » before the letters the other families' keys start with.)
    const keys = ['!\u{1F3B5}', '!\uE000', '!\uFFFD', '!~', '!\u00E9', '!']
    await db('families').whereIn('id', [1, 2, 3, 4, 5, 6]).update({ name: 'AAA' })
    for (const [i, key] of keys.entries())
      await db('families')
        .where({ id: i + 1 })
        .update({ sort_key: key })
    const order = await db('families')
      .whereNull('archived_at')
      .orderBy(['sort_key', 'id'])
      .limit(6)
      .pluck('id')
    expect(order).toEqual([6, 4, 5, 2, 3, 1])
    // Page after page of two, forwards then backwards: the same families in the same order.
    const forwards: number[] = []
    let after: FamilyListQuery['after']
    for (let page = 0; page < 3; page++) {
      const found = await db.transaction((t) =>
        searchFamilies(t, { pageSize: 2, siteIds: null, after }),
      )
      forwards.push(...found.items.map((f) => f.id))
      after = decodeCursor(found.next as string) ?? undefined
    }
    expect(forwards).toEqual(order)
    const third = await db.transaction((t) =>
      searchFamilies(t, {
        pageSize: 2,
        siteIds: null,
        before: { sort: 'name', order: 'asc', keys: ['!\u{1F3B5}', 1] },
      }),
    )
    expect(third.items.map((f) => f.id)).toEqual([2, 3])
  })
})

describe('compareAsSqlite', () => {
  it('orders texts as SQLite does', () => {
    const sqlite = new Database(':memory:')
    const compare = sqlite.prepare('SELECT (? > ?) - (? < ?) AS c')
    const alphabet = [
      'a',
      'z',
      'é',
      'œ',
      '\uD7FF',
      '\uE000',
      '\uFFFD',
      '\u{10000}',
      '\u{1F3B5}',
      '',
    ]
    let compared = 0
    for (const a of alphabet)
      for (const b of alphabet)
        for (const tail of ['', 'a', '\u{1F3B5}']) {
          const x = `k${a}${tail}`
          const y = `k${b}`
          const { c } = compare.get(x, y, x, y) as { c: number }
          expect(Math.sign(compareAsSqlite(x, y)), `${x} / ${y}`).toBe(c)
          compared++
        }
    expect(compared).toBe(alphabet.length ** 2 * 3)
    sqlite.close()
  })
})
