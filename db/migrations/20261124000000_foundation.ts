import type { Knex } from 'knex'

// Migrations are history: they never import application code; enum values are written literally.

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sites', (t) => {
    t.increments('id')
    t.string('name', 120).notNullable()
    t.string('address', 200).notNullable().defaultTo('')
    t.string('postal_code', 10).notNullable().defaultTo('')
    t.string('city', 100).notNullable().defaultTo('')
    t.string('phone', 30).notNullable().defaultTo('')
    t.string('email', 200).notNullable().defaultTo('')
    t.string('legal_name', 200).notNullable().defaultTo('')
    t.boolean('active').notNullable().defaultTo(true)
    t.integer('position').notNullable().defaultTo(0)
  })

  await knex.schema.createTable('school_years', (t) => {
    t.increments('id')
    t.string('label', 9).notNullable().unique() // 2026/2027
    t.date('starts_on').notNullable()
    t.date('ends_on').notNullable()
    t.boolean('is_current').notNullable().defaultTo(false)
  })

  await knex.schema.createTable('families', (t) => {
    t.increments('id')
    t.integer('site_id').notNullable().references('sites.id').onDelete('RESTRICT')
    t.string('name', 120).notNullable() // the family name shown in lists (rank 1 guardian)
    t.text('search_text').notNullable().defaultTo('') // folded names and identifiants
    t.string('created_at', 30).notNullable()
    t.string('updated_at', 30).notNullable()
    t.string('archived_at', 30)
    t.index(['site_id'])
    t.index(['name', 'id'])
  })

  await knex.schema.createTable('guardians', (t) => {
    t.increments('id')
    t.integer('family_id').notNullable().references('families.id').onDelete('RESTRICT')
    t.integer('site_id').notNullable().references('sites.id').onDelete('RESTRICT')
    t.integer('rank').notNullable() // 1 or 2
    t.string('civility', 20).notNullable().defaultTo('') // Monsieur, Madame
    t.string('last_name', 80).notNullable()
    t.string('first_name', 80).notNullable().defaultTo('')
    t.string('marital_status', 40).notNullable().defaultTo('')
    t.string('profession', 120).notNullable().defaultTo('')
    t.string('address', 200).notNullable().defaultTo('')
    t.string('postal_code', 10).notNullable().defaultTo('')
    t.string('city', 100).notNullable().defaultTo('')
    t.string('phone_home', 30).notNullable().defaultTo('')
    t.string('phone_work', 30).notNullable().defaultTo('')
    t.string('phone_mobile', 30).notNullable().defaultTo('')
    t.string('email', 200).notNullable().defaultTo('')
    t.string('login', 40) // identifiant, unique per site
    t.string('password_hash', 100)
    t.boolean('access_enabled').notNullable().defaultTo(true)
    t.string('password_changed_at', 30)
    t.string('created_at', 30).notNullable()
    t.string('updated_at', 30).notNullable()
    t.unique(['family_id', 'rank'])
    t.unique(['site_id', 'login'])
  })

  await knex.schema.createTable('pupils', (t) => {
    t.increments('id')
    t.integer('family_id').notNullable().references('families.id').onDelete('RESTRICT')
    t.integer('guardian_id').references('guardians.id').onDelete('SET NULL') // an adult pupil who is also the guardian
    t.string('civility', 20).notNullable().defaultTo('')
    t.string('last_name', 80).notNullable()
    t.string('first_name', 80).notNullable()
    t.date('birth_date')
    t.string('birth_place', 120).notNullable().defaultTo('')
    t.string('marital_status', 40).notNullable().defaultTo('')
    t.boolean('use_guardian_address').notNullable().defaultTo(false)
    t.string('address', 200).notNullable().defaultTo('')
    t.string('postal_code', 10).notNullable().defaultTo('')
    t.string('city', 100).notNullable().defaultTo('')
    t.string('phone_home', 30).notNullable().defaultTo('')
    t.string('phone_work', 30).notNullable().defaultTo('')
    t.string('phone_mobile', 30).notNullable().defaultTo('')
    t.string('email', 200).notNullable().defaultTo('')
    t.string('school_level', 60).notNullable().defaultTo('')
    t.string('school_name', 160).notNullable().defaultTo('')
    t.boolean('image_rights').notNullable().defaultTo(false)
    t.boolean('exit_authorization').notNullable().defaultTo(false)
    t.string('emergency_contact', 160).notNullable().defaultTo('')
    t.string('emergency_phone', 30).notNullable().defaultTo('')
    t.string('created_at', 30).notNullable()
    t.string('updated_at', 30).notNullable()
    t.string('archived_at', 30)
    t.index(['family_id'])
  })

  await knex.schema.createTable('staff_users', (t) => {
    t.increments('id')
    t.string('login', 40).notNullable().unique()
    t.string('display_name', 120).notNullable()
    t.string('role', 20).notNullable().defaultTo('secretariat') // admin, secretariat
    t.string('password_hash', 100)
    t.boolean('active').notNullable().defaultTo(true)
    t.string('created_at', 30).notNullable()
    t.string('updated_at', 30).notNullable()
  })

  await knex.schema.createTable('sessions', (t) => {
    t.string('id_hash', 64).primary() // sha-256 of the random id held by the cookie
    t.string('audience', 10).notNullable() // family, staff
    t.integer('guardian_id').references('guardians.id').onDelete('CASCADE')
    t.integer('staff_user_id').references('staff_users.id').onDelete('CASCADE')
    t.string('created_at', 30).notNullable()
    t.string('last_seen_at', 30).notNullable()
    t.string('expires_at', 30).notNullable() // absolute timeout
    t.string('ended_at', 30)
    t.string('client_ip', 64).notNullable().defaultTo('')
    t.string('user_agent', 300).notNullable().defaultTo('')
    t.index(['guardian_id'])
    t.index(['staff_user_id'])
  })

  await knex.schema.createTable('audit_log', (t) => {
    t.increments('id')
    t.string('at', 30).notNullable()
    t.string('actor_type', 10).notNullable() // family, staff, system
    t.integer('actor_id')
    t.string('action', 60).notNullable()
    t.string('entity_type', 30)
    t.integer('entity_id')
    t.integer('family_id')
    t.string('client_ip', 64).notNullable().defaultTo('')
    t.text('details').notNullable().defaultTo('{}') // JSON, never a password or a token
    t.index(['family_id', 'at'])
    t.index(['at'])
  })

  await knex.schema.createTable('settings', (t) => {
    t.string('key', 80).primary()
    t.text('value').notNullable()
  })
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'settings',
    'audit_log',
    'sessions',
    'staff_users',
    'pupils',
    'guardians',
    'families',
    'school_years',
    'sites',
  ]) {
    await knex.schema.dropTableIfExists(table)
  }
}
