import type { Knex } from 'knex'

// The online réinscription: the campaigns staff open per site into a school year, the pièces à
// fournir of each campaign, each pupil's request (the ticked courses, "Réinscription
// administrative", the comment), the documents families upload and staff accept or refuse.
// families.residence (commune, communaute, exterieur) tells which pièces apply to residents;
// billing will use it too. Values are written literally (no application import):
// campaign_pieces.applies_to 'tous' | 'departement' | 'cursus' | 'residents' | 'non_residents';
// reenrolment_requests.status 'brouillon' | 'envoyee' | 'validee' | 'refusee';
// reenrolment_documents.state 'fourni' | 'accepte' | 'refuse'. Timestamps are ISO strings.

const NEW_TABLES = [
  'reenrolment_documents',
  'reenrolment_lines',
  'reenrolment_requests',
  'campaign_pieces',
  'reenrolment_campaigns',
] as const

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('families', (t) => {
    t.string('residence', 12) // commune, communaute, exterieur; null: not known
  })

  await knex.schema.createTable('reenrolment_campaigns', (t) => {
    t.increments('id')
    t.integer('site_id').notNullable().references('sites.id').onDelete('RESTRICT')
    // The school year pupils re-enrol into (the next one).
    t.integer('school_year_id').notNullable().references('school_years.id').onDelete('RESTRICT')
    t.string('opens_at', 30).notNullable() // the tab shows from here …
    t.string('closes_at', 30).notNullable() // … until here (excluded)
    t.text('message').notNullable().defaultTo('') // the text families read above the table
    t.string('last_reminder_at', 30)
    t.string('created_at', 30).notNullable()
    t.string('updated_at', 30).notNullable()
    t.unique(['site_id', 'school_year_id'])
  })

  await knex.schema.createTable('campaign_pieces', (t) => {
    t.increments('id')
    t.integer('campaign_id')
      .notNullable()
      .references('reenrolment_campaigns.id')
      .onDelete('RESTRICT')
    t.string('name', 300).notNullable() // justif. de domicile (quittance électricité, gaz...)
    t.boolean('required').notNullable().defaultTo(true)
    t.string('applies_to', 14).notNullable().defaultTo('tous')
    t.integer('department_id').references('departments.id').onDelete('RESTRICT')
    t.integer('cursus_id').references('cursus.id').onDelete('RESTRICT')
    t.integer('position').notNullable().defaultTo(0)
    t.string('archived_at', 30) // removed from the campaign once documents were given for it
    t.string('created_at', 30).notNullable()
    t.string('updated_at', 30).notNullable()
    t.index(['campaign_id', 'position'])
  })

  await knex.schema.createTable('reenrolment_requests', (t) => {
    t.increments('id')
    t.integer('campaign_id')
      .notNullable()
      .references('reenrolment_campaigns.id')
      .onDelete('RESTRICT')
    t.integer('pupil_id').notNullable().references('pupils.id').onDelete('RESTRICT')
    t.integer('family_id').notNullable().references('families.id').onDelete('RESTRICT')
    // brouillon (documents given, not sent yet), envoyee (en attente de validation), validee, refusee
    t.string('status', 10).notNullable().defaultTo('brouillon')
    t.boolean('administrative').notNullable().defaultTo(false) // "Réinscription administrative"
    t.text('comment').notNullable().defaultTo('') // "Information complémentaire"
    // Bumped by every change the family makes: a "Valider" sent on an older one is refused.
    t.integer('revision').notNullable().defaultTo(0)
    t.string('submitted_at', 30)
    t.integer('submitted_by_guardian_id').references('guardians.id').onDelete('SET NULL')
    t.string('decided_at', 30)
    t.integer('decided_by_staff_user_id').references('staff_users.id').onDelete('SET NULL')
    t.text('refusal_reason').notNullable().defaultTo('')
    t.string('created_at', 30).notNullable()
    t.string('updated_at', 30).notNullable()
    t.unique(['campaign_id', 'pupil_id'])
    t.index(['campaign_id', 'status'])
    t.index(['family_id'])
  })

  // One line per course of the current year the pupil follows: ticked or not, the next year's
  // course chosen, and the enrolment validation created.
  await knex.schema.createTable('reenrolment_lines', (t) => {
    t.increments('id')
    t.integer('request_id').notNullable().references('reenrolment_requests.id').onDelete('RESTRICT')
    t.integer('enrolment_id').notNullable().references('enrolments.id').onDelete('RESTRICT')
    t.boolean('reenrol').notNullable().defaultTo(false)
    t.integer('course_id').references('courses.id').onDelete('RESTRICT') // null: the default one
    t.integer('created_enrolment_id').references('enrolments.id').onDelete('SET NULL')
    t.unique(['request_id', 'enrolment_id'])
  })

  await knex.schema.createTable('reenrolment_documents', (t) => {
    t.increments('id')
    t.integer('request_id').notNullable().references('reenrolment_requests.id').onDelete('RESTRICT')
    t.integer('piece_id').notNullable().references('campaign_pieces.id').onDelete('RESTRICT')
    t.integer('pupil_id').notNullable().references('pupils.id').onDelete('RESTRICT')
    t.integer('family_id').notNullable().references('families.id').onDelete('RESTRICT')
    t.string('file_name', 200).notNullable() // the family's name of the file: shown, never a path
    t.string('stored_name', 80).notNullable().unique() // generated: the file under DATA_DIR
    t.string('mime_type', 40).notNullable() // application/pdf, image/jpeg, image/png
    t.integer('size_bytes').notNullable()
    t.string('sha256', 64).notNullable()
    t.string('uploaded_at', 30).notNullable()
    t.integer('uploaded_by_guardian_id').references('guardians.id').onDelete('SET NULL')
    t.string('state', 8).notNullable().defaultTo('fourni')
    t.text('refusal_reason').notNullable().defaultTo('')
    t.string('reviewed_at', 30)
    t.integer('reviewed_by_staff_user_id').references('staff_users.id').onDelete('SET NULL')
    // Replaced by another file or removed by the family: the row and the file are kept.
    t.string('removed_at', 30)
    t.index(['request_id', 'piece_id'])
    t.index(['pupil_id'])
  })
  await knex.raw(
    'CREATE UNIQUE INDEX reenrolment_documents_one_per_piece ON reenrolment_documents (request_id, piece_id) WHERE removed_at IS NULL',
  )
}

export async function down(knex: Knex): Promise<void> {
  // Only the tables made here go; families keeps every row and loses the column.
  for (const table of NEW_TABLES) await knex.schema.dropTableIfExists(table)
  // SQLite's own DROP COLUMN: knex's dropColumn rebuilds families, which guardians point at.
  await knex.raw('ALTER TABLE families DROP COLUMN residence')
}
