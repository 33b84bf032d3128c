import type { Db, Trx } from './connection.ts'
import type { PasswordHasher } from './password.ts'
import { foldForSearch } from './text.ts'
import { SCHOOL_LEVELS as ALL_SCHOOL_LEVELS } from './rules/record-fields.ts'

/** The password of every demo account (DESIGN.md). */
export const DEMO_PASSWORD = 'Portee-Demo-2026'

/** The accounts printed when the demo starts, as DESIGN.md lists them. */
export const DEMO_LOGINS = [
  { site: 'Conservatoire', login: 'dupont1', who: 'Monsieur DUPONT Gérard' },
  { site: 'Conservatoire', login: 'dupont2', who: 'Madame DUPONT Claire' },
  { site: 'Conservatoire', login: 'abolant1', who: 'Madame ABOLANT Jocelyne' },
  { site: 'Antenne de Sainte-Maxime', login: 'torrice1', who: 'Madame TORRICE Emilie' },
  { site: 'Antenne de Sainte-Maxime', login: 'dupont1', who: 'Monsieur DUPONT Marc' },
] as const

/** A small deterministic random generator (mulberry32): the same demo on every run. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const LAST_NAMES = [
  'MARTIN',
  'BERNARD',
  'THOMAS',
  'PETIT',
  'ROBERT',
  'RICHARD',
  'DURAND',
  'DUBOIS',
  'MOREAU',
  'LAURENT',
  'SIMON',
  'MICHEL',
  'LEFÈVRE',
  'LEROY',
  'ROUX',
  'DAVID',
  'BERTRAND',
  'MOREL',
  'FOURNIER',
  'GIRARD',
  'BONNET',
  'DUPUIS',
  'LAMBERT',
  'FONTAINE',
  'ROUSSEAU',
  'VINCENT',
  'MULLER',
  'LEFEBVRE',
  'FAURE',
  'ANDRÉ',
  'MERCIER',
  'BLANC',
  'GUÉRIN',
  'BOYER',
  'GARNIER',
  'CHEVALIER',
  'FRANÇOIS',
  'LEGRAND',
  'GAUTHIER',
  'GARCIA',
  'PERRIN',
  'ROBIN',
  'CLÉMENT',
  'MORIN',
  'NICOLAS',
  'HENRY',
  'ROUSSEL',
  'MATHIEU',
  'GAUTIER',
  'MASSON',
  'MARCHAND',
  'DUVAL',
  'DENIS',
  'DUMONT',
  'MARIE',
  'LEMAIRE',
  'NOËL',
  'MEYER',
  'DUFOUR',
  'MEUNIER',
  'BRUN',
  'BLANCHARD',
  'GIRAUD',
  'JOLY',
  'RIVIÈRE',
  'LUCAS',
  'BRUNET',
  'GAILLARD',
  'BARBIER',
  'ARNAUD',
  'MARTINEZ',
  'GÉRARD',
  'ROCHE',
  'RENARD',
  'SCHMITT',
  'ROY',
  'LEROUX',
  'COLIN',
  'VIDAL',
  'CARON',
  'PICARD',
  'ROGER',
  'FABRE',
  'AUBERT',
  'LEMOINE',
  'RENAUD',
  'DUMAS',
  'LACROIX',
  'OLIVIER',
  'PHILIPPE',
  'BOURGEOIS',
  'PIERRE',
  'BENOÎT',
  'REY',
  'LECLERC',
  'PAYET',
  'ROLLAND',
  'LECLERCQ',
  'GUILLAUME',
  'LECOMTE',
  'LOPEZ',
  'JEAN',
  'DUPUY',
  'GUILLOT',
  'HUBERT',
  'BERGER',
  'CARPENTIER',
  'SANCHEZ',
  'DUPRÉ',
  'MOULIN',
  'LOUIS',
  'DESCHAMPS',
  'HUET',
  'VASSEUR',
  'PEREZ',
  'BOUCHER',
  'FLEURY',
  'ROYER',
  'KLEIN',
  'JACQUET',
  'ADAM',
  'PARIS',
  'POIRIER',
  'MARTY',
  'AUBRY',
  'GUYOT',
  'CARRÉ',
  'CHARLES',
  'RENAULT',
  'CHARPENTIER',
  'MÉNARD',
  'MAILLARD',
  'BARON',
  'BERTIN',
  'BAILLY',
  'HERVÉ',
  'SCHNEIDER',
  'FERNANDEZ',
  'LE GALL',
  'COLLET',
  'LÉGER',
  'BOUVIER',
  'JULIEN',
  'PRÉVOST',
  'MILLET',
  'PERROT',
  'DANIEL',
  'LE ROUX',
  'COUSIN',
  'GERMAIN',
  'BRETON',
  'BESSON',
  'LANGLOIS',
  'RÉMY',
  'LE GOFF',
  'PELLETIER',
  'LÉVÊQUE',
  'PERRIER',
  'LEBLANC',
  'BARRÉ',
  'LEBRUN',
  'MARCHAL',
  'WEBER',
  'MALLET',
  'HAMON',
  'BOULANGER',
  'JACOB',
  'MONNIER',
  'MICHAUD',
  'RODRIGUEZ',
  'GUICHARD',
  'GILLET',
  'ÉTIENNE',
  'GRONDIN',
  'POULAIN',
  'TESSIER',
  'CHEVALLIER',
  'COLLIN',
  'CHAUVIN',
  'DA SILVA',
  'BOUCHET',
  'GAY',
  'LEMAÎTRE',
  'BENARD',
  'MARÉCHAL',
  'HUMBERT',
  'REYNAUD',
  'ANTOINE',
  'HOARAU',
  'PERRET',
  'BARTHÉLÉMY',
  'CORDIER',
  'PICHON',
  'LEJEUNE',
  'GILBERT',
  'LAMY',
  'DELAUNAY',
  'PASQUIER',
  'CARLIER',
  'LAPORTE',
] as const
const FIRST_NAMES_F = [
  'Marie',
  'Camille',
  'Léa',
  'Manon',
  'Chloé',
  'Emma',
  'Inès',
  'Jade',
  'Louise',
  'Zoé',
  'Alice',
  'Lina',
  'Sarah',
  'Juliette',
  'Anaïs',
  'Élodie',
  'Céline',
  'Nathalie',
  'Isabelle',
  'Sophie',
  'Aurélie',
  'Hélène',
  'Mathilde',
  'Clémence',
  'Éloïse',
  'Agathe',
  'Margaux',
  'Noémie',
] as const
const FIRST_NAMES_M = [
  'Jean',
  'Pierre',
  'Lucas',
  'Hugo',
  'Louis',
  'Gabriel',
  'Arthur',
  'Jules',
  'Nathan',
  'Léo',
  'Raphaël',
  'Adam',
  'Théo',
  'Maël',
  'Noé',
  'Étienne',
  'François',
  'Jérôme',
  'Stéphane',
  'Frédéric',
  'Sébastien',
  'Olivier',
  'Nicolas',
  'Benoît',
  'Mathéo',
  'Timothée',
  'Clément',
  'Rémi',
] as const
const STREETS = [
  'rue des Fleurs',
  'avenue de la Mer',
  'chemin des Vignes',
  'boulevard des Pins',
  'rue Victor Hugo',
  'place de la République',
  'impasse des Oliviers',
  'rue Jean Jaurès',
  'allée des Mimosas',
  'route de la Corniche',
  'rue de l’Église',
  'avenue du Général de Gaulle',
] as const
const TOWNS: Record<
  'conservatoire' | 'antenne',
  readonly [[string, string], ...[string, string][]]
> = {
  conservatoire: [
    ['83310', 'COGOLIN'],
    ['83310', 'GRIMAUD'],
    ['83990', 'SAINT-TROPEZ'],
    ['83580', 'GASSIN'],
    ['83350', 'RAMATUELLE'],
    ['83680', 'LA GARDE-FREINET'],
  ],
  antenne: [
    ['83120', 'SAINTE-MAXIME'],
    ['83120', 'LE PLAN-DE-LA-TOUR'],
    ['83380', 'LES ISSAMBRES'],
  ],
}
const PROFESSIONS = [
  'Enseignant',
  'Infirmière',
  'Ingénieur',
  'Commerçant',
  'Artisan',
  'Agent administratif',
  'Médecin',
  'Sans profession',
  'Retraité',
  'Cadre',
  'Employé',
  'Agriculteur',
] as const
// The school years of the demo's pupils: CP to Terminale, as the forms offer them.
const SCHOOL_LEVELS = ALL_SCHOOL_LEVELS.slice(
  ALL_SCHOOL_LEVELS.indexOf('CP'),
  ALL_SCHOOL_LEVELS.indexOf('Terminale') + 1,
)

interface Counters {
  family: number
  guardian: number
  pupil: number
}

/** Identifiants: the family name folded, plus the next free number on that site (dupont1, dupont2). */
class LoginBook {
  private readonly next = new Map<string, number>()

