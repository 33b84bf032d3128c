import type { Knex } from 'knex'

// Staff accounts get an e-mail (for the link to choose a password) and the sites they work for.
// Roles keep their codes ('admin', 'secretariat', and now 'direction', 'comptabilite',
// 'enseignant'); the administrator works for every site, so needs no row here.

export async function up(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasColumn('staff_users', 'email'))) {
    await knex.schema.alterTable('staff_users', (t) => {
      t.string('email', 200).notNullable().defaultTo('')
    })
  }
  await knex.schema.createTable('staff_user_sites', (t) => {
    t.integer('staff_user_id').notNullable().references('staff_users.id').onDelete('CASCADE')
    t.integer('site_id').notNullable().references('sites.id').onDelete('CASCADE')
    t.primary(['staff_user_id', 'site_id'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('staff_user_sites')
  // The e-mail column stays: SQLite drops a column by copying the table, and the copy would
  // delete, through ON DELETE CASCADE, the sessions and audit rows that name staff members.
}
