import type { Knex } from 'knex'
import * as m20261124000000 from './20261124000000_foundation.ts'
import * as m20261124000100 from './20261124000100_family_search_index.ts'
import * as m20261124000200 from './20261124000200_accounts_and_mail.ts'
import * as m20261124000300 from './20261124000300_change_requests.ts'
import * as m20261124000400 from './20261124000400_guardian_archive.ts'
import * as m20261124000500 from './20261124000500_change_request_revision.ts'
import * as m20261125000000 from './20261125000000_family_sort_key.ts'
import * as m20261125010000 from './20261125010000_outbox_link.ts'
import * as m20261126000000 from './20261126000000_staff_roles.ts'
import * as m20261126010000 from './20261126010000_conservatoire.ts'
import * as m20261126020000 from './20261126020000_staff_accounts.ts'
import * as m20261126040000 from './20261126040000_record_fields_and_schools.ts'
import * as m20261127000000 from './20261127000000_list_sort_keys.ts'
import * as m20261128000000 from './20261128000000_pedagogy.ts'
import * as m20261129000000 from './20261129000000_reenrolment.ts'
import * as m20261130000000 from './20261130000000_roll_call.ts'
import * as m20261201000000 from './20261201000000_billing.ts'
import * as m20261201000100 from './20261201000100_tariffs.ts'
import * as m20261201000200 from './20261201000200_sepa.ts'
import * as m20261201000300 from './20261201000300_payfip.ts'
import * as m20261201000400 from './20261201000400_billing_indexes.ts'
import * as m20261202000000 from './20261202000000_course_continuations.ts'
import * as m20261203000000 from './20261203000000_school_sort_key.ts'
import * as m20261204000000 from './20261204000000_family_list_people.ts'
import * as m20261205000000 from './20261205000000_family_search_vocabulary.ts'
import * as m20261205000100 from './20261205000100_archived_families_index.ts'
import * as m20261205000200 from './20261205000200_site_families_index.ts'
import * as m20261206000000 from './20261206000000_reenrolment_tab.ts'
import * as m20261207000000 from './20261207000000_roll_call_roster.ts'
import * as m20261208000000 from './20261208000000_reenrolment_tab_kept.ts'
import * as m20261209000000 from './20261209000000_family_names_kept.ts'
import * as m20261210000000 from './20261210000000_family_names_changes.ts'

export interface Migration {
  up(knex: Knex): Promise<void>
  down(knex: Knex): Promise<void>
}

/** Every migration, in order. Listed here so that the bundled server needs no file lookup. */
const migrations: Record<string, Migration> = {
  '20261124000000_foundation': m20261124000000,
  '20261124000100_family_search_index': m20261124000100,
  '20261124000200_accounts_and_mail': m20261124000200,
  '20261124000300_change_requests': m20261124000300,
  '20261124000400_guardian_archive': m20261124000400,
  '20261124000500_change_request_revision': m20261124000500,
  '20261125000000_family_sort_key': m20261125000000,
  '20261125010000_outbox_link': m20261125010000,
  '20261126000000_staff_roles': m20261126000000,
  '20261126010000_conservatoire': m20261126010000,
  '20261126020000_staff_accounts': m20261126020000,
  '20261126040000_record_fields_and_schools': m20261126040000,
  '20261127000000_list_sort_keys': m20261127000000,
  '20261128000000_pedagogy': m20261128000000,
  '20261129000000_reenrolment': m20261129000000,
  '20261130000000_roll_call': m20261130000000,
  '20261201000000_billing': m20261201000000,
  '20261201000100_tariffs': m20261201000100,
  '20261201000200_sepa': m20261201000200,
  '20261201000300_payfip': m20261201000300,
  '20261201000400_billing_indexes': m20261201000400,
  '20261202000000_course_continuations': m20261202000000,
  '20261203000000_school_sort_key': m20261203000000,
  '20261204000000_family_list_people': m20261204000000,
  '20261205000000_family_search_vocabulary': m20261205000000,
  '20261205000100_archived_families_index': m20261205000100,
  '20261205000200_site_families_index': m20261205000200,
  '20261206000000_reenrolment_tab': m20261206000000,
  '20261207000000_roll_call_roster': m20261207000000,
  '20261208000000_reenrolment_tab_kept': m20261208000000,
  '20261209000000_family_names_kept': m20261209000000,
  '20261210000000_family_names_changes': m20261210000000,
}

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: () => Promise.resolve(Object.keys(migrations).sort()),
  getMigrationName: (name) => name,
  getMigration: (name) => {
    const migration = migrations[name]
    if (!migration) throw new Error(`Unknown migration ${name}`)
    return Promise.resolve(migration)
  },
}
