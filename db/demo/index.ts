// The demo conservatoire (DEMO=1): loaded into an empty database only.
import { systemClock, type Clock } from '../clock.ts'
import type { Db, Trx } from '../connection.ts'
import type { PasswordHasher } from '../password.ts'
import { firstFreeLogin, loginStem } from '../rules/logins.ts'
import { compactFamilySearch } from '../services/family-list.ts'
import { foldForSearch, frenchSortKey } from '../rules/text.ts'
import { DEMO_CONSERVATOIRE } from './conservatoire.ts'
import { generatedFamily, seededRandom } from './generator.ts'
import { DEMO_PASSWORD, DEMO_SCHOOLS, DEMO_SITES, DEMO_STAFF, namedFamilies } from './named.ts'
import { loadDemoPedagogy } from './pedagogy.ts'
import { loadDemoReenrolment } from './reenrolment.ts'
import { loadDemoBilling } from './billing.ts'
import type { DemoFamily, DemoGuardian, DemoPupil } from './types.ts'

export { DEMO_LOGINS, DEMO_PASSWORD, DEMO_STAFF } from './named.ts'

interface Counters {
  family: number
  guardian: number
  pupil: number
}

/**
 * The identifiants taken so far, per site, held in memory: the demo writes thousands of guardians
 * in one transaction and asks the database nothing. The rule is the services' (db/rules/logins.ts);
 * since the demo hands out every number itself, it remembers where to look next for each stem.
 */
class LoginBook {
  private readonly taken = new Map<number, Set<string>>()
  private readonly next = new Map<string, number>()

  take(siteId: number, lastName: string): string {
    let taken = this.taken.get(siteId)
    if (!taken) {
      taken = new Set()
      this.taken.set(siteId, taken)
    }
    const stem = loginStem(lastName)
    const key = `${siteId}:${stem}`
    const login = firstFreeLogin(stem, taken, this.next.get(key))
    taken.add(login)
    this.next.set(key, Number(login.slice(stem.length)) + 1)
    return login
  }
}

/** One generated family in so many is archived (none below that many families). */
const ARCHIVED_EVERY = 97

/** The rows of one family's guardians and pupils, as the tables take them. */
interface Stamp {
  familyId: number
  siteId: number
  passwordHash: string
  now: string
}

function guardianRow(g: DemoGuardian, id: number, rank: number, login: string, stamp: Stamp) {
  return {
    id,
    family_id: stamp.familyId,
    site_id: stamp.siteId,
    rank,
    civility: g.civility,
    last_name: g.lastName,
    first_name: g.firstName,
    marital_status: g.maritalStatus ?? '',
    profession: g.profession ?? '',
    socio_professional_code: g.socioProfessionalCode ?? '',
    fax: g.fax ?? '',
    address: g.address ?? '',
    postal_code: g.postalCode ?? '',
    city: g.city ?? '',
    phone_home: g.phoneHome ?? '',
    phone_work: g.phoneWork ?? '',
    phone_mobile: g.phoneMobile ?? '',
    email: g.email,
    login,
    password_hash: stamp.passwordHash,
    access_enabled: true,
    password_changed_at: stamp.now,
    created_at: stamp.now,
    updated_at: stamp.now,
  }
}

/** A pupil; an adult pupil who is the family's guardian takes their phone and e-mail. */
function pupilRow(
  p: DemoPupil,
  id: number,
  guardianId: number | null,
  first: DemoGuardian,
  stamp: Stamp,
) {
  const source = p.useGuardianAddress ? first : undefined
  const self = p.isGuardianRank !== undefined
  return {
    id,
    family_id: stamp.familyId,
    guardian_id: guardianId,
    civility: p.civility,
    last_name: p.lastName,
    first_name: p.firstName,
    birth_date: p.birthDate,
    birth_place: p.birthPlace ?? '',
    use_guardian_address: Boolean(p.useGuardianAddress),
    address: source?.address ?? '',
    postal_code: source?.postalCode ?? '',
    city: source?.city ?? '',
    phone_home: '',
    phone_work: self ? (first.phoneWork ?? '') : '',
    phone_mobile: self ? (first.phoneMobile ?? '') : '',
    fax: self ? (first.fax ?? '') : '',
    email: self ? first.email : '',
    school_level: p.schoolLevel ?? '',
    school_name: p.schoolName ?? '',
    image_rights: true,
    exit_authorization: false,
    emergency_contact: '',
    emergency_phone: '',
    created_at: stamp.now,
    updated_at: stamp.now,
  }
}