  take(siteId: number, lastName: string): string {
    const stem = foldForSearch(lastName).replace(/[^a-z]/g, '') || 'famille'
    const key = `${siteId}:${stem}`
    const n = (this.next.get(key) ?? 0) + 1
    this.next.set(key, n)
    return `${stem}${n}`
  }
}

interface DemoGuardian {
  civility: 'Monsieur' | 'Madame'
  lastName: string
  firstName: string
  profession?: string
  address?: string
  postalCode?: string
  city?: string
  phoneWork?: string
  phoneMobile?: string
  phoneHome?: string
  email: string
  maritalStatus?: string
}

interface DemoPupil {
  civility: 'Monsieur' | 'Madame'
  lastName: string
  firstName: string
  birthDate: string
  birthPlace?: string
  schoolLevel?: string
  isGuardianRank?: 1 | 2
  useGuardianAddress?: boolean
}

interface DemoFamily {
  siteId: number
  guardians: [DemoGuardian, ...DemoGuardian[]]
  pupils: DemoPupil[]
}

function phone(rand: () => number, prefix: string): string {
  const digits = Array.from({ length: 4 }, () => String(Math.floor(rand() * 100)).padStart(2, '0'))
  return `${prefix} ${digits.join(' ')}`
}

function pick<T>(rand: () => number, list: readonly [T, ...T[]]): T {
  return list[Math.floor(rand() * list.length)] ?? list[0]
}

