import type { Knex } from 'knex'

// The "sas": what a family asks to change waits here until staff validate it.

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('change_requests', (t) => {
    t.increments('id')
    t.integer('family_id').notNullable().references('families.id').onDelete('CASCADE')
    t.string('target_type', 10).notNullable() // guardian, pupil
    t.integer('target_id').notNullable()
    t.string('status', 10).notNullable().defaultTo('pending') // pending, closed
    t.integer('submitted_by').references('guardians.id').onDelete('SET NULL') // the last guardian who sent it
    t.string('created_at', 30).notNullable()
    t.string('updated_at', 30).notNullable()
    t.string('closed_at', 30)
    t.integer('closed_by').references('staff_users.id').onDelete('SET NULL')
    t.text('staff_comment').notNullable().defaultTo('')
    t.index(['status', 'created_at'])
    t.index(['family_id', 'status'])
  })
  // One pending request per record at most: a second change updates the same request.
  await knex.raw(
    `CREATE UNIQUE INDEX change_requests_one_pending ON change_requests (target_type, target_id) WHERE status = 'pending'`,
  )

  await knex.schema.createTable('change_request_fields', (t) => {
    t.increments('id')
    t.integer('request_id').notNullable().references('change_requests.id').onDelete('CASCADE')
    t.string('field', 40).notNullable()
    t.text('base_value') // JSON: the record's value when the family asked (to see a staff change since)
    t.text('new_value').notNullable() // JSON
    t.string('decision', 10).notNullable().defaultTo('pending') // pending, accepted, refused
    t.string('decided_at', 30)
    t.unique(['request_id', 'field'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('change_request_fields')
  await knex.schema.dropTableIfExists('change_requests')
}
