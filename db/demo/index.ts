// The demo conservatoire (DEMO=1): loaded into an empty database only.
import type { Db, Trx } from '../connection.ts'
import type { PasswordHasher } from '../password.ts'
import { firstFreeLogin, loginStem } from '../rules/logins.ts'
import { foldForSearch, frenchSortKey } from '../rules/text.ts'
import { generatedFamily, seededRandom } from './generator.ts'
import { DEMO_PASSWORD, namedFamilies } from './named.ts'
import type { DemoFamily } from './types.ts'

export { DEMO_LOGINS, DEMO_PASSWORD } from './named.ts'

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

async function insertFamilies(
  trx: Trx,
  families: DemoFamily[],
  counters: Counters,
  logins: LoginBook,
  passwordHash: string,
  now: string,
): Promise<void> {
  const familyRows: Record<string, unknown>[] = []
  const guardianRows: Record<string, unknown>[] = []
  const pupilRows: Record<string, unknown>[] = []
  for (const family of families) {
    const familyId = ++counters.family
    const guardianIds: number[] = []
    const words: string[] = []
    family.guardians.forEach((g, i) => {
      const id = ++counters.guardian
      guardianIds.push(id)
      const login = logins.take(family.siteId, g.lastName)
      words.push(g.lastName, g.firstName, login)
      guardianRows.push({
        id,
        family_id: familyId,
        site_id: family.siteId,
        rank: i + 1,
        civility: g.civility,
        last_name: g.lastName,
        first_name: g.firstName,
        marital_status: g.maritalStatus ?? '',
        profession: g.profession ?? '',
        address: g.address ?? '',
        postal_code: g.postalCode ?? '',
        city: g.city ?? '',
        phone_home: g.phoneHome ?? '',
        phone_work: g.phoneWork ?? '',
        phone_mobile: g.phoneMobile ?? '',
        email: g.email,
        login,
        password_hash: passwordHash,
        access_enabled: true,
        password_changed_at: now,
        created_at: now,
        updated_at: now,
      })
    })
    const [first] = family.guardians
    for (const p of family.pupils) {
      words.push(p.lastName, p.firstName)
      const source = p.useGuardianAddress ? first : undefined
      pupilRows.push({
        id: ++counters.pupil,
        family_id: familyId,
        guardian_id: p.isGuardianRank ? guardianIds[p.isGuardianRank - 1] : null,
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
        phone_work: p.isGuardianRank ? (first.phoneWork ?? '') : '',
        phone_mobile: p.isGuardianRank ? (first.phoneMobile ?? '') : '',
        email: p.isGuardianRank ? first.email : '',
        school_level: p.schoolLevel ?? '',
        school_name: '',
        image_rights: true,
        exit_authorization: false,
        emergency_contact: '',
        emergency_phone: '',
        created_at: now,
        updated_at: now,
      })
    }
    familyRows.push({
      id: familyId,
      site_id: family.siteId,
      name: first.lastName,
      sort_key: frenchSortKey(first.lastName),
      search_text: ` ${foldForSearch(words.join(' '))} `,
      created_at: now,
      updated_at: now,
    })
  }
  await trx.batchInsert('families', familyRows, 200)
  await trx.batchInsert('guardians', guardianRows, 100)
  await trx.batchInsert('pupils', pupilRows, 100)
}

/**
 * Loads the demo conservatoire into an empty database: the two sites, the accounts of DESIGN.md,
 * the administrator and `familyCount` generated families (deterministic).
 */
export async function loadDemo(db: Db, hasher: PasswordHasher, familyCount: number): Promise<void> {
  const passwordHash = await hasher.hash(DEMO_PASSWORD)
  const now = new Date().toISOString()
  await db.transaction(async (trx) => {
    await trx('sites').insert([
      {
        id: 1,
        name: 'Conservatoire',
        legal_name: 'Conservatoire de musique et de danse du Golfe',
        address: '12 avenue des Arts',
        postal_code: '83310',
        city: 'COGOLIN',
        phone: '04 94 00 12 34',
        email: 'conservatoire@example.org',
        position: 1,
      },
      {
        id: 2,
        name: 'Antenne de Sainte-Maxime',
        legal_name: 'Conservatoire de musique et de danse du Golfe — Antenne de Sainte-Maxime',
        address: '3 place des Sports',
        postal_code: '83120',
        city: 'SAINTE-MAXIME',
        phone: '04 94 00 56 78',
        email: 'antenne.sainte-maxime@example.org',
        position: 2,
      },
    ])
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
    const counters: Counters = { family: 0, guardian: 0, pupil: 0 }
    const logins = new LoginBook()
    await insertFamilies(trx, namedFamilies(1, 2), counters, logins, passwordHash, now)
    const rand = seededRandom(2026)
    const generated = Math.max(0, familyCount - counters.family)
    for (let start = 0; start < generated; start += 1000) {
      const batch = Array.from({ length: Math.min(1000, generated - start) }, (_, i) =>
        generatedFamily(rand, start + i + 1, [1, 2]),
      )
      await insertFamilies(trx, batch, counters, logins, passwordHash, now)
    }
  })
}

/** True when the database holds no site yet: the demo is loaded only then. */
export async function isEmpty(db: Db): Promise<boolean> {
  const row = await db('sites').count<{ n: number }[]>({ n: '*' }).first()
  return Number(row?.n ?? 0) === 0
}
