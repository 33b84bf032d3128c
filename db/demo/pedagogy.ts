// The demo conservatoire's pedagogy: three school years, disciplines, cursus and cycles, teachers,
// the courses of each year (copied year to year as createNextSchoolYear does), the pupils'
// enrolments of the current year and part of their history, with absences, évaluations, suivi and
// répertoire. Every row is made here in memory from a seeded random (the same demo on every run)
// and written with batchInsert: no service call per pupil, so that 20 000 families load fast.
import type { Trx } from '../connection.ts'
import { seededRandom } from './generator.ts'

type Rand = () => number

function pick<T>(rand: Rand, list: readonly T[]): T {
  const item = list[Math.floor(rand() * list.length)]
  if (item === undefined) throw new Error('pick from an empty list')
  return item
}

/** The years of the demo, oldest first; the last one is current (inserted by index.ts). */
const YEARS = [
  { label: '2024/2025', startsOn: '2024-09-01', endsOn: '2025-07-04' },
  { label: '2025/2026', startsOn: '2025-09-01', endsOn: '2026-07-04' },
  { label: '2026/2027', startsOn: '2026-09-01', endsOn: '2027-07-04' },
] as const

const DISCIPLINES: Record<string, string[]> = {
  Musique: [
    'Trompette',
    'Trombone',
    'Cor',
    'Tuba',
    'Piano',
    'Violon',
    'Violoncelle',
    'Flûte traversière',
    'Clarinette',
    'Saxophone',
    'Guitare',
    'Batterie',
    'Chant',
    'Formation musicale',
    'Ensemble de cuivres',
    'Orchestre',
    'Chorale',
    'Jazz',
  ],
  Danse: ['Classique adulte', 'Danse classique', 'Danse contemporaine', 'Éveil danse'],
  Théâtre: ['Théâtre', 'Improvisation'],
}

/** The instruments taught one pupil at a time. */
const INSTRUMENTS = [
  'Piano',
  'Violon',
  'Guitare',
  'Flûte traversière',
  'Trompette',
  'Clarinette',
  'Saxophone',
  'Violoncelle',
  'Batterie',
  'Chant',
  'Trombone',
  'Cor',
  'Tuba',
] as const

const DIPLOMA_CYCLES = [
  '1C1',
  '1C2',
  '1C3',
  '1C4',
  '2C1',
  '2C2',
  '2C3',
  '2C4',
  '3C1',
  '3C2',
  '3C3',
] as const

const CURSUS: { name: string; department: string; cycles: [string, string][] }[] = [
  {
    name: 'Musique cursus diplômant',
    department: 'Musique',
    cycles: DIPLOMA_CYCLES.map((c) => [c, `Cycle ${c[0]}, ${c[2]}e année`]),
  },
  { name: 'Musique hors cursus', department: 'Musique', cycles: [['HC', 'Hors cursus']] },
  { name: 'Parcours personnalisé', department: 'Musique', cycles: [['PP', 'Parcours']] },
  {
    name: 'Danse hors cursus',
    department: 'Danse',
    cycles: [
      ['Danse Enf', 'Enfants'],
      ['Danse Ado', 'Adolescents'],
      ['Danse Ad', 'Adultes'],
    ],
  },
  {
    name: 'Théâtre',
    department: 'Théâtre',
    cycles: [
      ['T1', 'Théâtre, 1re année'],
      ['T2', 'Théâtre, 2e année'],
      ['T3', 'Théâtre, 3e année'],
    ],
  },
]

