// The roll call of a course for one date: the page a teacher opens at every lesson.
//
// Its pupils (the course's enrolments, with their names, in the order of a class list) change a few
// times a year; its absences change with every date. The pupils are kept in memory for each
// connection with the course's roster_revision, a random number that triggers change at every
// change of its enrolments or of the names of its pupils, by any connection (migration
// 20261207000000): the roll call reads the revision with the course's school year, in the same
// transaction, and reads the pupils again when it is not the one they were kept at. What it reads
// at every lesson is then the absences of the date (in one process: 15 pupils 38 → 15 µs, 30
// pupils 66 → 20 µs; the Accueil 23).
import type { Trx } from '../../connection.ts'
import { sqlOf, type Sql } from '../../prepared.ts'
import { dateRefusal, PEDAGOGY_MESSAGES as M, parseDay } from '../../rules/pedagogy.ts'
import { notFound, refuse } from './common.ts'

/** A line of the roll call: what its grid shows and sends back. */
export interface RollCallLine {
  enrolmentId: number
  lastName: string
  firstName: string
  absent: boolean
  justified: boolean
  reason: string
}

export interface RollCall {
  date: string
  lines: RollCallLine[]
}

/** A course's school year (its label, first and last days) and the revision of its pupils. */
const COURSE = `SELECT school_years.label, school_years.starts_on, school_years.ends_on,
    courses.roster_revision
  FROM courses JOIN school_years ON school_years.id = courses.school_year_id
  WHERE courses.id = ?`

/** Every enrolment of a course (a course is of one school year), by name, then by enrolment. */
const ROSTER = `SELECT enrolments.id, enrolments.starts_on, enrolments.ends_on,
    pupils.last_name, pupils.first_name
  FROM enrolments JOIN pupils ON pupils.id = enrolments.pupil_id
  WHERE enrolments.course_id = ?
  ORDER BY pupils.sort_key, enrolments.id`

/** The absences of a course on a date (one per enrolment at most). */
const ABSENCES = `SELECT absences.enrolment_id, absences.justified, absences.reason
  FROM enrolments
  JOIN absences ON absences.enrolment_id = enrolments.id AND absences.absent_on = @date
  WHERE enrolments.course_id = @courseId`

/** An enrolment of the roster: its days, and the start of its line's JSON (up to its name). */
interface RosterLine {
  id: number
  startsOn: string
  endsOn: string | null
  head: string
}

/** Courses kept for each connection, at most: the oldest kept is let go first. */
const KEPT_COURSES = 500

const kept = new WeakMap<Sql, Map<number, { revision: number; lines: readonly RosterLine[] }>>()

/** The enrolments of course `courseId` when its roster_revision is `revision`: kept, or read. */
function rosterAt(sql: Sql, courseId: number, revision: number): readonly RosterLine[] {
  let courses = kept.get(sql)
  if (!courses) kept.set(sql, (courses = new Map()))
  const known = courses.get(courseId)
  if (known?.revision === revision) return known.lines
  const rows = sql.all<{
    id: number
    starts_on: string
    ends_on: string | null
    last_name: string
    first_name: string
  }>(ROSTER, courseId)
  const lines = rows.map((r) => ({
    id: r.id,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    head: `{"enrolmentId":${r.id},"lastName":${JSON.stringify(r.last_name)},"firstName":${JSON.stringify(r.first_name)}`,
  }))
  courses.delete(courseId)
  if (courses.size >= KEPT_COURSES) courses.delete(courses.keys().next().value as number)
  courses.set(courseId, { revision, lines })
  return lines
}

const PRESENT = ',"absent":false,"justified":false,"reason":""}'

/**
 * The roll call of a date as the JSON text of a RollCall, which the route sends as it is: the
 * pupils enrolled in the course on that date, by name, each present or absent (justified, reason).
 * The date must be in the course's school year. Two prepared statements (three when the course's
 * pupils changed since they were kept).
 */
export function rollCallJson(sql: Sql, courseId: number, rawDate: unknown): string {
  const date = parseDay(rawDate)
  if (!date) throw refuse('VALIDATION', 'date', dateRefusal(rawDate))
  const course = sql.get<{
    label: string
    starts_on: string
    ends_on: string
    roster_revision: number
  }>(COURSE, courseId)
  if (!course) throw notFound('Ce cours est introuvable.')
  if (date < course.starts_on || date > course.ends_on)
    throw refuse('VALIDATION', 'date', M.outsideYear(course.label))
  const roster = rosterAt(sql, courseId, course.roster_revision)
  const absences = new Map(
    sql
      .all<{
        enrolment_id: number
        justified: number
        reason: string
      }>(ABSENCES, { courseId, date })
      .map((a) => [a.enrolment_id, a]),
  )
  const lines: string[] = []
  for (const line of roster) {
    if (line.startsOn > date || (line.endsOn !== null && line.endsOn < date)) continue
    const absence = absences.get(line.id)
    lines.push(
      absence
        ? `${line.head},"absent":true,"justified":${absence.justified ? 'true' : 'false'},"reason":${JSON.stringify(absence.reason)}}`
        : line.head + PRESENT,
    )
  }
  return `{"date":${JSON.stringify(date)},"lines":[${lines.join(',')}]}`
}

/** The roll call of a date (see rollCallJson), read back as objects. */
export function rollCallNow(sql: Sql, courseId: number, rawDate: unknown): RollCall {
  return JSON.parse(rollCallJson(sql, courseId, rawDate)) as RollCall
}

export async function rollCall(trx: Trx, courseId: number, rawDate: unknown): Promise<RollCall> {
  return rollCallNow(await sqlOf(trx), courseId, rawDate)
}