function generatedFamily(rand: () => number, index: number, sites: [number, number]): DemoFamily {
  const antenne = rand() < 0.2
  const siteId = antenne ? sites[1] : sites[0]
  const [postalCode, city] = pick(rand, TOWNS[antenne ? 'antenne' : 'conservatoire'])
  const lastName = pick(rand, LAST_NAMES)
  const address = `${1 + Math.floor(rand() * 120)} ${pick(rand, STREETS)}`
  const twoGuardians = rand() < 0.55
  const mother: DemoGuardian = {
    civility: 'Madame',
    lastName,
    firstName: pick(rand, FIRST_NAMES_F),
    profession: pick(rand, PROFESSIONS),
    address,
    postalCode,
    city,
    phoneMobile: phone(rand, '06'),
    email: '',
    maritalStatus: twoGuardians ? 'Marié(e)' : 'Célibataire',
  }
  const father: DemoGuardian = {
    civility: 'Monsieur',
    lastName,
    firstName: pick(rand, FIRST_NAMES_M),
    profession: pick(rand, PROFESSIONS),
    address,
    postalCode,
    city,
    phoneMobile: phone(rand, '07'),
    email: '',
    maritalStatus: 'Marié(e)',
  }
  const guardians: DemoFamily['guardians'] = twoGuardians
    ? [mother, father]
    : [rand() < 0.7 ? mother : father]
  guardians.forEach((g, i) => {
    g.email = `${foldForSearch(g.firstName).replace(/[^a-z]/g, '')}.${foldForSearch(lastName).replace(/[^a-z]/g, '')}${index}${i ? 'b' : ''}@example.org`
  })
  const pupilCount = 1 + Math.floor(rand() * 3)
  const pupils: DemoPupil[] = Array.from({ length: pupilCount }, () => {
    const girl = rand() < 0.5
    const year = 2008 + Math.floor(rand() * 14)
    const month = String(1 + Math.floor(rand() * 12)).padStart(2, '0')
    const day = String(1 + Math.floor(rand() * 28)).padStart(2, '0')
    return {
      civility: girl ? 'Madame' : 'Monsieur',
      lastName,
      firstName: pick(rand, girl ? FIRST_NAMES_F : FIRST_NAMES_M),
      birthDate: `${year}-${month}-${day}`,
      birthPlace: city,
      schoolLevel: year >= 2009 ? (SCHOOL_LEVELS[Math.min(11, 2020 - year)] ?? '') : '',
      useGuardianAddress: true,
    }
  })
  return { siteId, guardians, pupils }
}

