// The pupil's "Établissement scolaire": chosen from the list of schools that staff keep, or one of
// the two answers of the seeds for a pupil who is not at school or whose school is not listed.

export const NOT_AT_SCHOOL = 'Non scolarisé-e'
export const SCHOOL_NOT_LISTED = 'Établissement non-répertorié'

/** The answers always offered, after the schools of the list. */
export const SCHOOL_FIXED_CHOICES: readonly string[] = [NOT_AT_SCHOOL, SCHOOL_NOT_LISTED]

export interface School {
  id: number
  name: string
  city: string
}

/** "Collège du Golfe — SAINTE-MAXIME": how a school is shown and kept on the pupil's record. */
export function schoolLabel(school: { name: string; city: string }): string {
  return `${school.name} — ${school.city}`
}

/** Every answer a form offers for the school, in the order of the list. */
export function schoolChoices(schools: readonly { name: string; city: string }[]): string[] {
  return [...schools.map(schoolLabel), ...SCHOOL_FIXED_CHOICES]
}

export type SchoolCheck =
  | { ok: true; value: { name: string; city: string } }
  | { ok: false; errors: Record<string, string> }

/** A school of the list as staff type it: a name and a commune, both required. */
export function checkSchool(input: { name: unknown; city: unknown }): SchoolCheck {
  const clean = (v: unknown) => (typeof v === 'string' ? v.trim().replace(/\s+/g, ' ') : '')
  const name = clean(input.name)
  const city = clean(input.city).toUpperCase()
  const errors: Record<string, string> = {}
  if (!name) errors['name'] = 'Nom : ce champ est obligatoire.'
  else if (name.length > 120) errors['name'] = 'Ce nom est trop long (120 caractères au plus).'
  if (!city) errors['city'] = 'Commune : ce champ est obligatoire.'
  else if (city.length > 100) errors['city'] = 'Ce nom est trop long (100 caractères au plus).'
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: { name, city } }
}
