import type { Knex } from 'knex'

// What the conservatoire teaches: departments and disciplines, cursus and their cycles, teachers,
// the courses of each school year, the pupils' enrolments and their follow-up (suivi, évaluations,
// absences), the répertoire. school_years exists since the first release: it gets the rule
// "one current year" as an index. Values of kinds are written literally (no application import):
// courses.kind 'individuel' | 'collectif'; evaluations.kind 'controle_continu' | 'audition' |
// 'examen_fin_cycle'; evaluations.result 'admis' | 'non_admis' (exams only). Dates are ISO
// 'YYYY-MM-DD', times 'HH:MM', timestamps ISO strings, as elsewhere.

const NEW_TABLES = [
  'repertoire_works',
  'absences',
  'evaluations',
  'suivi_notes',
  'enrolments',
  'courses',
  'teacher_disciplines',
  'teachers',
  'cycles',
  'cursus',
  'disciplines',
  'departments',
] as const

export async function up(knex: Knex): Promise<void> {
  // A database may hold several "current" years from before this rule: the one that starts last
  // stays current.
  await knex.raw(
    `UPDATE school_years SET is_current = 0
       WHERE is_current = 1 AND id <> (SELECT id FROM school_years WHERE is_current = 1
                                       ORDER BY starts_on DESC, id DESC LIMIT 1)`,
  )
  await knex.raw(
    'CREATE UNIQUE INDEX school_years_one_current ON school_years (is_current) WHERE is_current = 1',
  )

  await knex.schema.createTable('departments', (t) => {
    t.increments('id')
    t.string('name', 80).notNullable().unique()
    t.integer('position').notNullable().defaultTo(0)
    t.string('archived_at', 30)
    t.string('created_at', 30).notNullable()
    t.string('updated_at', 30).notNullable()
  })
  const now = new Date().toISOString()
  await knex('departments').insert(
    ['Musique', 'Danse', 'Théâtre'].map((name, i) => ({
      name,
      position: i + 1,
      created_at: now,
      updated_at: now,
    })),
  )

  await knex.schema.createTable('disciplines', (t) => {
    t.increments('id')
    t.integer('department_id').notNullable().references('departments.id').onDelete('RESTRICT')
    t.string('name', 120).notNullable().unique() // Trompette, Formation musicale, Classique adulte
    t.string('archived_at', 30)
    t.string('created_at', 30).notNullable()
    t.string('updated_at', 30).notNullable()
    t.index(['department_id'])
  })

  await knex.schema.createTable('cursus', (t) => {
    t.increments('id')
    t.integer('department_id').notNullable().references('departments.id').onDelete('RESTRICT')
    t.string('name', 120).notNullable().unique() // Musique cursus diplômant, Danse hors cursus
    t.string('archived_at', 30)
    t.string('created_at', 30).notNullable()
    t.string('updated_at', 30).notNullable()
  })

  await knex.schema.createTable('cycles', (t) => {
    t.increments('id')
    t.integer('cursus_id').notNullable().references('cursus.id').onDelete('RESTRICT')
    t.string('code', 30).notNullable() // 1C1 … 3C3, Danse Ad: the "Cycle" column of the tabs
    t.string('label', 120).notNullable().defaultTo('') // Cycle 3, 3e année
    t.integer('position').notNullable() // order within the cursus
    // The cycle that follows; null: the next one of the cursus by position (none after the last).
    t.integer('next_cycle_id').references('cycles.id').onDelete('SET NULL')
    t.string('archived_at', 30)
    t.string('created_at', 30).notNullable()
    t.string('updated_at', 30).notNullable()
    t.unique(['cursus_id', 'code'])
  })

  await knex.schema.createTable('teachers', (t) => {
    t.increments('id')
    t.string('civility', 20).notNullable().defaultTo('')
    t.string('last_name', 80).notNullable()
    t.string('first_name', 80).notNullable().defaultTo('')
    t.string('email', 200).notNullable().defaultTo('')
    t.string('phone', 30).notNullable().defaultTo('')
    // The staff account (role enseignant) of the teacher access to come; one teacher per account.
    t.integer('staff_user_id').unique().references('staff_users.id').onDelete('SET NULL')
    t.string('archived_at', 30) // null: active
    t.string('created_at', 30).notNullable()
    t.string('updated_at', 30).notNullable()
    t.index(['last_name', 'first_name'])
  })

  await knex.schema.createTable('teacher_disciplines', (t) => {
    t.integer('teacher_id').notNullable().references('teachers.id').onDelete('CASCADE')
    t.integer('discipline_id').notNullable().references('disciplines.id').onDelete('RESTRICT')
    t.primary(['teacher_id', 'discipline_id'])
    t.index(['discipline_id'])
  })

  await knex.schema.createTable('courses', (t) => {
    t.increments('id')
    t.integer('school_year_id').notNullable().references('school_years.id').onDelete('RESTRICT')
    t.integer('site_id').notNullable().references('sites.id').onDelete('RESTRICT')
    t.integer('discipline_id').notNullable().references('disciplines.id').onDelete('RESTRICT')
    t.integer('teacher_id').references('teachers.id').onDelete('RESTRICT') // null: not assigned yet
    t.string('label', 120).notNullable() // Ensemble de cuivres, Trompette — 2C
    t.string('kind', 12).notNullable() // individuel, collectif
    t.integer('weekday') // 1 (lundi) … 7 (dimanche); null with start_time and duration: not set yet
    t.string('start_time', 5) // HH:MM
    t.integer('duration_minutes')
    t.string('room', 80).notNullable().defaultTo('')
    t.integer('capacity').notNullable()
    t.boolean('horaires_amenages').notNullable().defaultTo(false)
    // The course of the year before that this one was copied from (next year's copy).
    t.integer('previous_course_id').references('courses.id').onDelete('SET NULL')
    t.string('archived_at', 30)
    t.string('created_at', 30).notNullable()
    t.string('updated_at', 30).notNullable()
    t.index(['school_year_id', 'site_id'])
    t.index(['teacher_id', 'school_year_id'])
    t.index(['discipline_id'])
  })

  await knex.schema.createTable('enrolments', (t) => {
    t.increments('id')
    t.integer('pupil_id').notNullable().references('pupils.id').onDelete('RESTRICT')
    t.integer('course_id').notNullable().references('courses.id').onDelete('RESTRICT')
    t.integer('cursus_id').references('cursus.id').onDelete('RESTRICT') // null: outside a cursus
    t.integer('cycle_id').references('cycles.id').onDelete('RESTRICT')
    t.date('starts_on').notNullable()
    t.date('ends_on') // null: Actif
    t.string('created_at', 30).notNullable()
    t.string('updated_at', 30).notNullable()
    t.index(['pupil_id', 'course_id'])
    t.index(['course_id', 'ends_on'])
  })
  await knex.raw(
    'CREATE UNIQUE INDEX enrolments_active_once ON enrolments (pupil_id, course_id) WHERE ends_on IS NULL',
  )

  await knex.schema.createTable('suivi_notes', (t) => {
    t.increments('id')
    t.integer('enrolment_id').notNullable().references('enrolments.id').onDelete('RESTRICT')
    t.date('noted_on').notNullable()
    t.text('text').notNullable()
    t.integer('author_staff_user_id').references('staff_users.id').onDelete('SET NULL')
    t.string('created_at', 30).notNullable()
    t.string('updated_at', 30).notNullable()
    t.index(['enrolment_id', 'noted_on'])
  })

  await knex.schema.createTable('evaluations', (t) => {
    t.increments('id')
    t.integer('enrolment_id').notNullable().references('enrolments.id').onDelete('RESTRICT')
    t.date('evaluated_on').notNullable()
    t.string('kind', 20).notNullable() // controle_continu, audition, examen_fin_cycle
    // The enrolment's cycle when evaluated: the history keeps it after a change of cycle.
    t.integer('cycle_id').references('cycles.id').onDelete('RESTRICT')
    t.decimal('mark', 4, 2) // out of 20
    t.string('mention', 40).notNullable().defaultTo('')
    t.text('appreciation').notNullable().defaultTo('')
    t.string('jury', 300).notNullable().defaultTo('')
    t.string('result', 12) // admis, non_admis: end-of-cycle exams only
    t.integer('author_staff_user_id').references('staff_users.id').onDelete('SET NULL')
    t.string('created_at', 30).notNullable()
    t.string('updated_at', 30).notNullable()
    t.index(['enrolment_id', 'evaluated_on'])
    t.index(['kind'])
  })

  await knex.schema.createTable('absences', (t) => {
    t.increments('id')
    t.integer('enrolment_id').notNullable().references('enrolments.id').onDelete('RESTRICT')
    t.date('absent_on').notNullable()
    t.boolean('justified').notNullable().defaultTo(false)
    t.string('reason', 300).notNullable().defaultTo('')
    t.integer('recorded_by_staff_user_id').references('staff_users.id').onDelete('SET NULL')
    t.string('created_at', 30).notNullable()
    t.string('updated_at', 30).notNullable()
    t.unique(['enrolment_id', 'absent_on'])
  })

  await knex.schema.createTable('repertoire_works', (t) => {
    t.increments('id')
    t.integer('pupil_id').notNullable().references('pupils.id').onDelete('RESTRICT')
    t.integer('school_year_id').notNullable().references('school_years.id').onDelete('RESTRICT')
    t.integer('course_id').references('courses.id').onDelete('SET NULL')
    t.string('composer', 160).notNullable().defaultTo('')
    t.string('title', 300).notNullable()
    t.string('created_at', 30).notNullable()
    t.string('updated_at', 30).notNullable()
    t.index(['pupil_id', 'school_year_id'])
  })
}

export async function down(knex: Knex): Promise<void> {
  // Only the tables made here go: no table of before refers to them, so no cascade touches a row
  // of before. school_years keeps every row; it loses the index.
  for (const table of NEW_TABLES) await knex.schema.dropTableIfExists(table)
  await knex.raw('DROP INDEX IF EXISTS school_years_one_current')
}
