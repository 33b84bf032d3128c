import type { Knex } from 'knex'

// The family's Réinscription tab is read again and again the morning a campaign opens (by each
// family, after each pièce it gives, by both guardians), and what it shows of a pupil changes
// seldom: the server keeps its lines and pièces in memory for each pupil
// (db/services/reenrolment/kept-tabs.ts) with the revisions of all it is made of, which these
// triggers set to a new random number at every change, whatever the connection:
//
// - pupils.courses_revision: the pupil's enrolments (the lines of the tab);
// - kept_revisions 'catalogue': what the lines and the choices of next year show of the courses,
//   and of their disciplines, cursus, cycles and teachers;
// - reenrolment_requests.content_revision: the lines and the documents of the family's request.
//
// A random number rather than a count, as a campaign's pieces_revision (migration
// 20261206000000): a change rolled back leaves the revision before it, and the revision of the
// change never comes back. The rows already there get one each here, so that a tab kept before
// the restore of a backup is never taken for the tab after it; 0, the default of a row made later:
// nothing yet (a pupil never enrolled, a request without line or document), an empty content.
// courses.roster_revision (the roll call's) is left out of the catalogue.

const NEW_REVISION = '(random() >> 11)'

const CATALOGUE = `UPDATE kept_revisions SET value = ${NEW_REVISION} WHERE name = 'catalogue';`

/** The columns of courses that the tab's lines and choices show or follow. */
const COURSE_COLUMNS = [
  'school_year_id',
  'site_id',
  'discipline_id',
  'teacher_id',
  'label',
  'weekday',
  'start_time',
  'duration_minutes',
  'horaires_amenages',
  'previous_course_id',
  'archived_at',
]

type Trigger = [name: string, table: string, event: string, body: string]

/** Triggers after every insert, update and delete of `table`: `bump` of its rows' `column`. */
const onRowChange = (
  name: string,
  table: string,
  column: string,
  bump: (ids: string) => string,
): Trigger[] => [
  [`${name}_ai`, table, 'INSERT', bump(`new.${column}`)],
  [`${name}_au`, table, 'UPDATE', bump(`old.${column}, new.${column}`)],
  [`${name}_ad`, table, 'DELETE', bump(`old.${column}`)],
]

const pupilCourses = (ids: string) =>
  `UPDATE pupils SET courses_revision = ${NEW_REVISION} WHERE id IN (${ids});`

const requestContent = (ids: string) =>
  `UPDATE reenrolment_requests SET content_revision = ${NEW_REVISION} WHERE id IN (${ids});`

const TRIGGERS: Trigger[] = [
  ...onRowChange('enrolments_courses_revision', 'enrolments', 'pupil_id', pupilCourses),
  ['courses_catalogue_ai', 'courses', 'INSERT', CATALOGUE],
  ['courses_catalogue_au', 'courses', `UPDATE OF ${COURSE_COLUMNS.join(', ')}`, CATALOGUE],
  ['courses_catalogue_ad', 'courses', 'DELETE', CATALOGUE],
  ['disciplines_catalogue_au', 'disciplines', 'UPDATE OF department_id', CATALOGUE],
  ['cursus_catalogue_au', 'cursus', 'UPDATE OF name', CATALOGUE],
  ['cycles_catalogue_au', 'cycles', 'UPDATE OF code', CATALOGUE],
  ['teachers_catalogue_au', 'teachers', 'UPDATE OF first_name, last_name', CATALOGUE],
  ...onRowChange('reenrolment_lines_content', 'reenrolment_lines', 'request_id', requestContent),
  ...onRowChange(
    'reenrolment_documents_content',
    'reenrolment_documents',
    'request_id',
    requestContent,
  ),
]

export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE pupils ADD COLUMN courses_revision integer NOT NULL DEFAULT 0')
  await knex.raw(`UPDATE pupils SET courses_revision = ${NEW_REVISION}`)
  await knex.raw(
    'ALTER TABLE reenrolment_requests ADD COLUMN content_revision integer NOT NULL DEFAULT 0',
  )
  await knex.raw(`UPDATE reenrolment_requests SET content_revision = ${NEW_REVISION}`)
  await knex.raw(
    'CREATE TABLE kept_revisions (name text PRIMARY KEY, value integer NOT NULL) WITHOUT ROWID',
  )
  await knex.raw(`INSERT INTO kept_revisions (name, value) VALUES ('catalogue', ${NEW_REVISION})`)
  for (const [name, table, event, body] of TRIGGERS)
    await knex.raw(`CREATE TRIGGER ${name} AFTER ${event} ON ${table} BEGIN ${body} END`)
}

export async function down(knex: Knex): Promise<void> {
  for (const [name] of [...TRIGGERS].reverse()) await knex.raw(`DROP TRIGGER IF EXISTS ${name}`)
  await knex.raw('DROP TABLE IF EXISTS kept_revisions')
  await knex.raw('ALTER TABLE reenrolment_requests DROP COLUMN content_revision')
  await knex.raw('ALTER TABLE pupils DROP COLUMN courses_revision')
}
