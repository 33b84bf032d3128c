import type { Db } from '../../db/connection.ts'
import { familySearchColumns } from '../../db/services/families.ts'

const FIRST = ['Léa', 'Cléa', 'Lou', 'Noé', 'Léandre', 'Paul', 'Alès', 'Éloi']
const LAST = ['ABEL', 'Le Gall', 'MARTIN', 'Œuvray', 'ÉTIENNE', 'zola', 'Dupré']

/**
 * Sites 1 (Conservatoire) and 2 (Antenne), and families 1 to `count`, one guardian and one pupil
 * each, whose names mix a few first and last names (« lea » in many of them), on either site in
 * turn: enough for the Familles list to read its pages along the names.
 */
export async function addManyFamilies(db: Db, count: number): Promise<void> {
  const at = { created_at: new Date().toISOString(), updated_at: new Date().toISOString() }
  await db('sites').insert([
    { id: 1, name: 'Conservatoire' },
    { id: 2, name: 'Antenne' },
  ])
  const families = []
  const guardians = []
  const pupils = []
  for (let id = 1; id <= count; id++) {
    const g = {
      last_name: LAST[id % LAST.length] as string,
      first_name: FIRST[id % FIRST.length] as string,
      login: `f${id}`,
    }
    const p = { last_name: g.last_name, first_name: FIRST[(id * 3) % FIRST.length] as string }
    const site = { site_id: 1 + (id % 2), ...at }
    families.push({ id, ...site, ...familySearchColumns([g], [p]) })
    guardians.push({ family_id: id, ...site, rank: 1, civility: 'Madame', ...g })
    pupils.push({ family_id: id, ...p, ...at })
  }
  await db.batchInsert('families', families, 100)
  await db.batchInsert('guardians', guardians, 100)
  await db.batchInsert('pupils', pupils, 100)
}