/** [civility, last name, first name, disciplines]; BRANTOME and BAMELONG are DESIGN.md's. */
const TEACHERS: [string, string, string, string[]][] = [
  ['Monsieur', 'BRANTOME', 'Gilles', ['Trompette', 'Formation musicale']],
  ['Monsieur', 'BAMELONG', 'Thomas', ['Ensemble de cuivres', 'Trombone', 'Trompette']],
  ['Madame', 'LEROUX', 'Isabelle', ['Piano']],
  ['Monsieur', 'FAURE', 'Antoine', ['Piano', 'Jazz']],
  ['Madame', 'CHEVALIER', 'Camille', ['Piano']],
  ['Madame', 'ROCHE', 'Nathalie', ['Piano', 'Formation musicale']],
  ['Madame', 'BLANC', 'Aurélie', ['Violon', 'Orchestre']],
  ['Monsieur', 'GARNIER', 'Lucas', ['Violon']],
  ['Madame', 'PERRIN', 'Hélène', ['Violoncelle']],
  ['Madame', 'MOREL', 'Julie', ['Flûte traversière']],
  ['Monsieur', 'LAMBERT', 'Olivier', ['Flûte traversière', 'Formation musicale']],
  ['Monsieur', 'FONTAINE', 'Nicolas', ['Clarinette']],
  ['Monsieur', 'ROUSSEL', 'Damien', ['Saxophone', 'Jazz']],
  ['Monsieur', 'MERCIER', 'Yann', ['Guitare']],
  ['Madame', 'BOYER', 'Émilie', ['Guitare']],
  ['Monsieur', 'GAUTHIER', 'Pierre', ['Guitare', 'Jazz']],
  ['Monsieur', 'BRUN', 'Sébastien', ['Batterie']],
  ['Madame', 'RENAUD', 'Céline', ['Chant', 'Chorale']],
  ['Madame', 'GIRARD', 'Sandrine', ['Chant']],
  ['Monsieur', 'MASSON', 'Vincent', ['Cor']],
  ['Monsieur', 'DENIS', 'Frédéric', ['Tuba', 'Ensemble de cuivres']],
  ['Madame', 'LEMAIRE', 'Sophie', ['Formation musicale']],
  ['Madame', 'DUVAL', 'Claire', ['Formation musicale']],
  ['Monsieur', 'JOLY', 'Mathieu', ['Formation musicale', 'Chorale']],
  ['Madame', 'LEFEVRE', 'Anne', ['Formation musicale']],
  ['Monsieur', 'CARON', 'Benoît', ['Orchestre', 'Violon']],
  ['Madame', 'BARBIER', 'Laure', ['Piano']],
  ['Madame', 'ARNAUD', 'Marion', ['Classique adulte', 'Danse classique']],
  ['Madame', 'SCHMITT', 'Élodie', ['Danse classique', 'Éveil danse']],
  ['Madame', 'COLIN', 'Manon', ['Danse contemporaine']],
  ['Monsieur', 'VIDAL', 'Romain', ['Danse contemporaine', 'Classique adulte']],
  ['Madame', 'AUBERT', 'Pauline', ['Éveil danse', 'Danse classique']],
  ['Monsieur', 'LEGRAND', 'Julien', ['Théâtre', 'Improvisation']],
  ['Madame', 'HUET', 'Caroline', ['Théâtre']],
  ['Monsieur', 'PICARD', 'Alexandre', ['Improvisation', 'Théâtre']],
  ['Madame', 'NOEL', 'Valérie', ['Violon', 'Formation musicale']],
  ['Monsieur', 'MEYER', 'Laurent', ['Clarinette', 'Saxophone']],
  ['Madame', 'RIVIERE', 'Agnès', ['Piano', 'Chant']],
  ['Monsieur', 'DUMAS', 'Patrick', ['Trompette', 'Jazz']],
  ['Madame', 'MARCHAND', 'Delphine', ['Flûte traversière']],
]

const ROOMS: Record<number, string[]> = {
  1: [
    'Salle 1',
    'Salle 2',
    'Salle 3',
    'Salle 4',
    'Salle 5',
    'Salle 6',
    'Salle 7',
    'Salle 8',
    'Salle 9',
    'Salle 10',
    'Auditorium',
  ],
  2: ['Salle A', 'Salle B', 'Salle C'],
}
const DANCE_ROOMS: Record<number, string> = { 1: 'Studio de danse', 2: 'Studio' }

/** The works of the répertoire, [composer, title], by the instruments that play them. */
const BRASS: [string, string][] = [
  ['Joseph Haydn', 'Concerto pour trompette en mi bémol majeur'],
  ['Johann Nepomuk Hummel', 'Concerto pour trompette'],
  ['Jean-Baptiste Arban', 'Carnaval de Venise'],
  ['Alexandre Arutunian', 'Concerto pour trompette'],
  ['Théo Charlier', 'Études transcendantes, no 2'],
  ['Camille Saint-Saëns', 'Cavatine, op. 144'],
]
const WORKS_BY_DISCIPLINE: Record<string, [string, string][]> = {
  Trompette: BRASS,
  Trombone: BRASS,
  Cor: BRASS,
  Tuba: BRASS,
  'Ensemble de cuivres': BRASS,
  Piano: [
    ['Jean-Sébastien Bach', 'Prélude en do majeur, BWV 846'],
    ['Wolfgang Amadeus Mozart', 'Sonate en do majeur, K. 545'],
    ['Claude Debussy', 'Clair de lune'],
    ['Erik Satie', 'Gymnopédie no 1'],
    ['Frédéric Chopin', 'Valse en la mineur'],
    ['Robert Schumann', 'Scènes d’enfants'],
    ['Béla Bartók', 'Mikrokosmos, extraits'],
  ],
  Violon: [
    ['Antonio Vivaldi', 'Le Printemps'],
    ['Jean-Sébastien Bach', 'Concerto pour violon en la mineur, BWV 1041'],
    ['Gabriel Fauré', 'Berceuse, op. 16'],
    ['Fritz Kreisler', 'Liebesleid'],
  ],
  Violoncelle: [
    ['Camille Saint-Saëns', 'Le Cygne'],
    ['Gabriel Fauré', 'Élégie, op. 24'],
    ['Jean-Sébastien Bach', 'Suite no 1, prélude'],
  ],
  'Flûte traversière': [
    ['Francis Poulenc', 'Sonate pour flûte et piano'],
    ['Gabriel Fauré', 'Sicilienne, op. 78'],
    ['Claude Debussy', 'Syrinx'],
  ],
  Clarinette: [
    ['Wolfgang Amadeus Mozart', 'Concerto pour clarinette, K. 622'],
    ['Francis Poulenc', 'Sonate pour clarinette et piano'],
    ['Gabriel Pierné', 'Canzonetta'],
  ],
  Saxophone: [
    ['Darius Milhaud', 'Scaramouche'],
    ['Paul Bonneau', 'Suite pour saxophone'],
    ['Duke Ellington', 'Take the A Train'],
  ],
  Guitare: [
    ['Heitor Villa-Lobos', 'Prélude no 1'],
    ['Fernando Sor', 'Étude en si mineur'],
    ['Francisco Tárrega', 'Recuerdos de la Alhambra'],
  ],
  Batterie: [
    ['Duke Ellington', 'Take the A Train'],
    ['Miles Davis', 'So What'],
    ['Dave Brubeck', 'Take Five'],
  ],
  Chant: [
    ['Gabriel Fauré', 'Après un rêve'],
    ['Georges Bizet', 'Habanera'],
    ['Wolfgang Amadeus Mozart', 'Voi che sapete'],
  ],
}
/** Any other discipline's works. */
const WORKS: [string, string][] = [
  ['Maurice Ravel', 'Pavane pour une infante défunte'],
  ['Gabriel Fauré', 'Pavane, op. 50'],
  ['Georges Bizet', 'L’Arlésienne, farandole'],
]

