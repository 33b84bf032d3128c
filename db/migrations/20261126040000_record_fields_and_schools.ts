import type { Knex } from 'knex'

// Fields of the seeds' screens that were missing: the guardian's "Code socio-professionnel" (a
// code of the INSEE list, '' when unknown) and "Tél copie", the pupil's "Télécopie"; and the list
// of schools that staff keep, from which the pupil's "Établissement scolaire" is chosen (the
// pupil keeps the chosen school's name in pupils.school_name, as before).

export async function up(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasColumn('guardians', 'socio_professional_code'))) {
    await knex.schema.alterTable('guardians', (t) => {
      t.string('socio_professional_code', 4).notNullable().defaultTo('')
    })
  }
  if (!(await knex.schema.hasColumn('guardians', 'fax'))) {
    await knex.schema.alterTable('guardians', (t) => {
      t.string('fax', 30).notNullable().defaultTo('')
    })
  }
  if (!(await knex.schema.hasColumn('pupils', 'fax'))) {
    await knex.schema.alterTable('pupils', (t) => {
      t.string('fax', 30).notNullable().defaultTo('')
    })
  }
  await knex.schema.createTable('schools', (t) => {
    t.increments('id')
    t.string('name', 120).notNullable()
    t.string('city', 100).notNullable()
    t.string('created_at').notNullable()
    t.string('updated_at').notNullable()
    t.unique(['name', 'city'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('schools')
  // The new columns of guardians and pupils stay: SQLite drops a column by copying the table, and
  // the copy would delete, through ON DELETE CASCADE, the rows that name guardians and pupils.
}
