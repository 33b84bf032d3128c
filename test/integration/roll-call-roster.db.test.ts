import Database from 'better-sqlite3'
import { beforeEach, describe, expect, it } from 'vitest'
import { sqlOf, withSql, type Sql } from '../../db/prepared.ts'
import {
  cancelEnrolment,
  endEnrolment,
  enrolPupil,
  type EnrolInput,
} from '../../db/services/pedagogy/enrolments.ts'
import { rollCallNow } from '../../db/services/pedagogy/roll-call.ts'
import { freshDatabases } from '../support/db.ts'
import { buildWorld, type World } from '../support/pedagogy.ts'

// The roll call keeps a course's pupils in memory for its connection (roll-call.ts), with the
// revision that triggers give the course at every change of its enrolments or of its pupils' names:
// each change shows at the next roll call, whoever made it, and a change rolled back is gone.

const freshDb = freshDatabases('portee-roll-call-roster-')
let w: World

beforeEach(async () => {
  w = await buildWorld(freshDb())
})

const enrol = (pupilId: number, over: Partial<EnrolInput> = {}) =>
  w.run((trx) =>
    enrolPupil(
      trx,
      {
        pupilId,
        courseId: w.courses.cuivres,
        schoolYearId: w.years.y2025,
        startsOn: '01/09/2025',
        ...over,
      },
      w.actor,
    ),
  )

/** The roll call of the Ensemble de cuivres on 8 October 2025: « Prénom NOM », in its order. */
const namesOn = (sql: Sql, date = '2025-10-08') =>
  rollCallNow(sql, w.courses.cuivres, date).lines.map((l) => `${l.firstName} ${l.lastName}`)

const readRollCall = (date?: string) => withSql(w.db, (sql) => namesOn(sql, date))

describe('the pupils of the roll call', () => {
  it('shows at the next roll call each pupil enrolled, ended, taken back or renamed', async () => {
    expect(await readRollCall()).toEqual([])
    const adrien = (await enrol(w.pupils.adrien)).enrolmentId
    expect(await readRollCall()).toEqual(['Adrien ABOLANT'])
    const lea = (await enrol(w.pupils.lea)).enrolmentId
    expect(await readRollCall()).toEqual(['Adrien ABOLANT', 'Léa ABOLANT'])
    await w.db('pupils').where({ id: w.pupils.lea }).update({ last_name: 'AARON' })
    expect(await readRollCall()).toEqual(['Léa AARON', 'Adrien ABOLANT'])
    await w.run((trx) => endEnrolment(trx, { enrolmentId: adrien, endsOn: '01/10/2025' }, w.actor))
    expect(await readRollCall()).toEqual(['Léa AARON'])
    // Ended on 1 October: still on the roll of an earlier date.
    expect(await readRollCall('2025-09-15')).toEqual(['Léa AARON', 'Adrien ABOLANT'])
    await w.run((trx) => cancelEnrolment(trx, lea, w.actor))
    expect(await readRollCall()).toEqual([])
  })

  it('forgets a change rolled back, even when another change follows', async () => {
    await enrol(w.pupils.adrien)
    expect(await readRollCall()).toEqual(['Adrien ABOLANT'])
    const rollback = new Error('rolled back')
    await expect(
      w.run(async (trx) => {
        await trx('pupils').where({ id: w.pupils.adrien }).update({ first_name: 'Adrienne' })
        // Read inside the transaction, on the same connection: the change is seen there.
        expect(namesOn(await sqlOf(trx))).toEqual(['Adrienne ABOLANT'])
        throw rollback
      }),
    ).rejects.toBe(rollback)
    // One change to the course's pupils, as the one rolled back: another revision all the same,
    // and the change rolled back is not there.
    await w.db('pupils').where({ id: w.pupils.adrien }).update({ last_name: 'ABOLANT-RIVE' })
    expect(await readRollCall()).toEqual(['Adrien ABOLANT-RIVE'])
  })

  it('shows a change made by another connection to the same file', async () => {
    await enrol(w.pupils.adrien)
    await enrol(w.pupils.lea)
    expect(await readRollCall()).toEqual(['Adrien ABOLANT', 'Léa ABOLANT'])
    const [main] = (await w.db.raw('PRAGMA database_list')) as { file: string }[]
    if (!main) throw new Error('no database file')
    const other = new Database(main.file)
    try {
      other.prepare(`UPDATE enrolments SET ends_on = '2025-09-30' WHERE pupil_id = ?`).run(1)
    } finally {
      other.close()
    }
    expect(await readRollCall()).toEqual(['Léa ABOLANT'])
  })
})
