import type { Knex } from 'knex'

// Tariffs, the family's quotient and residence, instrument rentals (the tariffs part).

export async function up(_knex: Knex): Promise<void> {}

export async function down(_knex: Knex): Promise<void> {}
