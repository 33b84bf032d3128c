import { describe, expect, it } from 'vitest'
import { type Db } from '../../db/connection.ts'
import { firstRunState } from '../../db/services/conservatoire.ts'
import { searchFamilies } from '../../db/services/family-list.ts'
import { freshDatabases } from '../support/db.ts'

// Every migration runs on a database that already holds data: SQLite rebuilds a table to change
// it, and with foreign keys on, a rebuild can cascade and delete rows (knex #6213, #4155). This
// file fills the schema of the first release, migrates to the latest, and checks every row.

const FIRST = '20261124000000_foundation'
const T = '2026-11-24T08:00:00.000Z'

const freshDb = freshDatabases('portee-migrations-')

// The rows of the first release, as they were written then (booleans as SQLite keeps them: 1, 0).
const SITES = [
  {
    id: 1,
    name: 'Conservatoire',
    address: '12 avenue des Arts',
    postal_code: '83310',
    city: 'COGOLIN',
    phone: '04 94 00 12 34',
    email: 'conservatoire@example.org',
    legal_name: 'Conservatoire de musique et de danse du Golfe',
    active: 1,
    position: 1,
  },
  {
    id: 2,
    name: 'Antenne de Sainte-Maxime',
    address: '',
    postal_code: '83120',
    city: 'SAINTE-MAXIME',
    phone: '',
    email: '',
    legal_name: '',
    active: 0,
    position: 2,
  },
]
const SCHOOL_YEARS = [
  { id: 1, label: '2026/2027', starts_on: '2026-09-01', ends_on: '2027-07-04', is_current: 1 },
]
const FAMILIES = [
  {
    id: 1,
    site_id: 1,
    name: 'FAURE',
    search_text: ' faure gerard faure1 faure claire faure lea ',
    created_at: T,
    updated_at: T,
    archived_at: null,
  },
  {
    id: 2,
    site_id: 1,
    name: 'ÉTIENNE',
    search_text: ' etienne helene etienne1 etienne noe ',
    created_at: T,
    updated_at: T,
    archived_at: null,
  },
  {
    id: 3,
    site_id: 2,
    name: 'Le Cœur',
    search_text: ' le coeur marc lecoeur1 le coeur hugo ',
    created_at: T,
    updated_at: T,
    archived_at: '2026-11-24T09:00:00.000Z',
  },
]
// The contact columns guardians and pupils share, empty.
const NO_CONTACT = {
  address: '',
  postal_code: '',
  city: '',
  phone_home: '',
  phone_work: '',
  phone_mobile: '',
  email: '',
}
const guardian = {
  marital_status: '',
  profession: '',
  ...NO_CONTACT,
  login: null,
  password_hash: null,
  access_enabled: 1,
  password_changed_at: null,
  created_at: T,
  updated_at: T,
}
const GUARDIANS = [
  {
    ...guardian,
    id: 1,
    family_id: 1,
    site_id: 1,
    rank: 1,
    civility: 'Monsieur',
    last_name: 'FAURE',
    first_name: 'Gérard',
    marital_status: 'Marié(e)',
    address: '15 rue des Fleurs',
    postal_code: '29170',
    city: 'FOUESNANT',
    phone_mobile: '06 12 34 56 78',
    email: 'gerard.faure@example.org',
    login: 'faure1',
    password_hash: '$2b$10$abcdefghijklmnopqrstuuN0kHtRr3MCKU3ZtNkBdLkOQ6bJtK7Kq',
    password_changed_at: T,
  },
  {
    ...guardian,
    id: 2,
    family_id: 1,
    site_id: 1,
    rank: 2,
    civility: 'Madame',
    last_name: 'FAURE',
    first_name: 'Claire',
    access_enabled: 0,
  },
  {
    ...guardian,
    id: 3,
    family_id: 2,
    site_id: 1,
    rank: 1,
    civility: 'Madame',
    last_name: 'ÉTIENNE',
    first_name: 'Hélène',
    login: 'etienne1',
  },
  {
    ...guardian,
    id: 4,
    family_id: 3,
    site_id: 2,
    rank: 1,
    civility: 'Monsieur',
    last_name: 'Le Cœur',
    first_name: 'Marc',
    login: 'lecoeur1',
  },
]
const pupil = {
  guardian_id: null,
  birth_place: '',
  marital_status: '',
  use_guardian_address: 1,
  ...NO_CONTACT,
  school_level: '',
  school_name: '',
  image_rights: 0,
  exit_authorization: 0,
  emergency_contact: '',
  emergency_phone: '',
  created_at: T,
  updated_at: T,
  archived_at: null,
}
const PUPILS = [
  {
    ...pupil,
    id: 1,
    family_id: 1,
    guardian_id: 1, // an adult pupil who is also the guardian
    civility: 'Monsieur',
    last_name: 'FAURE',
    first_name: 'Gérard',
    birth_date: '1960-05-03',
  },
  {
    ...pupil,
    id: 2,
    family_id: 1,
    civility: 'Madame',
    last_name: 'FAURE',
    first_name: 'Léa',
    birth_date: '2014-03-12',
    birth_place: 'Quimper (29)',
    school_level: 'CM2',
    image_rights: 1,
  },
  {
    ...pupil,
    id: 3,
    family_id: 2,
    civility: 'Monsieur',
    last_name: 'ÉTIENNE',
    first_name: 'Noé',
    birth_date: '2012-11-02',
    exit_authorization: 1,
    emergency_contact: 'Hélène ÉTIENNE',
    emergency_phone: '06 98 76 54 32',
  },
  {
    ...pupil,
    id: 4,
    family_id: 3,
    civility: 'Monsieur',
    last_name: 'Le Cœur',
    first_name: 'Hugo',
    birth_date: null,
    archived_at: '2026-11-24T09:00:00.000Z',
  },
]
const STAFF_USERS = [
  {
    id: 1,
    login: 'admin',
    display_name: 'Administrateur',
    role: 'admin',
    password_hash: null,
    active: 1,
    created_at: T,
    updated_at: T,
  },
]
const SESSIONS = [
  {
    id_hash: 'a'.repeat(64),
    audience: 'family',
    guardian_id: 1,
    staff_user_id: null,
    created_at: T,
    last_seen_at: T,
    expires_at: '2026-11-24T20:00:00.000Z',
    ended_at: null,
    client_ip: '198.51.100.7',
    user_agent: 'Firefox',
  },
  {
    id_hash: 'b'.repeat(64),
    audience: 'staff',
    guardian_id: null,
    staff_user_id: 1,
    created_at: T,
    last_seen_at: T,
    expires_at: '2026-11-24T20:00:00.000Z',
    ended_at: T,
    client_ip: '127.0.0.1',
    user_agent: '',
  },
]
const AUDIT_LOG = [
  {
    id: 1,
    at: T,
    actor_type: 'family',
    actor_id: 1,
    action: 'family.login',
    entity_type: 'guardian',
    entity_id: 1,
    family_id: 1,
    client_ip: '198.51.100.7',
    details: '{}',
  },
]
const SETTINGS = [{ key: 'cookie_secret', value: 'secret' }]

