import type { Knex } from 'knex'

// Tariffs, the family's quotient and residence, instrument rentals (the tariffs part of billing).
// Values are written literally (no application import). Money in integer cents, quotients in
// integer euros, rates in basis points (1 000 = 10 %).
//
// Per school year (db/rules/tariffs.ts reads them):
// - `quotient_brackets`: the brackets of quotient familial the conservatoire defines ("Tranche A",
//   lower bound in euros); the bracket of a quotient is the last one whose lower bound ≤ it.
// - `tariffs`: what is priced: a cursus, a discipline or a course kind (target 'cursus' |
//   'discipline' | 'course_kind'), whether a late start or an early stop is billed pro rata by
//   term; `tariff_prices` holds its price for each bracket and residence (commune, communaute,
//   exterieur).
// - `family_reductions`: the reduction of the 2nd pupil (rank 2) and of the 3rd and more (rank 3).
// - `billing_fees`: fixed fees (« Frais de dossier » 20 €), per family ('famille') or pupil ('eleve').
// - `rental_rates`: the year's rental price and deposit given to a new rental by default.
// The family's quotient is on its record (`families.quotient_familial`, integer euros, null: not
// given); `family_situations` keeps each quotient and residence staff set, with the day it
// applies from and its proof (a file under DATA_DIR/documents, as the réinscription's documents).
// Instruments (name, inventory number) are rented to a family's pupil for a school year:
// `instrument_rentals` (dates, price, deposit « caution »).

