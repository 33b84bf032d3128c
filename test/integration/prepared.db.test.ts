import { describe, expect, it } from 'vitest'
import { idleConnection } from '../../db/connection.ts'
import { withSql } from '../../db/prepared.ts'
import { freshDatabases } from '../support/db.ts'

// withSql takes the pool's one connection at once when nobody holds it nor waits for it
// (idleConnection): never while a knex transaction holds it, even one that is waiting on a
// promise, whose statements must not be mixed with another's.

const freshDb = freshDatabases('portee-prepared-')

describe('withSql', () => {
  it('waits for a knex transaction under way, and sees what it committed', async () => {
    const db = freshDb()
    await db.raw('CREATE TABLE notes (text TEXT)')
    expect(idleConnection(db)).not.toBeNull()

    let go = () => {}
    const gate = new Promise<void>((resolve) => (go = resolve))
    let inserted = () => {}
    const insertDone = new Promise<void>((resolve) => (inserted = resolve))
    const order: string[] = []
    const writing = db.transaction(async (trx) => {
      await trx('notes').insert({ text: 'écrite' })
      inserted()
      await gate // the transaction holds the connection across this wait
      order.push('commit')
    })
    await insertDone
    expect(idleConnection(db)).toBeNull()

    // Taken at once, the connection would be used right here, inside this call.
    const reading = withSql(db, (sql) => {
      order.push('read')
      return sql.all<{ text: string }>('SELECT text FROM notes')
    })
    expect(order).toEqual([])
    go()
    await writing
    expect(await reading).toEqual([{ text: 'écrite' }])
    expect(order).toEqual(['commit', 'read'])
    expect(idleConnection(db)).not.toBeNull()
  })

  it('runs at once when the connection is idle, and rolls back what throws', async () => {
    const db = freshDb()
    await db.raw('CREATE TABLE notes (text TEXT)')
    await expect(
      withSql(db, (sql) => {
        sql.run('INSERT INTO notes (text) VALUES (?)', 'perdue')
        throw new Error('refusée')
      }),
    ).rejects.toThrow('refusée')
    expect(await withSql(db, (sql) => sql.all('SELECT text FROM notes'))).toEqual([])
    // The connection is left free for knex.
    await db('notes').insert({ text: 'gardée' })
    expect(await db('notes').pluck('text')).toEqual(['gardée'])
  })
})

describe('the rows of withSql', () => {
  it('are the objects better-sqlite3 makes, and knex reads the same statements as before', async () => {
    const db = freshDb()
    await db.raw('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)')
    await db('notes').insert([
      { id: 1, text: 'une' },
      { id: 2, text: 'deux' },
    ])
    const source = 'SELECT id, text, text AS "__proto__", id AS text FROM notes ORDER BY id'
    const rows = await withSql(db, (sql) => sql.all<Record<string, unknown>>(source))
    // Two columns of one name: the later wins; `__proto__` is a property, not the prototype.
    expect(rows.map((r) => Object.entries(r))).toEqual([
      [
        ['id', 1],
        ['text', 1],
        ['__proto__', 'une'],
      ],
      [
        ['id', 2],
        ['text', 2],
        ['__proto__', 'deux'],
      ],
    ])
    expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype)
    expect(await withSql(db, (sql) => sql.get(source))).toEqual(rows[0])
    expect(await withSql(db, (sql) => sql.get('SELECT id FROM notes WHERE id = 3'))).toBeUndefined()
    // The statement kept for this text gives knex objects, even after a read that failed midway.
    const parsed = "SELECT id, json_extract(?, '$.n') AS n FROM notes ORDER BY id"
    await expect(withSql(db, (sql) => sql.all(parsed, 'pas du JSON'))).rejects.toThrow(/JSON/)
    expect(await db.raw(parsed, ['{"n":7}'])).toEqual([
      { id: 1, n: 7 },
      { id: 2, n: 7 },
    ])
    // knex gets better-sqlite3's own objects (which drop a column named `__proto__`).
    const plain = 'SELECT id, text, id AS text FROM notes ORDER BY id'
    expect(await db.raw(plain)).toEqual(await withSql(db, (sql) => sql.all(plain)))
  })
})