/** Every table of the first release with its rows, in an order the foreign keys allow. */
const FIRST_RELEASE = {
  sites: SITES,
  school_years: SCHOOL_YEARS,
  families: FAMILIES,
  guardians: GUARDIANS,
  pupils: PUPILS,
  staff_users: STAFF_USERS,
  sessions: SESSIONS,
  audit_log: AUDIT_LOG,
  settings: SETTINGS,
}

/** A database at the first release, filled with the rows above. */
async function firstReleaseDb(): Promise<Db> {
  const db = freshDb()
  await db.migrate.up({ name: FIRST })
  expect(await db.migrate.currentVersion()).toBe('20261124000000')
  for (const [table, rows] of Object.entries(FIRST_RELEASE)) await db(table).insert(rows)
  return db
}

/** The columns that 20261126040000 adds, as they are for the rows already there. */
const NEW_GUARDIAN_COLUMNS = { socio_professional_code: '', fax: '' }
/** The pupils with the fax of 20261126040000 (empty): it stays on the way down. */
const PUPILS_WITH_FAX = PUPILS.map((p) => ({ ...p, fax: '' }))
/** Their French sort keys (20261130000000): the folded last name, char(1), the folded first name. */
const PUPIL_SORT_KEYS = [
  'faure\u0001gerard',
  'faure\u0001lea',
  'etienne\u0001noe',
  'le coeur\u0001hugo',
]
/** The pupils as the latest migration leaves them. */
const PUPILS_NOW = PUPILS_WITH_FAX.map((p, i) => ({ ...p, sort_key: PUPIL_SORT_KEYS[i] }))

/** A family's guardians_json and pupils_json, from their rows' values in the order of the JSON. */
function listed(
  guardians: [number, number, string, string, string, string | null][],
  pupils: [number, string, string][],
) {
  return {
    guardians_json: JSON.stringify(
      guardians.map(([id, rank, civility, lastName, firstName, login]) => ({
        id,
        rank,
        civility,
        lastName,
        firstName,
        login,
      })),
    ),
    pupils_json: JSON.stringify(
      pupils.map(([id, lastName, firstName]) => ({ id, lastName, firstName })),
    ),
  }
}