const NEW_TABLES = [
  'instrument_rentals',
  'instruments',
  'family_situations',
  'rental_rates',
  'billing_fees',
  'family_reductions',
  'tariff_prices',
  'tariffs',
  'quotient_brackets',
] as const

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('families', (t) => {
    t.integer('quotient_familial') // euros; null: not given (priced at the highest bracket)
  })

  await knex.schema.createTable('quotient_brackets', (t) => {
    t.increments('id')
    t.integer('school_year_id').notNullable().references('school_years.id').onDelete('RESTRICT')
    t.string('label', 60).notNullable() // Tranche A
    t.integer('lower_bound_euros').notNullable() // ≥ 0; the first bracket starts at 0
    t.string('created_at', 30).notNullable()
    t.string('updated_at', 30).notNullable()
    t.unique(['school_year_id', 'lower_bound_euros'])
  })

  await knex.schema.createTable('tariffs', (t) => {
    t.increments('id')
    t.integer('school_year_id').notNullable().references('school_years.id').onDelete('RESTRICT')
    t.string('target', 12).notNullable() // cursus, discipline, course_kind
    t.integer('cursus_id').references('cursus.id').onDelete('RESTRICT')
    t.integer('discipline_id').references('disciplines.id').onDelete('RESTRICT')
    t.string('course_kind', 12) // individuel, collectif
    t.string('label', 120).notNullable().defaultTo('') // shown on the line; '' : the target's name
    t.boolean('pro_rata').notNullable().defaultTo(true)
    t.string('created_at', 30).notNullable()
    t.string('updated_at', 30).notNullable()
  })
  // One tariff per target and year (SQLite treats NULLs as distinct: one index per target).
  await knex.raw(
    'CREATE UNIQUE INDEX tariffs_cursus_once ON tariffs (school_year_id, cursus_id) WHERE cursus_id IS NOT NULL',
  )
  await knex.raw(
    'CREATE UNIQUE INDEX tariffs_discipline_once ON tariffs (school_year_id, discipline_id) WHERE discipline_id IS NOT NULL',
  )
  await knex.raw(
    'CREATE UNIQUE INDEX tariffs_kind_once ON tariffs (school_year_id, course_kind) WHERE course_kind IS NOT NULL',
  )

  await knex.schema.createTable('tariff_prices', (t) => {
    t.integer('tariff_id').notNullable().references('tariffs.id').onDelete('CASCADE')
    t.integer('bracket_id').notNullable().references('quotient_brackets.id').onDelete('CASCADE')
    t.string('residence', 12).notNullable() // commune, communaute, exterieur
    t.integer('amount_cents').notNullable() // ≥ 0, the year's price
    t.primary(['tariff_id', 'bracket_id', 'residence'])
  })

  await knex.schema.createTable('family_reductions', (t) => {
    t.integer('school_year_id').notNullable().references('school_years.id').onDelete('RESTRICT')
    t.integer('rank').notNullable() // 2: the 2nd pupil; 3: the 3rd and each one after
    t.integer('rate_bp').notNullable() // basis points: 1000 = 10 %
    t.primary(['school_year_id', 'rank'])
  })

  await knex.schema.createTable('billing_fees', (t) => {
    t.increments('id')
    t.integer('school_year_id').notNullable().references('school_years.id').onDelete('RESTRICT')
    t.string('label', 120).notNullable() // Frais de dossier
    t.integer('amount_cents').notNullable()
    t.string('per', 8).notNullable().defaultTo('famille') // famille, eleve
    t.string('created_at', 30).notNullable()
    t.string('updated_at', 30).notNullable()
    t.index(['school_year_id'])
  })

  await knex.schema.createTable('rental_rates', (t) => {
    t.integer('school_year_id').primary().references('school_years.id').onDelete('RESTRICT')
    t.integer('price_cents').notNullable()
    t.integer('deposit_cents').notNullable()
  })

  await knex.schema.createTable('family_situations', (t) => {
    t.increments('id')
    t.integer('family_id').notNullable().references('families.id').onDelete('RESTRICT')
    t.integer('quotient_familial') // euros; null: not given
    t.string('residence', 12) // commune, communaute, exterieur; null: not known
    t.string('applies_from', 10).notNullable() // YYYY-MM-DD
    t.string('proof_name', 200).notNullable().defaultTo('') // « Attestation CAF mars 2026 » or the file's name
    t.string('stored_name', 80).unique() // the file under DATA_DIR/documents; null: no file
    t.string('mime_type', 40)
    t.integer('size_bytes')
    t.string('sha256', 64)
    t.string('recorded_at', 30).notNullable()
    t.integer('recorded_by_staff_user_id').references('staff_users.id').onDelete('SET NULL')
    t.index(['family_id', 'applies_from'])
  })

  await knex.schema.createTable('instruments', (t) => {
    t.increments('id')
    t.string('name', 120).notNullable() // Trompette Yamaha YTR-2330
    t.string('inventory_number', 40).notNullable().unique() // INV-0012
    t.string('archived_at', 30)
    t.string('created_at', 30).notNullable()
    t.string('updated_at', 30).notNullable()
  })

  await knex.schema.createTable('instrument_rentals', (t) => {
    t.increments('id')
    t.integer('instrument_id').notNullable().references('instruments.id').onDelete('RESTRICT')
    t.integer('family_id').notNullable().references('families.id').onDelete('RESTRICT')
    t.integer('pupil_id').references('pupils.id').onDelete('RESTRICT') // null: the family's
    t.integer('school_year_id').notNullable().references('school_years.id').onDelete('RESTRICT')
    t.string('starts_on', 10).notNullable()
    t.string('ends_on', 10) // null: until the end of the school year
    t.integer('price_cents').notNullable() // for the whole year; pro rata by term
    t.integer('deposit_cents').notNullable().defaultTo(0) // caution: kept, never billed
    t.string('created_at', 30).notNullable()
    t.string('updated_at', 30).notNullable()
    t.index(['family_id', 'school_year_id'])
    t.index(['instrument_id', 'school_year_id'])
  })
}

export async function down(knex: Knex): Promise<void> {
  for (const table of NEW_TABLES) await knex.schema.dropTableIfExists(table)
  // SQLite's own DROP COLUMN: knex's dropColumn rebuilds families, which others point at.
  await knex.raw('ALTER TABLE families DROP COLUMN quotient_familial')
}