const SUIVI_TEXTS = [
  'Bon travail régulier, à poursuivre.',
  'Attention à la posture et à la respiration.',
  'Travail personnel insuffisant ce trimestre.',
  'Progrès nets en lecture.',
  'Très investi(e) dans le travail d’ensemble.',
  'Rythme à consolider.',
]
/** What a jury writes, by mark out of 20: from 16, from 13, from 10, below. */
const APPRECIATIONS: [number, string[]][] = [
  [16, ['Très bonne prestation.', 'Très belle sonorité, musicalité affirmée.']],
  [13, ['Travail sérieux.', 'Bonne musicalité, justesse à travailler.']],
  [10, ['Des progrès, à confirmer.', 'Ensemble correct, rythme à consolider.']],
  [0, ['Prestation fragile.', 'Travail personnel à intensifier.']],
]
const appreciationOf = (mark: number, rand: () => number) =>
  pick(rand, APPRECIATIONS.find(([from]) => mark >= from)?.[1] ?? ['Travail sérieux.'])
const ABSENCE_REASONS = ['Maladie', 'Voyage scolaire', 'Rendez-vous médical', '']
const JURY = 'Mme VIDAL (direction), M. BRANTOME, jury extérieur'

/** Minutes after the first hour of the day a course may start at. */
const HOUR_OFFSETS = [0, 60, 90, 150, 180, 240, 300]

interface Course {
  id: number
  site: number
  discipline: string
  teacher: number
  label: string
  kind: 'individuel' | 'collectif'
  weekday: number
  start: string
  duration: number
  room: string
  capacity: number
  amenages: boolean
  /** The pupils of the current year. */
  taken: number
}

/** A pupil's line of a year: the course and, when in a cursus, its cursus and cycle. */
interface Line {
  course: Course
  cursus: string | null
  cycle: string | null
}

export interface DemoPedagogyCounts {
  schoolYears: number
  disciplines: number
  cursus: number
  cycles: number
  teachers: number
  coursesPerYear: number
  enrolments: number
  evaluations: number
  absences: number
  suiviNotes: number
  repertoireWorks: number
}

/** "1er", "2e", "3e" from "1C", "2C", "3C". */
function ordinal(level: string): string {
  return level.startsWith('1') ? '1er' : `${level[0] ?? ''}e`
}

function time(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4))
  return birthDate.slice(5) > day.slice(5) ? years - 1 : years
}

/**
 * Loads the pedagogy of the demo: called by loadDemo in its transaction, after the sites, the
 * staff, the current year 2026/2027 and the families.
 */
