import { describe, expect, it } from 'vitest'
import { encodeCursor } from '../../db/services/list-cursors.ts'
import { limitClause } from '../../db/services/lists.ts'
import { familyList, mailList, requestList } from '../../extranet/server/schemas.ts'

// A staff list's page query is read at once when it is plainly valid, and by joi otherwise
// (listPageAtOnce, extranet/server/schemas.ts): both must read every query alike.

const cursor = encodeCursor({ sort: 'name', order: 'asc', keys: ['dupont', 12] })

/** What the back office sends: read at once. */
const PLAIN: Record<string, string>[] = [
  {},
  { q: 'dupont' },
  { q: '  Léa  ' },
  { q: '' },
  { q: ` ${'x'.repeat(100)} ` },
  { order: 'desc' },
  { pageSize: '50' },
  { last: 'true' },
  { last: 'false' },
  { after: cursor },
  { before: cursor, pageSize: '100' },
]

/** Anything else: left to joi, which refuses it or reads it its own way. */
const OTHER: Record<string, unknown>[] = [
  { q: 'x'.repeat(101) },
  { siteId: '0' },
  { siteId: '02' },
  { siteId: 'abc' },
  { siteId: '99999999999999999999' },
  { sort: 'inconnu' },
  { order: 'haut' },
  { pageSize: '30' },
  { pageSize: '050' },
  { last: 'TRUE' },
  { after: 'pas*un*curseur' },
  { after: '' },
  { after: 'abc' },
  { after: cursor, last: 'true' },
  { after: cursor, before: cursor },
  { q: ['a', 'b'] },
  { autre: '1' },
]

async function settled(work: () => Promise<unknown>): Promise<unknown> {
  try {
    return { value: await work() }
  } catch (err) {
    return { refused: (err as Error).message }
  }
}

describe('a staff list’s page query', () => {
  for (const [name, list, own] of [
    [
      'Familles',
      familyList,
      [{ state: 'archived' }, { state: 'pending', siteId: '1' }, { sort: 'name', order: 'desc' }],
    ],
    ['Demandes', requestList, [{ siteId: '2', q: 'martin' }, { sort: 'familyName' }]],
    ['Courriels', mailList, [{ status: 'failed' }, { status: 'sent', sort: 'subject' }]],
  ] as const) {
    it(`${name}: read at once when plain, as joi reads it; anything else as joi says`, async () => {
      const plain = [...PLAIN, ...own]
      for (const query of plain) {
        const fast = list.atOnce(query)
        expect(fast, JSON.stringify(query)).not.toBeNull()
        expect({ value: fast }).toEqual(await settled(() => list.pageSchema.validateAsync(query)))
      }
      for (const query of OTHER) expect(list.atOnce(query), JSON.stringify(query)).toBeNull()
      for (const query of [...plain, ...OTHER, { state: 'inconnu' }, { status: 'inconnu' }]) {
        expect(await settled(() => list.page(query, {})), JSON.stringify(query)).toEqual(
          await settled(() => list.pageSchema.validateAsync(query)),
        )
      }
    })
  }
})

describe('limitClause', () => {
  // The number of rows is written into the SQL text: only a whole number of the code gets there.
  it('writes a whole number, and refuses anything else', () => {
    expect(limitClause(26)).toBe('LIMIT 26')
    expect(limitClause(0)).toBe('LIMIT 0')
    for (const bad of [2.5, -1, Number.NaN, Infinity, Number('26; DROP TABLE families')])
      expect(() => limitClause(bad), String(bad)).toThrow()
  })
})
