// What a conservatoire teaches, without I/O: the weekdays and times of a course, the dates of a
// school year, the next cycle of a cursus, the kinds of courses and évaluations, and the French
// messages the services answer with. The server and both apps read them from here.

/** Monday is 1 … Sunday is 7 (ISO), as courses.weekday keeps them. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const
export type Weekday = (typeof WEEKDAYS)[number]

const WEEKDAY_LABELS: Record<Weekday, string> = {
  1: 'lundi',
  2: 'mardi',
  3: 'mercredi',
  4: 'jeudi',
  5: 'vendredi',
  6: 'samedi',
  7: 'dimanche',
}

/** "mardi" for 2; '' for no day (a course whose timetable is not set yet). */
export function weekdayLabel(day: number | null): string {
  return day !== null && day in WEEKDAY_LABELS ? WEEKDAY_LABELS[day as Weekday] : ''
}

export function isWeekday(value: unknown): value is Weekday {
  return typeof value === 'number' && (WEEKDAYS as readonly number[]).includes(value)
}

/** "17:30", "17h30", "17h", "9:05", "1730" → "17:30" / "09:05"; null if it is not a time of day. */
export function parseTime(raw: unknown): string | null {
  if (typeof raw !== 'string') return null
  const match =
    /^(\d{1,2})\s*[:hH]\s*(\d{2})?$/.exec(raw.trim()) ?? /^(\d{2})(\d{2})$/.exec(raw.trim())
  if (!match) return null
  const hours = Number(match[1])
  const minutes = Number(match[2] ?? '0')
  if (hours > 23 || minutes > 59) return null
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`
}

/** "17:30" plus 45 minutes → "18:15" (the end of a course; past midnight it wraps). */
export function addMinutes(time: string, minutes: number): string {
  const [h = 0, m = 0] = time.split(':').map(Number)
  const total = (((h * 60 + m + minutes) % 1440) + 1440) % 1440
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`
}

/** "mardi 17:30–18:15", the "jour et horaire" of a course; '' when its timetable is not set. */
export function slotLabel(
  weekday: number | null,
  startTime: string | null,
  durationMinutes: number | null,
): string {
  if (weekday === null || startTime === null) return ''
  const end = durationMinutes ? `–${addMinutes(startTime, durationMinutes)}` : ''
  return `${weekdayLabel(weekday)} ${startTime}${end}`
}

/**
 * A date as staff type it: "14/09/2026" (also with dots, dashes or spaces) or "2026-09-14" →
 * "2026-09-14"; null if it is not a real calendar date. Unlike a birth date, it may be in the future.
 */
