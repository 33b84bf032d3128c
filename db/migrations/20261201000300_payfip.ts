import type { Knex } from 'knex'

// PayFiP online payments (the PayFiP part).

export async function up(_knex: Knex): Promise<void> {}

export async function down(_knex: Knex): Promise<void> {}
