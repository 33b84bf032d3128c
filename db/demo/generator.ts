// Generated demo families: deterministic (seeded), so that the demo is the same on every run.
import { SCHOOL_LEVELS as ALL_SCHOOL_LEVELS } from '../rules/record-fields.ts'
import { foldForSearch } from '../rules/text.ts'
import { FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES, PROFESSIONS, STREETS, TOWNS } from './names.ts'
import type { DemoFamily, DemoGuardian, DemoPupil } from './types.ts'

/** A small deterministic random generator (mulberry32): the same demo on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// The school years of the demo's pupils: CP to Terminale, as the forms offer them.
const SCHOOL_LEVELS = ALL_SCHOOL_LEVELS.slice(
  ALL_SCHOOL_LEVELS.indexOf('CP'),
  ALL_SCHOOL_LEVELS.indexOf('Terminale') + 1,
)

function phone(rand: () => number, prefix: string): string {
  const digits = Array.from({ length: 4 }, () => String(Math.floor(rand() * 100)).padStart(2, '0'))
  return `${prefix} ${digits.join(' ')}`
}

function pick<T>(rand: () => number, list: readonly [T, ...T[]]): T {
  return list[Math.floor(rand() * list.length)] ?? list[0]
}

export function generatedFamily(
  rand: () => number,
  index: number,
  sites: [number, number],
): DemoFamily {
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