/** Every row of every table of the first release, as the database holds them now. */
async function rowsOf(db: Db) {
  return {
    sites: await db('sites').orderBy('id'),
    school_years: await db('school_years').orderBy('id'),
    families: await db('families').orderBy('id'),
    guardians: await db('guardians').orderBy('id'),
    // pupils.courses_revision (20261208000000): a random number each, checked apart.
    pupils: (await db('pupils').orderBy('id')).map(
      ({ courses_revision: _, ...pupil }: Record<string, unknown>) => pupil,
    ),
    staff_users: await db('staff_users').orderBy('id'),
    sessions: await db('sessions').orderBy('id_hash'),
    audit_log: await db('audit_log').orderBy('id'),
    settings: await db('settings').orderBy('key'),
  }
}

async function foreignKeyViolations(db: Db): Promise<unknown[]> {
  return (await db.raw('PRAGMA foreign_key_check')) as unknown[]
}

describe('the migrations, on a database of the first release that holds data', () => {
  it('keep every row and every value, with the foreign keys intact, and fill the new columns', async () => {
    const db = await firstReleaseDb()
    await db.migrate.latest()

    expect(await rowsOf(db)).toEqual({
      ...FIRST_RELEASE,
      // families.sort_key (20261125000000): the name without accents or case, œ as "oe";
      // guardians_key and pupils_key (20261127000000): the first guardian by rank, « NOM Prénom »,
      // and the first pupil by id, « Prénom NOM », folded; an archived pupil is nobody's first.
      // residence (20261129000000): not known until staff set it; quotient_familial
      // (20261201000100): not given until staff set it. guardians_json and pupils_json
      // (20261204000000): the active guardians by rank and pupils by id, as the list shows them.
      families: [
        {
          ...FAMILIES[0],
          sort_key: 'faure',
          guardians_key: 'faure gerard',
          pupils_key: 'gerard faure',
          residence: null,
          quotient_familial: null,
          ...listed(
            [
              [1, 1, 'Monsieur', 'FAURE', 'Gérard', 'faure1'],
              [2, 2, 'Madame', 'FAURE', 'Claire', null],
            ],
            [
              [1, 'FAURE', 'Gérard'],
              [2, 'FAURE', 'Léa'],
            ],
          ),
        },
        {
          ...FAMILIES[1],
          sort_key: 'etienne',
          guardians_key: 'etienne helene',
          pupils_key: 'noe etienne',
          residence: null,
          quotient_familial: null,
          ...listed([[3, 1, 'Madame', 'ÉTIENNE', 'Hélène', 'etienne1']], [[3, 'ÉTIENNE', 'Noé']]),
        },
        {
          ...FAMILIES[2],
          sort_key: 'le coeur',
          guardians_key: 'le coeur marc',
          pupils_key: '',
          residence: null,
          quotient_familial: null,
          ...listed([[4, 1, 'Monsieur', 'Le Cœur', 'Marc', 'lecoeur1']], []),
        },
      ],
      // sites.sort_key (20261127000000): the name folded.
      sites: [
        { ...SITES[0], sort_key: 'conservatoire' },
        { ...SITES[1], sort_key: 'antenne de sainte-maxime' },
      ],
      // guardians.archived_at (20261124000400): nobody has left a family yet;
      // socio_professional_code and fax (20261126040000): unknown yet.
      guardians: GUARDIANS.map((g) => ({ ...g, archived_at: null, ...NEW_GUARDIAN_COLUMNS })),
      // pupils.fax (20261126040000): unknown yet.
      pupils: PUPILS_NOW,
      // staff_users.email (20261126000000): none known yet.
      staff_users: STAFF_USERS.map((u) => ({ ...u, email: '' })),
    })
    // pupils.courses_revision (20261208000000): a new random number of 53 bits each, so that a
    // pupil's tab kept before a restore of this database is never taken for its tab after it.
    const revisions = await db('pupils').pluck<number[]>('courses_revision')
    expect(revisions.every((r) => Number.isSafeInteger(r))).toBe(true)
    expect(new Set(revisions).size).toBe(PUPILS.length)
    expect(await foreignKeyViolations(db)).toEqual([])
    expect(await db.raw('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }])
  })

  it('leave the conservatoire to be set up (its administrator is led there); the rollback keeps every row', async () => {
    const db = await firstReleaseDb()
    await db.migrate.latest()
    expect(await db('conservatoire')).toEqual([])
    // Site 1 of the first release is open: only the identity is left to do.
    expect(await db.transaction(firstRunState)).toEqual({ conservatoire: false, sites: true })
    await db.migrate.down({ name: '20261127000000_list_sort_keys' })
    await db.migrate.down({ name: '20261126010000_conservatoire' })
    expect(await db.schema.hasTable('conservatoire')).toBe(false)
    expect((await rowsOf(db)).sites).toEqual(SITES)
  })

  it('index the families that were there for the search, and sort them as a French reader expects', async () => {
    const db = await firstReleaseDb()
    await db.migrate.latest()

    // The trigram index (20261124000100) is built from the rows already there.
    const found = (await db.raw(
      `SELECT rowid FROM families_search WHERE families_search MATCH '"helene"'`,
    )) as { rowid: number }[]
    expect(found).toEqual([{ rowid: 2 }])
    const list = await db.transaction((trx) => searchFamilies(trx, { pageSize: 25, siteIds: null }))
    expect(list.items.map((f) => f.name)).toEqual(['ÉTIENNE', 'FAURE'])
    const search = await db.transaction((trx) =>
      searchFamilies(trx, { query: 'Helene', pageSize: 25, siteIds: null }),
    )
    expect(search.items.map((f) => f.id)).toEqual([2])
  })

  it('go back before two steps and forward again without losing a request of the sas', async () => {
    const db = await firstReleaseDb()
    await db.migrate.latest()
    // A family asks for a change in the sas: rows that a cascade from families or from
    // change_requests would delete.
    await db('change_requests').insert({
      id: 1,
      family_id: 1,
      target_type: 'guardian',
      target_id: 1,
      submitted_by: 1,
      created_at: T,
      updated_at: T,
      revision: 3,
    })
    await db('change_request_fields').insert({ request_id: 1, field: 'city', new_value: '"BREST"' })

    // Back in order (a later index stands on families.sort_key), down to the sas's revision.
    for (let step = 0; (await db.migrate.currentVersion()) !== '20261124000400'; step++) {
      if (step > 50) throw new Error('20261124000400 never reached')
      await db.migrate.down()
    }
    expect(await db.schema.hasColumn('families', 'sort_key')).toBe(false)
    expect(await db.schema.hasColumn('change_requests', 'revision')).toBe(false)
    expect(await db('change_request_fields').select('request_id', 'field')).toEqual([
      { request_id: 1, field: 'city' },
    ])
    await db.migrate.latest()

    const rows = await rowsOf(db)
    expect(rows.families.map((f: { sort_key: string }) => f.sort_key)).toEqual([
      'faure',
      'etienne',
      'le coeur',
    ])
    expect(rows.guardians).toHaveLength(4)
    expect(rows.pupils).toEqual(PUPILS_NOW)
    // The revision starts again at 1: the column's history went with it.
    expect(await db('change_requests').select('id', 'family_id', 'revision')).toEqual([
      { id: 1, family_id: 1, revision: 1 },
    ])
    expect(await db('change_request_fields').select('request_id', 'field')).toEqual([
      { request_id: 1, field: 'city' },
    ])
    expect(await foreignKeyViolations(db)).toEqual([])
  })

  it('keep one current school year of those the first release had, give the departments, and roll the pedagogy back', async () => {
    const db = await firstReleaseDb()
    // Nothing stopped the first release from having two current years.
    const older = {
      id: 2,
      label: '2025/2026',
      starts_on: '2025-09-01',
      ends_on: '2026-07-04',
      is_current: 1,
    }
    await db('school_years').insert(older)
    await db.migrate.latest()
    expect(await db('school_years').orderBy('id')).toEqual([
      SCHOOL_YEARS[0],
      { ...older, is_current: 0 },
    ])
    expect(await db('departments').orderBy('position').pluck('name')).toEqual([
      'Musique',
      'Danse',
      'Théâtre',
    ])

    await db.migrate.down({ name: '20261128000000_pedagogy' })
    for (const table of ['departments', 'courses', 'enrolments', 'absences', 'repertoire_works'])
      expect(await db.schema.hasTable(table)).toBe(false)
    expect(await db('school_years').orderBy('id')).toEqual([
      SCHOOL_YEARS[0],
      { ...older, is_current: 0 },
    ])
    expect((await rowsOf(db)).pupils).toEqual(PUPILS_NOW)
    await db.migrate.latest()
    expect(await foreignKeyViolations(db)).toEqual([])
  })

  it('go back down to the first release without losing a row of it, and up again', async () => {
    const db = await firstReleaseDb()
    await db.migrate.latest()
    while ((await db.migrate.currentVersion()) !== '20261124000000') await db.migrate.down()

    // staff_users.email, and the fields of 20261126040000, stay on the way down (dropping them
    // would copy the tables and cascade).
    expect(await rowsOf(db)).toEqual({
      ...FIRST_RELEASE,
      guardians: GUARDIANS.map((g) => ({ ...g, ...NEW_GUARDIAN_COLUMNS })),
      pupils: PUPILS_WITH_FAX,
      staff_users: STAFF_USERS.map((u) => ({ ...u, email: '' })),
    })
    expect(await foreignKeyViolations(db)).toEqual([])
    await db.migrate.latest()
    expect((await rowsOf(db)).pupils).toEqual(PUPILS_NOW)
  })
})