export async function loadDemoPedagogy(trx: Trx, now: string): Promise<DemoPedagogyCounts> {
  const rand = seededRandom(1128)
  const stamp = { created_at: now, updated_at: now }

  // School years: the two before the current one.
  await trx('school_years').insert(
    YEARS.slice(0, 2).map((y) => ({
      label: y.label,
      starts_on: y.startsOn,
      ends_on: y.endsOn,
      is_current: false,
    })),
  )
  const yearRows = await trx('school_years').select<{ id: number; label: string }[]>('id', 'label')
  const yearIds = YEARS.map((y) => {
    const row = yearRows.find((r) => r.label === y.label)
    if (!row) throw new Error(`demo: no school year ${y.label}`)
    return row.id
  })

  // Disciplines, cursus and cycles (the departments come with the migration).
  const departments = new Map(
    (await trx('departments').select<{ id: number; name: string }[]>('id', 'name')).map((d) => [
      d.name,
      d.id,
    ]),
  )
  const departmentId = (name: string): number => {
    const id = departments.get(name)
    if (id === undefined) throw new Error(`demo: no department ${name}`)
    return id
  }
  const disciplineIds = new Map<string, number>()
  const disciplineRows: object[] = []
  for (const [department, names] of Object.entries(DISCIPLINES)) {
    for (const name of names) {
      disciplineIds.set(name, disciplineRows.length + 1)
      disciplineRows.push({
        id: disciplineRows.length + 1,
        department_id: departmentId(department),
        name,
        ...stamp,
      })
    }
  }
  await trx.batchInsert('disciplines', disciplineRows, 100)
  const cursusIds = new Map<string, number>()
  const cycleIds = new Map<string, number>() // "cursus|code"
  const cycleRows: { id: number; next_cycle_id: number | null }[] = []
  const cycleInserts: object[] = []
  CURSUS.forEach((c, i) => {
    cursusIds.set(c.name, i + 1)
    c.cycles.forEach(([code, label], position) => {
      const id = cycleInserts.length + 1
      cycleIds.set(`${c.name}|${code}`, id)
      const next = position + 1 < c.cycles.length ? id + 1 : null
      cycleRows.push({ id, next_cycle_id: next })
      cycleInserts.push({ id, cursus_id: i + 1, code, label, position: position + 1, ...stamp })
    })
  })
  await trx('cursus').insert(
    CURSUS.map((c, i) => ({
      id: i + 1,
      department_id: departmentId(c.department),
      name: c.name,
      ...stamp,
    })),
  )
  await trx.batchInsert('cycles', cycleInserts, 100)
  for (const row of cycleRows) {
    if (row.next_cycle_id)
      await trx('cycles').where({ id: row.id }).update({ next_cycle_id: row.next_cycle_id })
  }

  // Teachers; T. BAMELONG is the staff account "enseignant".
  const teacherStaff = await trx('staff_users')
    .where({ login: 'enseignant' })
    .first<{ id: number } | undefined>('id')
  await trx.batchInsert(
    'teachers',
    TEACHERS.map(([civility, last, first], i) => ({
      id: i + 1,
      civility,
      last_name: last,
      first_name: first,
      email: `${first
        .normalize('NFD')
        .replace(/[^a-zA-Z]/g, '')
        .toLowerCase()}.${last.toLowerCase()}@example.org`,
      phone: `06 ${String(10 + i).padStart(2, '0')} 2${i % 10} 3${(i * 7) % 10} 4${(i * 3) % 10}`,
      staff_user_id: last === 'BAMELONG' ? (teacherStaff?.id ?? null) : null,
      ...stamp,
    })),
    100,
  )
  await trx.batchInsert(
    'teacher_disciplines',
    TEACHERS.flatMap(([, , , names], i) =>
      names.map((name) => ({ teacher_id: i + 1, discipline_id: disciplineIds.get(name) })),
    ),
    200,
  )
  const teachersOf = new Map<string, number[]>()
  TEACHERS.forEach(([, , , names], i) => {
    for (const name of names) teachersOf.set(name, [...(teachersOf.get(name) ?? []), i + 1])
  })

  // Courses of the current year: a base of ~150, plus more groups when pupils fill them.
  const courses: Course[] = []
  const groups = new Map<string, Course[]>() // "site|key" → courses taking the same pupils
  const slots = new Map<number, number>() // teacher → next slot (minutes in the week)
  const roomTurn = { 1: 0, 2: 0 } as Record<number, number>
  function addCourse(
    site: number,
    key: string,
    spec: {
      discipline: string
      label: string
      kind: 'individuel' | 'collectif'
      duration: number
      capacity: number
      dance?: boolean
      amenages?: boolean
    },
  ): Course {
    const teacherList = teachersOf.get(spec.discipline) ?? [1]
    const existing = groups.get(`${site}|${key}`) ?? []
    const teacher = teacherList[existing.length % teacherList.length] ?? 1
    // Weekday 1–6 in turn per teacher, from 14:00 (9:00 on Wednesday and Saturday).
    const slot = slots.get(teacher) ?? 0
    slots.set(teacher, slot + 1)
    // Monday to Saturday in turn (from a day of the teacher's own), at one of the hours of the
    // afternoon (of the morning on Wednesday and Saturday), so that the week fills evenly.
    const weekday = 1 + ((slot + teacher) % 6)
    const first = weekday === 3 || weekday === 6 ? 9 * 60 : 14 * 60
    const start = first + (HOUR_OFFSETS[(teacher * 3 + Math.floor(slot / 6) * 2) % 7] ?? 0)
    const rooms = ROOMS[site] ?? ['Salle 1']
    const room = spec.dance
      ? (DANCE_ROOMS[site] ?? 'Studio')
      : (rooms[(roomTurn[site] = (roomTurn[site] ?? 0) + 1) % rooms.length] ?? 'Salle 1')
    const course: Course = {
      id: courses.length + 1,
      site,
      discipline: spec.discipline,
      teacher,
      label: spec.label,
      kind: spec.kind,
      weekday,
      start: time(start),
      duration: spec.duration,
      room,
      capacity: spec.capacity,
      amenages: Boolean(spec.amenages),
      taken: 0,
    }
    courses.push(course)
    existing.push(course)
    groups.set(`${site}|${key}`, existing)
    return course
  }
  const specs = new Map<string, Parameters<typeof addCourse>[2]>()
  function define(key: string, spec: Parameters<typeof addCourse>[2], perSite: [number, number]) {
    specs.set(key, spec)
    for (let i = 0; i < perSite[0]; i++) addCourse(1, key, spec)
    for (let i = 0; i < perSite[1]; i++) addCourse(2, key, spec)
  }
  // Trompette — 3e cycle at the Conservatoire is G. BRANTOME's (the first teacher of the
  // discipline): ABOLANT Adrien's course.
  for (const instrument of INSTRUMENTS) {
    const many = ['Piano', 'Violon', 'Guitare', 'Flûte traversière'].includes(instrument)
    for (const level of ['1C', '2C', '3C']) {
      define(
        `${instrument}|${level}`,
        {
          discipline: instrument,
          label: `${instrument} — ${ordinal(level)} cycle`,
          kind: 'individuel',
          duration: level === '1C' ? 30 : level === '2C' ? 45 : 60,
          capacity: 10,
        },
        [many || level === '1C' ? 2 : 1, many && level !== '3C' ? 1 : 0],
      )
    }
    define(
      `${instrument}|HC`,
      {
        discipline: instrument,
        label: `${instrument} — hors cursus`,
        kind: 'individuel',
        duration: 30,
        capacity: 10,
      },
      [1, many ? 1 : 0],
    )
  }
  for (const level of ['1C', '2C', '3C']) {
    define(
      `FM|${level}`,
      {
        discipline: 'Formation musicale',
        label: `Formation musicale — ${ordinal(level)} cycle`,
        kind: 'collectif',
        duration: level === '1C' ? 60 : 90,
        capacity: 20,
        amenages: level === '1C',
      },
      [level === '3C' ? 1 : level === '2C' ? 4 : 5, level === '3C' ? 0 : 2],
    )
  }
  define(
    'Cuivres',
    {
      discipline: 'Ensemble de cuivres',
      label: 'Ensemble de cuivres',
      kind: 'collectif',
      duration: 90,
      capacity: 25,
    },
    [1, 0],
  )
  define(
    'Orchestre',
    {
      discipline: 'Orchestre',
      label: 'Orchestre à cordes',
      kind: 'collectif',
      duration: 90,
      capacity: 30,
    },
    [1, 0],
  )
  define(
    'Chorale',
    { discipline: 'Chorale', label: 'Chorale', kind: 'collectif', duration: 60, capacity: 30 },
    [1, 1],
  )
  define(
    'Jazz',
    { discipline: 'Jazz', label: 'Atelier jazz', kind: 'collectif', duration: 90, capacity: 12 },
    [1, 0],
  )
  define(
    'PP',
    {
      discipline: 'Piano',
      label: 'Parcours personnalisé — piano',
      kind: 'individuel',
      duration: 30,
      capacity: 8,
    },
    [1, 0],
  )
  define(
    'Danse Enf',
    {
      discipline: 'Danse classique',
      label: 'Danse classique enfants',
      kind: 'collectif',
      duration: 60,
      capacity: 20,
      dance: true,
    },
    [3, 2],
  )
  define(
    'Eveil',
    {
      discipline: 'Éveil danse',
      label: 'Éveil danse',
      kind: 'collectif',
      duration: 45,
      capacity: 16,
      dance: true,
    },
    [1, 1],
  )
  define(
    'Danse Ado',
    {
      discipline: 'Danse contemporaine',
      label: 'Danse contemporaine ados',
      kind: 'collectif',
      duration: 90,
      capacity: 20,
      dance: true,
    },
    [2, 1],
  )
  define(
    'Danse Ad',
    {
      discipline: 'Classique adulte',
      label: 'Classique adulte',
      kind: 'collectif',
      duration: 90,
      capacity: 20,
      dance: true,
    },
    [1, 1],
  )
  define(
    'Th enf',
    {
      discipline: 'Théâtre',
      label: 'Théâtre enfants',
      kind: 'collectif',
      duration: 90,
      capacity: 15,
    },
    [2, 1],
  )
  define(
    'Th ado',
    {
      discipline: 'Théâtre',
      label: 'Théâtre adolescents',
      kind: 'collectif',
      duration: 120,
      capacity: 15,
    },
    [2, 1],
  )
  define(
    'Th ad',
    {
      discipline: 'Improvisation',
      label: 'Théâtre adultes — improvisation',
      kind: 'collectif',
      duration: 120,
      capacity: 15,
    },
    [1, 1],
  )

  /** A course of the group with room (the emptiest first seen), a new group when all are full. */
  function seat(site: number, key: string): Course {
    const list = groups.get(`${site}|${key}`) ?? groups.get(`1|${key}`) ?? []
    const start = Math.floor(rand() * Math.max(1, list.length))
    for (let i = 0; i < list.length; i++) {
      const c = list[(start + i) % list.length]
      if (c && c.site === site && c.taken < c.capacity) {
        c.taken++
        return c
      }
    }
    const spec = specs.get(key)
    if (!spec) throw new Error(`demo: no course ${key}`)
    const c = addCourse(site, key, spec)
    c.taken++
    return c
  }

  // The pupils: named ones by name, the others by their age and site.
  const pupils = await trx('pupils')
    .join('families', 'families.id', 'pupils.family_id')
    .orderBy('pupils.id')
    .select<
      {
        id: number
        last_name: string
        first_name: string
        birth_date: string
        site_id: number
        family_id: number
      }[]
    >(
      'pupils.id',
      'pupils.last_name',
      'pupils.first_name',
      'pupils.birth_date',
      'families.site_id',
      'pupils.family_id',
    )
  const lines = new Map<number, [Line[], Line[], Line[]]>() // pupil → lines per year (oldest first)
  const exams: {
    pupil: number
    year: number
    lineIndex: number
    cycle: string
    result: 'admis' | 'non_admis'
  }[] = []
  const diplome = 'Musique cursus diplômant'
  const named = new Map(
    pupils
      .filter((p) => p.family_id <= 4)
      .map((p) => [`${p.last_name} ${p.first_name}|${p.family_id}`, p]),
  )
  const namedIds = new Set<number>()
  const take = (name: string, familyId: number): number | null => {
    const p = named.get(`${name}|${familyId}`)
    if (p) namedIds.add(p.id)
    return p?.id ?? null
  }
  // ABOLANT Adrien: cursus diplômant 3C3, Trompette with G. BRANTOME, Ensemble de cuivres with
  // T. BAMELONG; before: 3C2 and 3C1.
  const adrien = take('ABOLANT Adrien', 2)
  const trumpet3 = (groups.get('1|Trompette|3C') ?? []).find(
    (c) => TEACHERS[c.teacher - 1]?.[1] === 'BRANTOME',
  )
  const brass = (groups.get('1|Cuivres') ?? []).find(
    (c) => TEACHERS[c.teacher - 1]?.[1] === 'BAMELONG',
  )
  if (adrien && trumpet3 && brass) {
    trumpet3.taken++
    brass.taken++
    const year = (cycle: string): Line[] => [
      { course: trumpet3, cursus: diplome, cycle },
      { course: brass, cursus: diplome, cycle },
    ]
    lines.set(adrien, [year('3C1'), year('3C2'), year('3C3')])
  }
  const emilie = take('TORRICE Emilie', 3)
  if (emilie) {
    const dance = seat(2, 'Danse Ad')
    const line: Line = { course: dance, cursus: 'Danse hors cursus', cycle: 'Danse Ad' }
    lines.set(emilie, [[], [line], [line]])
  }
  // DUPONT Léa: piano and formation musicale in the first cycle, 1C1 then 1C2, now 1C3.
  const lea = take('DUPONT Léa', 1)
  if (lea) {
    const piano = seat(1, 'Piano|1C')
    const fm = seat(1, 'FM|1C')
    const year = (cycle: string): Line[] => [
      { course: piano, cursus: diplome, cycle },
      { course: fm, cursus: diplome, cycle },
    ]
    lines.set(lea, [year('1C1'), year('1C2'), year('1C3')])
  }
  take('DUPONT Gérard', 1) // an adult pupil with no course yet
  const hugo = take('DUPONT Hugo', 4)
  if (hugo)
    lines.set(hugo, [[], [], [{ course: seat(2, 'Guitare|1C'), cursus: diplome, cycle: '1C2' }]])

  const currentStart = YEARS[2].startsOn
  for (const p of pupils) {
    if (namedIds.has(p.id)) continue
    const age = ageOn(p.birth_date, currentStart)
    const site = p.site_id
    const r = rand()
    const years: [Line[], Line[], Line[]] = [[], [], []]
    const history = rand() < 0.55 ? (rand() < 0.5 ? 2 : 1) : 0
    if (age < 7) {
      years[2].push({
        course: seat(site, r < 0.6 ? 'Eveil' : 'FM|1C'),
        cursus: r < 0.6 ? 'Danse hors cursus' : diplome,
        cycle: r < 0.6 ? 'Danse Enf' : '1C1',
      })
    } else if (age < 18 && r < 0.62) {
      // Cursus diplômant: instrument + formation musicale (1st and 2nd cycles), some in an ensemble.
      const instrument = pick(
        rand,
        site === 2 ? (['Piano', 'Violon', 'Guitare', 'Flûte traversière'] as const) : INSTRUMENTS,
      )
      let index = Math.min(
        DIPLOMA_CYCLES.length - 1,
        Math.max(0, Math.floor((age - 7) * 0.9 + rand() * 2 - 1)),
      )
      const cycles: string[] = []
      const repeats = index > 0 && rand() < 0.04 // stays in the same cycle after a failed exam
      for (let back = 0; back <= history; back++) {
        const k = repeats && back > 0 ? index - back + 1 : index - back
        cycles.unshift(DIPLOMA_CYCLES[Math.max(0, k)] ?? '1C1')
      }
      index = Math.max(0, index)
      const level = (cycle: string) => cycle.slice(0, 2)
      const code = DIPLOMA_CYCLES[index] ?? '1C1'
      const instrumentCourse = seat(site, `${instrument}|${level(code)}`)
      const fm = level(code) !== '3C' || rand() < 0.3 ? seat(site, `FM|${level(code)}`) : null
      const ensemble =
        index >= 4 && site === 1 && rand() < 0.4
          ? seat(
              1,
              ['Trompette', 'Trombone', 'Cor', 'Tuba'].includes(instrument)
                ? 'Cuivres'
                : ['Violon', 'Violoncelle'].includes(instrument)
                  ? 'Orchestre'
                  : 'Chorale',
            )
          : null
      const yearLines = (cycle: string): Line[] =>
        [instrumentCourse, fm, ensemble]
          .filter((c): c is Course => c !== null)
          .map((course) => ({ course, cursus: diplome, cycle }))
      cycles.forEach((cycle, i) => {
        years[2 - (cycles.length - 1 - i)] = yearLines(cycle)
      })
      // The end-of-cycle exam of the year before: passed when the pupil now starts a cycle
      // (xC1), failed when they stay in the same cycle.
      if (cycles.length >= 2) {
        const last = cycles[cycles.length - 2] ?? ''
        if (repeats)
          exams.push({ pupil: p.id, year: 1, lineIndex: 0, cycle: last, result: 'non_admis' })
        else if (code.endsWith('C1') && code !== '1C1')
          exams.push({ pupil: p.id, year: 1, lineIndex: 0, cycle: last, result: 'admis' })
      }
    } else if (age < 18 && r < 0.82) {
      const key = age < 12 ? 'Danse Enf' : 'Danse Ado'
      const course = seat(site, key)
      for (let back = 0; back <= history; back++)
        years[2 - back] = [{ course, cursus: 'Danse hors cursus', cycle: key }]
    } else if (age < 18) {
      const key = age < 12 ? 'Th enf' : 'Th ado'
      const course = seat(site, key)
      for (let back = 0; back <= history; back++)
        years[2 - back] = [{ course, cursus: 'Théâtre', cycle: `T${1 + history - back}` }]
    } else {
      // Adults: hors cursus, parcours personnalisé, danse or théâtre.
      const course =
        r < 0.35
          ? {
              course: seat(
                site,
                `${pick(rand, ['Piano', 'Guitare', 'Chant', 'Saxophone'] as const)}|HC`,
              ),
              cursus: 'Musique hors cursus',
              cycle: 'HC',
            }
          : r < 0.5
            ? { course: seat(1, 'PP'), cursus: 'Parcours personnalisé', cycle: 'PP' }
            : r < 0.75
              ? { course: seat(site, 'Danse Ad'), cursus: 'Danse hors cursus', cycle: 'Danse Ad' }
              : { course: seat(site, 'Th ad'), cursus: null, cycle: null }
      years[2] = [course]
      if (rand() < 0.3) years[2].push({ course: seat(site, 'Chorale'), cursus: null, cycle: null })
      for (let back = 1; back <= history; back++) years[2 - back] = [course]
    }
    lines.set(p.id, years)
  }

  // Courses of the three years: the same list, each year's copied from the year before.
  const courseRows: object[] = []
  const courseId = (year: number, c: Course) => year * courses.length + c.id
  YEARS.forEach((_, year) => {
    for (const c of courses) {
      courseRows.push({
        id: courseId(year, c),
        school_year_id: yearIds[year],
        site_id: c.site,
        discipline_id: disciplineIds.get(c.discipline),
        teacher_id: c.teacher,
        label: c.label,
        kind: c.kind,
        weekday: c.weekday,
        start_time: c.start,
        duration_minutes: c.duration,
        room: c.room,
        capacity: c.capacity,
        horaires_amenages: c.amenages,
        previous_course_id: year > 0 ? courseId(year - 1, c) : null,
        ...stamp,
      })
    }
  })
  await trx.batchInsert('courses', courseRows, 400)

  // Enrolments, and what follows them.
  const enrolments: object[] = []
  const evaluations: object[] = []
  const absences: object[] = []
  const suivi: object[] = []
  const works: object[] = []
  const firstIds = new Map<string, number>() // "pupil|year" → id of the first line's enrolment
  for (const [pupil, years] of lines) {
    years.forEach((yearLines, year) => {
      const y = YEARS[year]
      if (!y) return
      const sure = namedIds.has(pupil) // the named pupils show something in every tab
      yearLines.forEach((line, i) => {
        const id = enrolments.length + 1
        if (i === 0) firstIds.set(`${pupil}|${year}`, id)
        const cycleId =
          line.cursus && line.cycle ? (cycleIds.get(`${line.cursus}|${line.cycle}`) ?? null) : null
        enrolments.push({
          id,
          pupil_id: pupil,
          course_id: courseId(year, line.course),
          cursus_id: line.cursus ? (cursusIds.get(line.cursus) ?? null) : null,
          cycle_id: cycleId,
          starts_on: y.startsOn,
          ends_on: year === 2 ? null : y.endsOn,
          ...stamp,
        })
        const yearOf = Number(y.startsOn.slice(0, 4))
        // Absences (the current year until mid-November), évaluations, suivi.
        if (sure || rand() < 0.2) {
          const month = year === 2 ? pick(rand, ['09', '10', '11']) : pick(rand, ['10', '12', '03'])
          const when = `${month < '09' ? yearOf + 1 : yearOf}-${month}-${String(2 + Math.floor(rand() * 14)).padStart(2, '0')}`
          const justified = rand() < 0.6
          absences.push({
            enrolment_id: id,
            absent_on: when,
            justified,
            reason: justified ? pick(rand, ABSENCE_REASONS) : '',
            ...stamp,
          })
        }
        if (sure || rand() < (year === 2 ? 0.25 : 0.5)) {
          const mark = Math.round((8 + rand() * 12) * 2) / 2
          evaluations.push({
            enrolment_id: id,
            evaluated_on:
              year === 2
                ? `2026-11-${String(3 + Math.floor(rand() * 14)).padStart(2, '0')}`
                : `${yearOf + 1}-02-${String(2 + Math.floor(rand() * 20)).padStart(2, '0')}`,
            kind: rand() < 0.7 ? 'controle_continu' : 'audition',
            cycle_id: cycleId,
            mark,
            mention: '',
            appreciation: appreciationOf(mark, rand),
            jury: '',
            result: null,
            ...stamp,
          })
        }
        if (sure || rand() < 0.2) {
          suivi.push({
            enrolment_id: id,
            noted_on: year === 2 ? '2026-10-15' : `${yearOf + 1}-01-20`,
            text: pick(rand, SUIVI_TEXTS),
            ...stamp,
          })
        }
        if (line.course.kind === 'individuel' && (sure || rand() < 0.6)) {
          const count = 1 + Math.floor(rand() * 2)
          for (let w = 0; w < count; w++) {
            const [composer, title] = pick(
              rand,
              WORKS_BY_DISCIPLINE[line.course.discipline] ?? WORKS,
            )
            works.push({
              pupil_id: pupil,
              school_year_id: yearIds[year],
              course_id: courseId(year, line.course),
              composer,
              title,
              ...stamp,
            })
          }
        }
      })
    })
  }
  for (const exam of exams) {
    const id = firstIds.get(`${exam.pupil}|${exam.year}`)
    if (!id) continue
    const admis = exam.result === 'admis'
    const mark = admis ? 12 + Math.floor(rand() * 8) : 6 + Math.floor(rand() * 4)
    evaluations.push({
      enrolment_id: id,
      evaluated_on: '2026-06-12',
      kind: 'examen_fin_cycle',
      cycle_id: cycleIds.get(`${diplome}|${exam.cycle}`) ?? null,
      mark,
      mention: admis
        ? mark >= 16
          ? 'Très bien'
          : mark >= 14
            ? 'Bien'
            : 'Assez bien'
        : 'Insuffisant',
      appreciation: admis ? 'Passe dans le cycle suivant.' : 'Redouble le cycle.',
      jury: JURY,
      result: exam.result,
      ...stamp,
    })
  }
  await trx.batchInsert('enrolments', enrolments, 400)
  await trx.batchInsert('evaluations', evaluations, 400)
  await trx.batchInsert('absences', absences, 400)
  await trx.batchInsert('suivi_notes', suivi, 400)
  await trx.batchInsert('repertoire_works', works, 400)
  return {
    schoolYears: YEARS.length,
    disciplines: disciplineRows.length,
    cursus: CURSUS.length,
    cycles: cycleInserts.length,
    teachers: TEACHERS.length,
    coursesPerYear: courses.length,
    enrolments: enrolments.length,
    evaluations: evaluations.length,
    absences: absences.length,
    suiviNotes: suivi.length,
    repertoireWorks: works.length,
  }
}