async function insertFamilies(
  trx: Trx,
  families: DemoFamily[],
  counters: Counters,
  logins: LoginBook,
  passwordHash: string,
  now: string,
): Promise<void> {
  const rows = { families: [] as object[], guardians: [] as object[], pupils: [] as object[] }
  for (const family of families) {
    const stamp = { familyId: ++counters.family, siteId: family.siteId, passwordHash, now }
    const guardianIds: number[] = []
    const words: string[] = []
    family.guardians.forEach((g, i) => {
      const login = logins.take(family.siteId, g.lastName)
      guardianIds.push(++counters.guardian)
      words.push(g.lastName, g.firstName, login)
      rows.guardians.push(guardianRow(g, counters.guardian, i + 1, login, stamp))
    })
    const [first] = family.guardians
    for (const p of family.pupils) {
      words.push(p.lastName, p.firstName)
      const guardianId = p.isGuardianRank ? (guardianIds[p.isGuardianRank - 1] ?? null) : null
      rows.pupils.push(pupilRow(p, ++counters.pupil, guardianId, first, stamp))
    }
    rows.families.push({
      id: stamp.familyId,
      site_id: family.siteId,
      name: first.lastName,
      sort_key: frenchSortKey(first.lastName),
      guardians_key: frenchSortKey(`${first.lastName} ${first.firstName}`),
      pupils_key: family.pupils[0]
        ? frenchSortKey(`${family.pupils[0].firstName} ${family.pupils[0].lastName}`)
        : '',
      search_text: ` ${foldForSearch(words.join(' '))} `,
      created_at: now,
      updated_at: now,
      // A few families archived (one in 97), to show and restore in Familles → État « Archivées ».
      archived_at: stamp.familyId % ARCHIVED_EVERY === 0 ? now : null,
    })
  }
  await trx.batchInsert('families', rows.families, 200)
  await trx.batchInsert('guardians', rows.guardians, 100)
  await trx.batchInsert('pupils', rows.pupils, 100)
}

/** Where the demo writes its files (DATA_DIR) and the clock of its dates (the server's). */
export interface DemoOptions {
  dataDir: string
  clock?: Clock
}

/**
 * Loads the demo conservatoire into an empty database: its identity and logo, the two sites, the accounts of DESIGN.md,
 * the administrator and `familyCount` generated families (deterministic), the pedagogy of three
 * school years (db/demo/pedagogy.ts) and the réinscription into the next one (db/demo/reenrolment.ts:
 * its documents' files go to DATA_DIR/documents; its campaigns' dates follow the clock).
 */
export async function loadDemo(
  db: Db,
  hasher: PasswordHasher,
  familyCount: number,
  options: DemoOptions,
): Promise<void> {
  const passwordHash = await hasher.hash(DEMO_PASSWORD)
  const clock = options.clock ?? systemClock
  const now = clock.now().toISOString()
  await db.transaction(async (trx) => {
    await trx('sites').insert(
      DEMO_SITES.map((site) => ({ ...site, sort_key: frenchSortKey(site.name) })),
    )
    await trx('conservatoire').insert({ ...DEMO_CONSERVATOIRE, created_at: now, updated_at: now })
    await trx('schools').insert(
      DEMO_SCHOOLS.map((s) => ({ ...s, created_at: now, updated_at: now })),
    )
    await trx('school_years').insert({
      label: '2026/2027',
      starts_on: '2026-09-01',
      ends_on: '2027-07-04',
      is_current: true,
    })
    await trx('staff_users').insert({
      login: 'admin',
      display_name: 'Administrateur',
      role: 'admin',
      password_hash: passwordHash,
      created_at: now,
      updated_at: now,
    })
    for (const staff of DEMO_STAFF) {
      const [row] = await trx('staff_users')
        .insert({
          login: staff.login,
          display_name: staff.name,
          email: `${staff.login}@example.org`,
          role: staff.role,
          password_hash: passwordHash,
          created_at: now,
          updated_at: now,
        })
        .returning<{ id: number }[]>('id')
      const sites = staff.siteIds.map((siteId) => ({ staff_user_id: row?.id, site_id: siteId }))
      await trx('staff_user_sites').insert(sites)
    }
    const counters: Counters = { family: 0, guardian: 0, pupil: 0 }
    const logins = new LoginBook()
    await insertFamilies(trx, namedFamilies(1, 2), counters, logins, passwordHash, now)
    const named = counters.family
    const rand = seededRandom(2026)
    const generated = Math.max(0, familyCount - counters.family)
    for (let start = 0; start < generated; start += 1000) {
      const batch = Array.from({ length: Math.min(1000, generated - start) }, (_, i) =>
        generatedFamily(rand, start + i + 1, [1, 2]),
      )
      await insertFamilies(trx, batch, counters, logins, passwordHash, now)
    }
    await loadDemoPedagogy(trx, now)
    await loadDemoReenrolment(trx, { clock, dataDir: options.dataDir, named })
    await loadDemoBilling(trx, { clock })
    await compactFamilySearch(trx)
  })
}

/** True when the database holds no site yet: the demo is loaded only then. */
export async function isEmpty(db: Db): Promise<boolean> {
  const row = await db('sites').count<{ n: number }[]>({ n: '*' }).first()
  return Number(row?.n ?? 0) === 0
}
