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
