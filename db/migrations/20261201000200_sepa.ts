import type { Knex } from 'knex'

// SEPA mandates and debit exports (the SEPA part).

export async function up(_knex: Knex): Promise<void> {}

export async function down(_knex: Knex): Promise<void> {}