export function parseDay(raw: unknown): string | null {
  if (typeof raw !== 'string') return null
  const text = raw.trim()
  const fr = /^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$/.exec(text)
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  const [y, m, d] = fr ? [fr[3], fr[2], fr[1]] : iso ? [iso[1], iso[2], iso[3]] : []
  if (!y || !m || !d) return null
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)))
  if (date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return null
  if (Number(y) < 1900 || Number(y) > 2200) return null
  // Written from its parts: toISOString costs more than the rest (some 1,3 µs, on every roll call).
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`
}

/** Made once: a formatter costs some 80 µs to make, and 1 µs to use. */
const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' })

/** The ISO date of a clock's "now" in France (a roll call at 23:30 is of that day). */
export function parisDay(now: Date): string {
  return PARIS_DAY.format(now)
}

/** The same day one year later ("2026-09-01" → "2027-09-01"; 29 February → 28 February). */
export function sameDayNextYear(day: string): string {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number)
  const next = new Date(Date.UTC(y + 1, m - 1, d))
  if (next.getUTCMonth() !== m - 1) next.setUTCDate(0)
  return next.toISOString().slice(0, 10)
}

/** "2025/2026": the label of a school year, from the years of its first and last day. */
export function schoolYearLabel(startsOn: string, endsOn: string): string {
  return `${startsOn.slice(0, 4)}/${endsOn.slice(0, 4)}`
}

/** Two periods (ISO dates, both ends included) that share at least one day. */
export function periodsOverlap(
  a: { startsOn: string; endsOn: string },
  b: { startsOn: string; endsOn: string },
): boolean {
  return a.startsOn <= b.endsOn && b.startsOn <= a.endsOn
}

export const COURSE_KINDS = ['individuel', 'collectif'] as const
export type CourseKind = (typeof COURSE_KINDS)[number]
export const COURSE_KIND_LABELS: Record<CourseKind, string> = {
  individuel: 'Individuel',
  collectif: 'Collectif',
}

export const EVALUATION_KINDS = ['controle_continu', 'audition', 'examen_fin_cycle'] as const
export type EvaluationKind = (typeof EVALUATION_KINDS)[number]
export const EVALUATION_KIND_LABELS: Record<EvaluationKind, string> = {
  controle_continu: 'Contrôle continu',
  audition: 'Audition',
  examen_fin_cycle: 'Examen de fin de cycle',
}

/** The outcome of an end-of-cycle exam, which goes into the pupil's history. */
export const CYCLE_RESULTS = ['admis', 'non_admis'] as const
export type CycleResult = (typeof CYCLE_RESULTS)[number]
export const CYCLE_RESULT_LABELS: Record<CycleResult, string> = {
  admis: 'Admis',
  non_admis: 'Non admis',
}

/** The mentions an évaluation may carry instead of (or beside) a mark out of 20. */
/** "15,5/20"; '' without a mark. */
export function markLabel(mark: number | null): string {
  return mark === null ? '' : `${String(mark).replace('.', ',')}/20`
}

/** "15/20 — Bien": the mark and the mention, either one alone. */
export function markAndMention(e: { mark: number | null; mention: string }): string {
  return [markLabel(e.mark), e.mention].filter(Boolean).join(' — ')
}

export const MENTIONS = ['Très bien', 'Bien', 'Assez bien', 'Passable', 'Insuffisant'] as const

export const CIVILITIES = ['Monsieur', 'Madame'] as const

/** "G. BRANTOME": how the pupil's tabs name a teacher. */
export function teacherShortName(firstName: string, lastName: string): string {
  const initial = firstName.trim().charAt(0)
  return initial ? `${initial.toUpperCase()}. ${lastName}` : lastName
}

/** A cycle as the progression needs it. */
export interface CycleStep {
  id: number
  cursusId: number
  position: number
  nextCycleId: number | null
  archived: boolean
}

/**
 * The cycle that follows `cycleId`: the one it names as its next, or else the next one of its
 * cursus by position (archived cycles skipped); null at the end of the cursus (or for an unknown id).
 */
export function nextCycle(cycles: readonly CycleStep[], cycleId: number): CycleStep | null {
  const cycle = cycles.find((c) => c.id === cycleId)
  if (!cycle) return null
  if (cycle.nextCycleId !== null) return cycles.find((c) => c.id === cycle.nextCycleId) ?? null
  const later = cycles
    .filter((c) => c.cursusId === cycle.cursusId && !c.archived && c.position > cycle.position)
    .sort((a, b) => a.position - b.position || a.id - b.id)
  return later[0] ?? null
}

const blank = (raw: unknown) =>
  raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')

/** Why a date typed is refused: nothing typed is a field to fill, anything else is no date. */
export function dateRefusal(raw: unknown): string {
  return blank(raw) ? PEDAGOGY_MESSAGES.required : PEDAGOGY_MESSAGES.notADate
}

/** Why a time typed is refused: nothing typed is a field to fill, anything else is no time. */
export function timeRefusal(raw: unknown): string {
  return blank(raw) ? PEDAGOGY_MESSAGES.required : PEDAGOGY_MESSAGES.notATime
}

/** The French messages of the pedagogy services, one place for the tests and the apps. */
export const PEDAGOGY_MESSAGES = {
  fix: 'Certains champs sont à corriger.',
  required: 'Ce champ est obligatoire.',
  choose: 'Choisissez dans la liste.',
  tooLong: (max: number) => `Ce texte est trop long (${max} caractères au plus).`,
  notADate: 'Ce n’est pas une date (jj/mm/aaaa).',
  notATime: 'Ce n’est pas une heure (hh:mm).',
  endBeforeStart: 'La fin doit venir après le début.',
  yearSpan:
    'Une année scolaire va d’une année à la suivante (par exemple du 01/09/2026 au 04/07/2027).',
  yearOverlaps: (label: string) => `Ces dates chevauchent l’année scolaire ${label}.`,
  nextYearStartsAfter: (end: string) =>
    `L’année suivante commence après la fin de l’année en cours (${end}).`,
  noCurrentYear: 'Aucune année scolaire n’est l’année en cours.',
  nameTaken: 'Ce nom est déjà pris.',
  codeTaken: 'Ce cursus a déjà un cycle de ce nom.',
  nextCycleOtherCursus: 'Le cycle suivant doit être un cycle du même cursus.',
  nextCycleItself: 'Un cycle ne peut pas se suivre lui-même.',
  archived: 'Cet élément est archivé.',
  weekday: 'Choisissez un jour de la semaine.',
  duration: 'Une durée en minutes, de 5 à 600.',
  capacity: 'Un nombre d’élèves, de 1 à 500.',
  capacityBelowCount: (count: number) =>
    `Ce cours a déjà ${count} élève${count > 1 ? 's' : ''} inscrit${count > 1 ? 's' : ''} : la capacité ne peut pas être plus petite.`,
  slotPartial: 'Donnez le jour, l’heure et la durée, ou aucun des trois.',
  email: 'Cette adresse e-mail n’est pas valide.',
  phone: 'Ce numéro de téléphone n’est pas valide.',
  staffNotTeacher: 'Ce compte n’a pas le rôle Enseignant.',
  staffTaken: 'Ce compte est déjà lié à un autre enseignant.',
  teacherHasCourses: (count: number) =>
    `Cet enseignant a encore ${count} cours cette année ou la suivante : confiez-les à un autre enseignant avant de l’archiver.`,
  courseHasPupils: (count: number) =>
    `Ce cours a encore ${count} élève${count > 1 ? 's' : ''} inscrit${count > 1 ? 's' : ''} : terminez leurs inscriptions avant de l’archiver.`,
  courseOtherYear: (label: string) => `Ce cours est de l’année scolaire ${label}.`,
  courseOtherSite: (courseSite: string, familySite: string) =>
    `Ce cours a lieu au site « ${courseSite} », la famille est du site « ${familySite} ».`,
  courseFull: (capacity: number) =>
    `Ce cours est complet (${capacity} élève${capacity > 1 ? 's' : ''} au plus).`,
  alreadyEnrolled: 'Cet élève est déjà inscrit à ce cours.',
  cycleOtherCursus: (cycle: string, cursus: string) =>
    `Le cycle ${cycle} n’est pas un cycle du cursus « ${cursus} ».`,
  cycleWithoutCursus: 'Choisissez d’abord le cursus de ce cycle.',
  outsideYear: (label: string) => `Cette date n’est pas dans l’année scolaire ${label}.`,
  alreadyEnded: 'Cette inscription est déjà terminée.',
  enrolmentFollowed:
    'Cette inscription a déjà un suivi, des évaluations ou des absences : terminez-la plutôt.',
  notInCourse: 'Cet élève n’est pas inscrit à ce cours à cette date.',
  mark: 'Une note sur 20, de 0 à 20.',
  markOrMention: 'Donnez une note ou une mention.',
  mention: 'Choisissez une mention de la liste.',
  kind: 'Choisissez un type d’évaluation.',
  result: 'Pour un examen de fin de cycle, dites si l’élève est admis.',
  resultOnlyForExam: 'Seul un examen de fin de cycle a un résultat.',
} as const

/** The columns of the Cours list and of its export, as on the screen. */
export const COURSE_COLUMNS = [
  { key: 'label', title: 'Cours', sortable: true },
  { key: 'discipline', title: 'Discipline', sortable: true },
  { key: 'teacher', title: 'Enseignant', sortable: true },
  { key: 'schedule', title: 'Jour et horaire', sortable: true },
  { key: 'room', title: 'Salle', sortable: false },
  { key: 'site', title: 'Site', sortable: true },
  { key: 'effectif', title: 'Effectif', sortable: true },
  { key: 'horairesAmenages', title: 'Ha', sortable: false },
] as const satisfies readonly { key: string; title: string; sortable: boolean }[]

export type CourseSort = Extract<(typeof COURSE_COLUMNS)[number], { sortable: true }>['key']

/** The columns of the Enseignants list and of its export. */
export const TEACHER_COLUMNS = [
  { key: 'civility', title: 'Civilité', sortable: false },
  { key: 'lastName', title: 'Nom', sortable: true },
  { key: 'firstName', title: 'Prénom', sortable: true },
  { key: 'email', title: 'E-mail', sortable: false },
  { key: 'phone', title: 'Téléphone', sortable: false },
  { key: 'disciplines', title: 'Disciplines', sortable: false },
  { key: 'active', title: 'Actif', sortable: false },
] as const satisfies readonly { key: string; title: string; sortable: boolean }[]
