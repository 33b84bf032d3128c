import type { Knex } from 'knex'

// The courses that continue a course next year (its copies: courses.previous_course_id): what a
// family may choose on its Réinscription tab, read for each line of every tab the morning a
// campaign opens.

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('courses', (t) => {
    t.index(['previous_course_id', 'school_year_id'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('courses', (t) => {
    t.dropIndex(['previous_course_id', 'school_year_id'])
  })
}