/** The families named in DESIGN.md, always present and always the same. */
function namedFamilies(conservatoire: number, antenne: number): DemoFamily[] {
  return [
    {
      siteId: conservatoire,
      guardians: [
        {
          civility: 'Monsieur',
          lastName: 'DUPONT',
          firstName: 'Gérard',
          address: '15 rue des Fleurs',
          postalCode: '29170',
          city: 'FOUESNANT',
          email: 'gerard.dupont@example.org',
          maritalStatus: 'Marié(e)',
        },
        {
          civility: 'Madame',
          lastName: 'DUPONT',
          firstName: 'Claire',
          address: '15 rue des Fleurs',
          postalCode: '29170',
          city: 'FOUESNANT',
          email: 'claire.dupont@example.org',
          maritalStatus: 'Marié(e)',
        },
      ],
      pupils: [
        {
          civility: 'Monsieur',
          lastName: 'DUPONT',
          firstName: 'Gérard',
          birthDate: '1960-05-03',
          isGuardianRank: 1,
          useGuardianAddress: true,
        },
        {
          civility: 'Madame',
          lastName: 'DUPONT',
          firstName: 'Léa',
          birthDate: '2014-03-12',
          birthPlace: 'Quimper (29)',
          schoolLevel: 'CM2',
          useGuardianAddress: true,
        },
      ],
    },
    {
      siteId: conservatoire,
      guardians: [
        {
          civility: 'Madame',
          lastName: 'ABOLANT',
          firstName: 'Jocelyne',
          profession: 'Cadre de la fonction publique',
          address: '8 avenue des Pins',
          postalCode: '83310',
          city: 'COGOLIN',
          email: 'jocelyne.abolant@example.org',
        },
      ],
      pupils: [
        {
          civility: 'Monsieur',
          lastName: 'ABOLANT',
          firstName: 'Adrien',
          birthDate: '1995-09-14',
          birthPlace: 'Meaux (77)',
          schoolLevel: 'Terminale',
          useGuardianAddress: true,
        },
      ],
    },
    {
      siteId: antenne,
      guardians: [
        {
          civility: 'Madame',
          lastName: 'TORRICE',
          firstName: 'Emilie',
          postalCode: '83120',
          city: 'SAINTE MAXIME',
          phoneWork: '04 98 12 29 74',
          email: 'emilie.torrice@example.org',
        },
      ],
      pupils: [
        {
          civility: 'Madame',
          lastName: 'TORRICE',
          firstName: 'Emilie',
          birthDate: '1982-06-21',
          isGuardianRank: 1,
          useGuardianAddress: true,
        },
      ],
    },
    {
      siteId: antenne,
      guardians: [
        {
          civility: 'Monsieur',
          lastName: 'DUPONT',
          firstName: 'Marc',
          address: '3 rue Jean Aicard',
          postalCode: '83120',
          city: 'SAINTE-MAXIME',
          phoneMobile: '06 12 34 56 78',
          email: 'marc.dupont@example.org',
        },
      ],
      pupils: [
        {
          civility: 'Monsieur',
          lastName: 'DUPONT',
          firstName: 'Hugo',
          birthDate: '2012-11-02',
          birthPlace: 'Fréjus (83)',
          schoolLevel: '4e',
          useGuardianAddress: true,
        },
      ],
    },
  ]
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
