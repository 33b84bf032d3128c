import type { Knex } from 'knex'

// The pupils of a course's roll call (its enrolments, with the names of its pupils) are read at
// every lesson and change a few times a year: the server keeps them in memory
// (db/services/pedagogy/roll-call.ts) with the course's roster_revision, which these triggers set
// to a new random number at every change of its enrolments, and of the names of its pupils,
// whatever the connection. A random number rather than a count, as a campaign's pieces_revision
// (migration 20261206000000): a change rolled back leaves the revision before it, and the revision
// of the change never comes back. 0: never any enrolment.

const NEW_REVISION = '(random() >> 11)'

const bump = (where: string) =>
  `UPDATE courses SET roster_revision = ${NEW_REVISION} WHERE ${where};`

export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE courses ADD COLUMN roster_revision integer NOT NULL DEFAULT 0')
  await knex.raw(
    `UPDATE courses SET roster_revision = ${NEW_REVISION}
     WHERE id IN (SELECT course_id FROM enrolments)`,
  )
  await knex.raw(`CREATE TRIGGER enrolments_roster_ai AFTER INSERT ON enrolments BEGIN
    ${bump('id = new.course_id')}
  END`)
  await knex.raw(`CREATE TRIGGER enrolments_roster_au
    AFTER UPDATE OF course_id, pupil_id, starts_on, ends_on ON enrolments BEGIN
    ${bump('id IN (old.course_id, new.course_id)')}
  END`)
  await knex.raw(`CREATE TRIGGER enrolments_roster_ad AFTER DELETE ON enrolments BEGIN
    ${bump('id = old.course_id')}
  END`)
  await knex.raw(`CREATE TRIGGER pupils_roster_au AFTER UPDATE OF last_name, first_name ON pupils BEGIN
    ${bump('id IN (SELECT course_id FROM enrolments WHERE pupil_id = new.id)')}
  END`)
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS pupils_roster_au')
  await knex.raw('DROP TRIGGER IF EXISTS enrolments_roster_ad')
  await knex.raw('DROP TRIGGER IF EXISTS enrolments_roster_au')
  await knex.raw('DROP TRIGGER IF EXISTS enrolments_roster_ai')
  await knex.raw('ALTER TABLE courses DROP COLUMN roster_revision')
}
